#include <linux/inp.h>
enum { VENDOR_ID = 0x0d8c };
int b = BTN_J;
int f = __forced_attr;
int v = VENDOR_ID;
