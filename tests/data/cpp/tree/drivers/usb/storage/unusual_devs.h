/* Included twice by usual-tables.c, with two definitions of UNUSUAL_DEV. */
UNUSUAL_DEV(0x03eb, 0x2002, 0x0100, 0x0100, "ATMEL", "SND1 Storage",
		USB_SC_DEVICE, USB_PR_DEVICE, NULL, US_FL_IGNORE_RESIDUE),

#if IS_ENABLED(CONFIG_USB_STORAGE_DATAFAB)
UNUSUAL_DEV(0x07c4, 0xa400, 0x0000, 0xffff, "Datafab", "KECF-USB",
		USB_SC_DEVICE, USB_PR_DEVICE, NULL, 0),
#endif
