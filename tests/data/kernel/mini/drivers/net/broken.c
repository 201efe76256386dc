#include <linux/module.h>
#include <linux/pci.h>

#if IS_ENABLED(CONFIG_X)
static const struct pci_device_id broken_ids[] = {
	{ PCI_DEVICE(0x1, 0x2) },
	{ }
};
MODULE_DEVICE_TABLE(pci, broken_ids);
MODULE_ALIAS("broken-still-seen");
