// A snapshot: what the probe reads on a machine, in a tar file that can be unpacked anywhere and
// given as the root to probe_sysfs/probe_mounts (--sysfs-root) on another machine.
//
// Contents (paths relative to the root, symbolic links kept as links so relative sysfs links
// resolve inside the unpacked tree): every sys/bus/*/devices/* link, and in each device
// directory and its parent the identification attributes (modalias, uevent, vendor, device,
// subsystem_vendor, subsystem_device, class, revision, the USB id*/b*Class/bcdDevice/
// bInterface* files, product, manufacturer, name) and the driver and subsystem links, with each
// driver's `module` link; sys/devices/system/cpu/modalias; sys/devices/virtual/dmi/id/{modalias,
// sys_vendor, product_name, ...}; proc/self/mountinfo; sys/dev/block/* and sys/block/* links with
// each block device's dev, partition, dm/uuid, dm/name, md/level, device and slaves/* links,
// and the modalias and subsystem link of every device above it. Not all of /sys: a few hundred
// KiB for a laptop. Format: POSIX ustar with pax headers for names over 100 bytes.
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace hw::probe {

// Reads below `root` ("/" live) and writes `tar`. Unreadable attributes are left out; errors are
// about the root or the output file.
std::expected<void, std::string> write_snapshot(const std::filesystem::path& root,
                                                const std::filesystem::path& tar);

// Unpacks a snapshot written by write_snapshot into `dir` (created if needed). Entries with
// absolute paths or ".." components, and link targets that are absolute, are refused.
std::expected<void, std::string> extract_snapshot(const std::filesystem::path& tar,
                                                  const std::filesystem::path& dir);

}  // namespace hw::probe
