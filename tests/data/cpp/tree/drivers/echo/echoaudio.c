#include <linux/module.h>
MODULE_DEVICE_TABLE(pci, snd_echo_ids);
static int snd_echo_probe(struct pci_dev *pci)
{
	return ECHO_ID;
}
MODULE_ALIAS("echo:" KBUILD_MODNAME);
