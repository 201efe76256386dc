#include <linux/module.h>
#include <linux/fs.h>
#include <linux/pci.h>
#include <sound/core.h>
#include "foo.h"

static const struct pci_device_id foo_ids[] = {
	{ PCI_VDEVICE(INTEL, FOO_DEVICE_ID), board_a },
	{ PCI_DEVICE(0x10ec, 0x8139) },
#if IS_ENABLED(CONFIG_FOO_EXTRA)
	{ PCI_DEVICE_CLASS(PCI_CLASS_STORAGE_SATA_AHCI, ~0) },
#endif
	{ }
};
MODULE_DEVICE_TABLE(pci, foo_ids);

static int foo_probe(void)
{
	return FOO_DEVICE_ID;
}

MODULE_ALIAS_FS("foofs");
MODULE_ALIAS_CHARDEV_MAJOR(CONFIG_SND_MAJOR);
MODULE_FIRMWARE("foo/fw.bin");
MODULE_LICENSE("GPL");
