// The devices a machine's kernel presents, read from sysfs below a root ("/" live, or a snapshot
// directory written by write_snapshot and unpacked).
#pragma once

#include <filesystem>

#include "probe/device.h"

namespace hw::probe {

// Every ROOT/sys/bus/*/devices/* whose directory has a `modalias` file (exactly what
// `cat /sys/bus/*/devices/*/modalias` prints, one Device per line, in that order), then the CPU's
// ROOT/sys/devices/system/cpu/modalias (bus and source "cpu") and the firmware's
// ROOT/sys/devices/virtual/dmi/id/modalias (bus and source "dmi"; udev loads modules for it
// although it is on no bus) when present. Bus devices have source "sysfs", slot = the directory
// name, sysfs_path/parent = the resolved device directory and its parent ("/sys/devices/..."),
// driver = basename of the `driver` link, module = basename of driver/module (empty for built-in
// drivers), ids decoded from pci:/usb: modaliases, name = the USB device's `product` for USB
// interfaces. Unreadable files give a warning and are skipped; a missing root or a root without
// sys/bus gives an error and no devices.
Probe probe_sysfs(const std::filesystem::path& root);

}  // namespace hw::probe
