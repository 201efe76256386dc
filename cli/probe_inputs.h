// The probe inputs every hardware-facing command takes (probe, match, and later resolve):
//   --sysfs-root DIR|FILE.tar   a root with sys/ and proc/ (a snapshot dir or tarball; "/" is this machine)
//   --lspci FILE  --lsusb FILE  --modaliases FILE  --facter FILE   text inputs ("-": stdin)
//   --udev  --libpci  --libusb  live sources on this machine
//   --no-mounts                 leave out file systems and the block stack under them
// With no input at all, this machine's sysfs and mounts are probed (root "/").
#pragma once

#include "cli/args.h"
#include "cli/command.h"
#include "probe/device.h"

#include <optional>
#include <vector>

namespace hw::cli {

// The command's own options followed by the probe inputs.
std::vector<OptionSpec> with_probe_inputs(std::initializer_list<OptionSpec> own);
std::vector<OptionSpec> with_probe_inputs(std::vector<OptionSpec> own);

// Collects the devices the arguments name. Problems are printed to io.err as they read; returns
// nullopt (the command should exit 1) when an input could not be read at all or nothing was found
// while errors were reported.
std::optional<probe::Probe> collect_devices(const Args& args, std::string_view cmd, Io& io);

}  // namespace hw::cli
