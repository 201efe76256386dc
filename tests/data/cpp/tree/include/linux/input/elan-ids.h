/* A device table defined in a global header (like include/linux/input/elan-i2c-ids.h). */
#ifndef __ELAN_IDS_H
#define __ELAN_IDS_H

#include <linux/mod_devicetable.h>

#define ELAN_ID(s) { s, 0 }

static const struct acpi_device_id elan_ids[] = {
	ELAN_ID("ELAN0000"),
	{ "ELAN0100", 0 },
	{ }
};

#endif
