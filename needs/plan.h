// From a machine's devices to the Kconfig symbols it needs, each with the reason it is there:
//
//   device --modalias--> alias pattern(s) --> module --> its Kbuild path condition and the
//   alias entry's #if condition --> symbols (with y or m)
//
// plus what no device table names:
//   * HID devices behind a USB HID interface that usbhid has not created yet (the probed kernel
//     lacked it, or a text input): "hid:b0003g*v<vendor>p<product>", so HID sub-drivers that
//     claim that vendor/product are found;
//   * companions (a data table: drivers that load others at run time, request_module users,
//     codec drivers under an HDA controller) and the index's MODULE_SOFTDEPs, resolved as modprobe
//     resolves a name (aliases included);
//   * the CPU: its vendor's CPU_SUP_* symbol;
//   * extra needs from a profile (NixOS' list), passed in as ready Needs.
// Built in rather than modular: everything under the root file system (the devices and file
// system that `probe_mounts` reports for mount point "/"), what a built-in module needs at load
// time (softdeps, companions), objects that cannot be modules, and everything with
// Policy::Builtin.
//
// Pure: the catalog, the devices and the base's symbol states in, values out.
#pragma once

#include "common/condition.h"
#include "needs/catalog.h"
#include "probe/device.h"
#include "resolve/resolve.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hw::needs {

enum class Policy { PreferModule, Builtin };

struct CompanionRule {
    std::string module;     // when this module is needed ...
    std::string companion;  // ... this one is too (a module name or anything modprobe resolves)
    std::string reason;
};

struct Options {
    Policy policy = Policy::PreferModule;
    std::vector<CompanionRule> companions;
    std::vector<resolve::Need> extra;  // a profile's needs, copied into the plan as they are
    // The base configuration's state of a symbol ('y', 'm', 'n'): decides between the sides of an
    // `||` in a condition (the side the base already has wins). Unset: every symbol is 'n'.
    Cond::Lookup base;
    // Whether the tree's Kconfig defines a symbol. An alias whose condition requires a symbol
    // the tree does not define (`#ifdef CONFIG_SH_SECUREEDGE5410` around a table entry, on x86)
    // does not exist in this kernel: it claims nothing. Unset: every symbol is known.
    std::function<bool(std::string_view)> known;
    // Passed to resolve::resolve (resolve::Options::exhaustive): prove 1-minimality line by line.
    bool exhaustive = false;
};

// A device as the plan saw it: the caller's device (index into the input) or one the plan
// derived (HID behind a USB interface), and the modules that claim it.
struct DeviceUse {
    probe::Device device;
    bool derived = false;
    bool root = false;                 // on the way to the root file system
    std::vector<uint32_t> modules;     // Catalog module ids, ascending
};

struct ModuleUse {
    uint32_t module = 0;               // Catalog module id
    bool builtin = false;
    std::vector<std::string> reasons;  // "pci:v...  (device 0000:00:1f.2)", "softdep of ext4", ...
    // Only companions and softdeps ask for it: optional, as modprobe treats a softdep it cannot
    // load (a softdep naming another arch's module: vfio's vfio_iommu_spapr_tce).
    bool soft = false;
};

struct Plan {
    std::vector<DeviceUse> devices;
    std::vector<ModuleUse> modules;    // in the order they were first needed
    std::vector<resolve::Need> needs;  // one per (symbol, reason), in the same order
    std::vector<bool> soft_needs;      // parallel to needs: it comes from a soft module only
    std::vector<std::string> notes;    // what could not be turned into a need, and why
};

Plan plan(const Catalog& catalog, const std::vector<probe::Device>& devices, const Options& options);

// "X" / "X=y" / "X && Y" ... -> the symbols that must be on for the formula to hold, choosing
// among `||` sides by `base` (then the side with the fewest symbols). `builtin`: every
// enabled-atom is asked built in. Negations and MODULE atoms ask nothing.
std::vector<std::pair<std::string, resolve::Tristate>> required_symbols(const Cond& cond, bool builtin,
                                                                       const Cond::Lookup& base);

// The x86 CPU vendor's support symbol for a cpu modalias ("cpu:type:x86,ven0000fam0006..."):
// "CPU_SUP_INTEL", or "" when the vendor is not known or the CPU is not x86.
std::string cpu_vendor_symbol(std::string_view cpu_modalias);

}  // namespace hw::needs
