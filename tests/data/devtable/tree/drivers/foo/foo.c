// SPDX-License-Identifier: GPL-2.0
/* Test fixture for hw::devtable extraction through the real preprocessor. */
#include <linux/module.h>
#include <linux/pci.h>

enum foo_board { FOO_BOARD_A, FOO_BOARD_B = 5, FOO_BOARD_C };
#define FOO_DEV_BASE 0x0100

static const struct pci_device_id foo_ids[] = {
	{ PCI_VDEVICE(FOO, FOO_DEV_BASE + 1), FOO_BOARD_C },
	{ PCI_DEVICE(PCI_VENDOR_ID_FOO, 0x0200), .driver_data = (kernel_ulong_t)&foo_info },
#if IS_ENABLED(CONFIG_FOO_EXTRA)
	{ PCI_DEVICE(0x1234, 0x5678) },
#endif
	{ PCI_DEVICE_CLASS(0x0c0330, ~0) },
	{ }
};
MODULE_DEVICE_TABLE(pci, foo_ids);

#ifdef CONFIG_FOO_LEGACY
#define FOO_ENTRY(dev) { PCI_DEVICE(0x1234, dev) },
static const struct pci_device_id foo_legacy_ids[] = {
#include "foo_ids.h"
	{ }
};
MODULE_DEVICE_TABLE(pci, foo_legacy_ids);
#endif

MODULE_DEVICE_TABLE(pci, foo_missing_ids);
MODULE_ALIAS("foo-" KBUILD_MODNAME);
MODULE_ALIAS_FS("foofs");
MODULE_FIRMWARE("foo/fw-" "1.bin");
MODULE_SOFTDEP("pre: crc32c");
MODULE_LICENSE("GPL");
