// What `hwneeds resolve` and `hwneeds explain` share: read the index (Kconfig model, modules,
// aliases, softdeps), the base configuration, the probe inputs and the profiles named on the
// command line, then plan the needs and resolve them. Every step's problem is printed as
// "hwneeds CMD: ..." and turns into nullopt.
#pragma once

#include "cli/args.h"
#include "cli/command.h"
#include "kconfig/evaluator.h"
#include "kconfig/dotconfig.h"
#include "kconfig/model.h"
#include "modalias-db/db/db.h"
#include "needs/answer.h"
#include "needs/catalog.h"
#include "needs/plan.h"
#include "needs/report.h"
#include "probe/device.h"
#include "resolve/resolve.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hw::cli {

// The options both commands take (before the probe inputs).
std::vector<OptionSpec> resolution_options(std::initializer_list<OptionSpec> own);

struct Resolution {
    std::map<std::string, std::string> meta;  // the index's meta table
    kconfig::Model model;
    std::string base_name;                    // "tinyconfig", ... or the --base path
    std::vector<kconfig::ConfigLine> base;    // as olddefconfig reads it
    kconfig::Config base_config;              // olddefconfig(base)
    needs::Catalog catalog;
    probe::Probe probe;
    std::vector<std::string> profiles;
    needs::Plan plan;
    resolve::Result result;
    kconfig::Config final_config;             // olddefconfig(base + fragment)
    std::vector<std::string> problems;        // resolve::check_fixed_point on the answer
    std::vector<needs::Skipped> skipped;      // needs::Answer::skipped

    needs::Report report(std::string_view tristate) const;
};

// The command-line mistakes (exit 2): a bad --tristate, no --db. Printed; false when there is one.
bool usage_ok(const Args& args, std::string_view cmd, Io& io);

std::optional<Resolution> run_resolution(const Args& args, std::string_view cmd, Io& io);

// The index's modules, softdeps and aliases; with a config, only those a kernel built with it has.
needs::Catalog load_catalog(const db::Reader& db, const kconfig::DotConfig* config = nullptr);

// A named base (tinyconfig, allnoconfig, alldefconfig, defconfig) as olddefconfig input: the
// full .config the kernel's make target writes, from the index's model and fragments.
std::optional<std::vector<kconfig::ConfigLine>> named_base(const std::string& name, const db::Reader& db,
                                                           const kconfig::Model& model,
                                                           const std::map<std::string, std::string>& meta,
                                                           std::string_view cmd, Io& io);

// A --base file's lines: a .config, or a gzip'd one (/proc/config.gz), checked to be a .config.
std::optional<std::vector<kconfig::ConfigLine>> read_base_file(const std::string& path, std::string_view cmd,
                                                               Io& io);

}  // namespace hw::cli
