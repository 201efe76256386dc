// One whole answer for a machine, from loaded parts: plan the needs of the devices, resolve
// them over the base, and check the result with the evaluator. This is the per-request work of
// `hwneeds resolve` and of the daemon; loading the index, the model and the base is not in it.
#pragma once

#include "kconfig/evaluator.h"
#include "kconfig/model.h"
#include "needs/catalog.h"
#include "needs/plan.h"
#include "resolve/resolve.h"

#include <expected>
#include <string>
#include <vector>

namespace hw::needs {

struct Skipped {
    std::string symbol;
    std::string why;
};

struct Answer {
    Plan plan;
    resolve::Result result;
    kconfig::Config final_config;       // olddefconfig(base + fragment)
    std::vector<std::string> problems;  // resolve::check_fixed_point's, for the needs that were met
    // Needs that could not be met but do not matter, moved out of result.unreachable: every
    // device of the module is claimed by another module the answer builds (usbkbd where usbhid
    // serves the keyboard, the tiny power button driver beside `button`, twofish_i586 beside
    // twofish_generic), or only a softdep or companion asks for it (optional, as modprobe treats
    // softdeps: vfio's vfio_iommu_spapr_tce on x86).
    std::vector<Skipped> skipped;
};

// `base_config`: olddefconfig(base), computed once by the caller (nullptr: computed here).
std::expected<Answer, std::string> answer(const Catalog& catalog, const kconfig::Model& model,
                                          const std::vector<kconfig::ConfigLine>& base,
                                          const kconfig::Config* base_config,
                                          const std::vector<probe::Device>& devices, const Options& options);

}  // namespace hw::needs
