// USB interfaces from the text of lsusb (usbutils).
//
// The kernel gives each interface of the active configuration a modalias (usb_modalias, see
// usb_modalias in device.h) built from the device descriptor and the interface's current
// alternate setting (setting 0 after enumeration); USB devices themselves have none.
// - `lsusb -v` carries every field: one Device per interface of the first configuration listed
//   (the kernel's choice among several configurations is not in the text: a known gap), taken
//   from alternate setting 0. bcdDevice is printed as "%2x.%02x" ("6.01" -> 0x0601).
// - plain `lsusb` carries only vendor:product: one `incomplete` Device per USB device, other
//   fields `*`.
// Slot is "BUS:DEV" for a device and "BUS:DEV:CONFIG.IFNUM" for an interface ("001:002:1.0";
// lsusb does not show the port path sysfs uses). Name is the text after the IDs on the
// "Bus ... ID vvvv:pppp" line. Source is "lsusb".
#pragma once

#include <string_view>

#include "probe/device.h"

namespace hw::probe {

// Plain and -v forms, auto-detected per device; `path` is used in diagnostics.
Probe parse_lsusb(std::string_view text, std::string_view path);

}  // namespace hw::probe
