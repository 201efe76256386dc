#include <linux/module.h>
#include <linux/pci.h>

static const struct pci_device_id rtl8139_pci_tbl[] = {
	{ PCI_DEVICE(0x10ec, 0x8139) },
	{ PCI_DEVICE(0x1186, 0x1300) },
	{ }
};
MODULE_DEVICE_TABLE(pci, rtl8139_pci_tbl);

MODULE_LICENSE("GPL");
