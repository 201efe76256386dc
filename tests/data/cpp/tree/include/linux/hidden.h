/* Nothing includes this header: its macros must not reach drivers/leak/leak.c. */
#define VENDOR_ID 0x0000
