// Live sources on the running machine, through the system's libraries. Each returns what it saw
// and diagnostics; when the library was not available at build time, or finds nothing to scan
// (no sysfs, no usbfs), the result holds an error diagnostic and no devices. Not thread-safe
// (libpci reports errors through process-wide callbacks).
#pragma once

#include "probe/device.h"

namespace hw::probe {

// libudev enumeration: every device with a MODALIAS property (the same set as the sysfs walk on
// "/", plus devices whose uevent carries MODALIAS without a modalias file). Source "udev",
// bus = subsystem, slot = sysname, driver from udev, module from the driver's module link.
Probe probe_udev();

// libpci: every PCI function, modalias built from the IDs libpci reads (pci_modalias), name from
// the pci.ids database ("Vendor Device"), driver from libpci. Source "libpci".
Probe probe_libpci();

// libusb: one Device per interface of each device's active configuration (alternate setting 0),
// modalias built from the descriptors (usb_modalias), slot as in sysfs ("1-2.3:1.0", root hubs
// "1-0:1.0"). Devices that cannot report an active configuration give one incomplete
// device-level entry. Source "libusb".
Probe probe_libusb();

}  // namespace hw::probe
