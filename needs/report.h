// The resolver's answer in the three output formats of `hwneeds resolve` (and, later, of
// hwneedsd): the fragment as .config lines, as a nixpkgs structuredExtraConfig, and as the
// hardware profile JSON (docs/hardware-profile.md: schema "hwneeds-profile", version 1).
#pragma once

#include "needs/answer.h"
#include "needs/catalog.h"
#include "needs/plan.h"
#include "resolve/resolve.h"

#include <map>
#include <string>
#include <vector>

namespace hw::needs {

inline constexpr int kProfileSchemaVersion = 1;

struct Report {
    std::map<std::string, std::string> index_meta;  // kernel_version, arch, srcarch, ... of the index
    std::string generator;                          // "hwneeds 0.1.0"
    std::string base;                               // "tinyconfig", "defconfig", or the base file's path
    std::string tristate;                           // "prefer-m" or "builtin"
    std::vector<std::string> profiles;              // "nixos"
    const Catalog* catalog = nullptr;
    const Plan* plan = nullptr;
    const resolve::Result* result = nullptr;
    const std::vector<Skipped>* skipped = nullptr;  // needs::Answer::skipped
};

// `CONFIG_X=y`, `CONFIG_X=m`, `# CONFIG_X is not set`, one per line, after a comment header.
std::string format_kconfig(const Report& r);
// A Nix function `{ lib, ... }: with lib.kernel; { X = yes; Y = module; Z = no; }` for
// `structuredExtraConfig = import ./file.nix { inherit lib; };`.
std::string format_nix(const Report& r);
// The hardware profile, pretty-printed JSON.
std::string format_json(const Report& r);

}  // namespace hw::needs
