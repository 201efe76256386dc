// What a booting machine needs that is not a device: the file systems it mounts and the block
// stack under them, so that the root file system's modules are never forgotten.
//
// Entries (all with Device::name = the mount points they serve, space-separated):
// - bus "fs", source "mountinfo", modalias "fs-<type>" for each file system type mounted (as
//   MODULE_ALIAS_FS and the kernel's request_module("fs-%s") name it; "fuse.sshfs" -> "fs-fuse").
//   Kernel-API file systems that are always built in and never back data are skipped: proc,
//   sysfs, devtmpfs, devpts, cgroup, cgroup2, securityfs, debugfs, tracefs, bpf, mqueue,
//   configfs, fusectl, pstore, hugetlbfs, nsfs, rpc_pipefs, binfmt_misc, efivarfs is kept (a
//   module in distribution kernels), so is tmpfs (built in, harmless, says /tmp is RAM).
// - bus "block", source "block", for each block device under a mounted file system (by the
//   mount's major:minor through /sys/dev/block, following `slaves/` down to the disks):
//   "block-major-M-N" for every device on the way (blk_request_module's name),
//   device mapper: "dm-mod" and, by dm/uuid prefix, "dm-crypt" (CRYPT-), "dm-multipath"
//   (mpath-), "dm-raid" (DMRAID-); LVM (LVM-) needs only dm-mod for linear/striped volumes;
//   md raid: "md-mod" and "md-<level>" (md/level, e.g. "md-raid1", as md.c requests it);
//   a disk: the modalias of every ancestor device that has one (the disk's driver, its
//   controller, ... e.g. scsi:t-0x00 and the AHCI controller's pci: alias), with that device's
//   sysfs path and slot.
// Each modalias is listed once. Missing or unreadable files give warnings, a missing
// mountinfo an error.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "probe/device.h"

namespace hw::probe {

struct Mount {
    int major = 0, minor = 0;   // st_dev of the file system
    std::string mount_point;    // unescaped ("\040" -> ' ')
    std::string fs_type;        // "ext4", "fuse.sshfs"
    std::string source;         // "/dev/vda1"
};

// /proc/self/mountinfo (proc(5)): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [TAGS...] - TYPE SRC SUPEROPTS".
// Malformed lines give warnings and are skipped.
std::vector<Mount> parse_mountinfo(std::string_view text, std::string_view path, hw::Diagnostics& diags);

// "fs-<type>" for a mount's type, or "" when the type is skipped (see above).
std::string fs_alias(std::string_view fs_type);

// Reads ROOT/proc/self/mountinfo and ROOT/sys.
Probe probe_mounts(const std::filesystem::path& root);

}  // namespace hw::probe
