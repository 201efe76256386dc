#include <linux/module.h>
#include <linux/input/elan-ids.h>
#include <linux/input/elan-ids.h>
MODULE_DEVICE_TABLE(acpi, elan_ids);
int anyid = PCI_ANY_ID;
