// `hwneeds index`: a kernel source tree in, an index file out. The phases, in order:
//   kbuild   every module/object the Kbuild files can build for the arch (kbuild/)
//   headers  the #defines of include/ and arch/<srcarch>/include, scanned once (cpp/macro_table)
//   layouts  the id structs of include/linux/mod_devicetable.h (devtable/layout)
//   select   which module sources need the preprocessor (trigger_scan)
//   tables   preprocess those units in parallel and turn their device tables and MODULE_ALIASes
//            into alias patterns (cpp/preprocessor, devtable/extract)
//   kconfig  (on its own thread, beside all of the above) the arch's Kconfig model (kconfig_phase)
//   write    one SQLite transaction (db/)
// Problems in single files are collected as diagnostics and the run goes on; only a missing tree
// or an unwritable output fail the run.
#pragma once

#include "common/diagnostic.h"

#include <cstddef>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hw::index {

struct ArchInfo {
    std::string arch;     // as given: "x86_64"
    std::string srcarch;  // directory under arch/: "x86"
    int bits = 64;
};

// Known arches: x86_64, i386 (x86), arm64, arm, riscv (64), powerpc (ppc64le), s390.
std::expected<ArchInfo, std::string> arch_info(std::string_view arch);

struct Options {
    std::filesystem::path kernel_src;
    std::string arch = "x86_64";
    std::filesystem::path out;
    unsigned threads = 0;  // 0: one per core
    bool kconfig = true;   // parse the Kconfig tree and store the model (needs the toolchain)
};

struct Progress {
    std::string_view phase;
    size_t done = 0;
    size_t total = 0;  // 0 when unknown
};
using ProgressFn = std::function<void(const Progress&)>;

struct PhaseTime {
    std::string name;
    double seconds = 0;
};

struct Summary {
    std::string kernel_version;
    ArchInfo arch;
    size_t modules = 0;            // targets Kbuild can build (modular or not)
    size_t modular = 0;
    size_t sources = 0;            // distinct .c files that make up those modules
    size_t units = 0;              // (module, source) pairs that were preprocessed
    size_t aliases = 0;
    std::map<std::string, size_t> aliases_by_type;  // "pci", "usb", ..., "alias"
    size_t firmware = 0;
    size_t softdeps = 0;
    size_t problem_files = 0;      // files with at least one error diagnostic
    size_t warnings = 0;
    size_t errors = 0;
    size_t bytes_read = 0;
    std::vector<PhaseTime> phases;  // sequential phases; "kconfig" runs beside them on its own thread
    bool kconfig_model = false;     // a Kconfig model is in the index
    size_t kconfig_symbols = 0;     // symbol definitions
    size_t kconfig_files = 0;
    size_t kconfig_probes = 0;
    double kconfig_seconds = 0;
    std::string kconfig_error;      // why there is no model
};

// Runs all phases. Diagnostics from every phase are appended to `diags` (and stored in the
// index's problems table). The error string is complete and meant for people.
std::expected<Summary, std::string> build_index(const Options& options, const ProgressFn& progress,
                                                Diagnostics& diags);

// "6.1.192" from the top Makefile's VERSION/PATCHLEVEL/SUBLEVEL/EXTRAVERSION lines.
std::expected<std::string, std::string> kernel_version(std::string_view top_makefile);

}  // namespace hw::index
