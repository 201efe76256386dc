#include <linux/module.h>

static const struct acpi_device_id bar_acpi_ids[] = {
	{ "ABCD0001", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, bar_acpi_ids);
