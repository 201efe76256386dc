#define ECHO_ID 0x0070
static const struct pci_device_id snd_echo_ids[] = {
	{0x1057, 0x1801, 0xECC0, ECHO_ID, 0, 0, 0},
	{0,}
};
#include "echoaudio.c"
