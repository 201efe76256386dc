// Devices from a nixos-facter JSON report (hwinfo-based; `nixos-facter > facter.json`).
//
// Every JSON object anywhere in the report that has a string "module_alias" becomes one Device
// (the same hardware can be listed under several categories: kept once per sysfs_id and
// modalias). Fields used: module_alias -> modalias (literal, as the kernel's modalias file),
// sysfs_id ("/devices/...") -> sysfs_path "/sys/devices/...", sysfs_bus_id -> slot,
// driver -> driver, driver_module -> module, model -> name. Bus is the modalias prefix.
// Source "facter". Invalid JSON gives an error diagnostic and no devices.
#pragma once

#include <string_view>

#include "probe/device.h"

namespace hw::probe {

Probe parse_facter(std::string_view json, std::string_view path);

}  // namespace hw::probe
