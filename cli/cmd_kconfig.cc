// hwneeds kconfig olddefconfig|tinyconfig|allnoconfig|alldefconfig|defconfig|show --db FILE ...
// The Kconfig model comes from the index alone: no source tree is needed.
#include "cli/args.h"
#include "cli/command.h"
#include "cli/index_reader.h"
#include "common/source_tree.h"
#include "kconfig/allnoconfig_walk.h"
#include "kconfig/evaluator.h"
#include "kconfig/model_io.h"
#include "kconfig/show.h"

#include <algorithm>
#include <array>

namespace hw::cli {

namespace {

constexpr std::array kKconfigOptions{
    OptionSpec{"db", "FILE", "index written by `hwneeds index` (required)"},
    OptionSpec{"base", "CONFIG", "olddefconfig: the .config to start from (required there)"},
    OptionSpec{"allconfig", "FILE", "allnoconfig/alldefconfig: like KCONFIG_ALLCONFIG, values to keep"},
    OptionSpec{"walk", "", "allnoconfig by the independent second algorithm (a fixed-point walk), to cross-check"},
    OptionSpec{"help", "", "show this help"},
};

constexpr std::string_view kKconfigUsage =
    "usage: hwneeds kconfig olddefconfig --db FILE --base CONFIG\n"
    "       hwneeds kconfig tinyconfig|allnoconfig|alldefconfig|defconfig --db FILE [--allconfig FILE]\n"
    "       hwneeds kconfig show --db FILE SYMBOL\n\n"
    "Runs the kernel's configurator on the Kconfig model stored in the index and prints the full\n"
    ".config in the kernel's format (the same assignments scripts/kconfig/conf writes):\n"
    "  olddefconfig  keep every value of --base that the rules allow, new symbols get their defaults\n"
    "  tinyconfig    allnoconfig with kernel/configs/tiny-base.config, then tiny.config fragments\n"
    "  allnoconfig   every symbol as low as the rules allow\n"
    "  alldefconfig  every symbol at its default\n"
    "  defconfig     the arch's defconfig (arch/x86/configs/x86_64_defconfig on x86_64)\n"
    "  show SYMBOL   the symbol's definitions (file:line), dependencies, and what selects or implies it\n\n"
    "options:\n";

// The config file's lines, after checking it is a .config at all.
std::optional<std::vector<kconfig::ConfigLine>> config_lines_of(const std::string& path, Io& io) {
    auto text = read_file(path);
    if (!text) {
        io.err << "hwneeds kconfig: " << path << ": " << text.error().message << "\n";
        return std::nullopt;
    }
    auto checked = kconfig::parse_dotconfig(*text, path);
    if (!checked) {
        for (const Diagnostic& d : checked.error()) {
            io.err << d.format() << "\n";
        }
        io.err << "hwneeds kconfig: " << path << ": not a usable .config\n";
        return std::nullopt;
    }
    return std::move(checked->lines);
}

std::optional<std::vector<kconfig::ConfigLine>> fragment(const db::Reader& db, const std::string& path, Io& io) {
    auto text = db.kconfig_fragment(path);
    if (!text) {
        io.err << "hwneeds kconfig: the index has no " << path << "\n";
        return std::nullopt;
    }
    return kconfig::read_config_lines(*text);
}

}  // namespace

int cmd_kconfig(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, kKconfigOptions);
    if (!args) {
        io.err << "hwneeds kconfig: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help") || args->positionals.empty()) {
        (args->has("help") ? io.out : io.err) << kKconfigUsage << format_options(kKconfigOptions);
        return args->has("help") ? kExitOk : kExitUsage;
    }
    const std::string mode = args->positionals[0];
    static const std::array kModes{"olddefconfig", "tinyconfig", "allnoconfig", "alldefconfig", "defconfig", "show"};
    if (std::find(kModes.begin(), kModes.end(), mode) == kModes.end()) {
        io.err << "hwneeds kconfig: unknown mode '" << mode << "' (see --help)\n";
        return kExitUsage;
    }
    if (!args->has("db")) {
        io.err << "hwneeds kconfig: --db FILE is required (see --help)\n";
        return kExitUsage;
    }
    if (mode == "show" && args->positionals.size() != 2) {
        io.err << "hwneeds kconfig show: give exactly one SYMBOL\n";
        return kExitUsage;
    }
    if (args->has("walk") && (mode != "allnoconfig" || args->has("allconfig"))) {
        io.err << "hwneeds kconfig: --walk goes with allnoconfig only, without --allconfig\n";
        return kExitUsage;
    }
    if (mode == "olddefconfig" && !args->has("base")) {
        io.err << "hwneeds kconfig olddefconfig: --base CONFIG is required\n";
        return kExitUsage;
    }
    auto reader = open_index(*args->get("db"), "kconfig", io);
    if (!reader) {
        return kExitFailure;
    }
    auto stored = reader->kconfig_model();
    if (!stored) {
        io.err << "hwneeds kconfig: " << stored.error().message << "\n";
        return kExitFailure;
    }
    auto model = kconfig::deserialize_model(stored->data);
    if (!model) {
        io.err << "hwneeds kconfig: " << *args->get("db") << ": " << model.error() << "\n";
        return kExitFailure;
    }
    if (mode == "show") {
        auto text = kconfig::show_symbol(*model, args->positionals[1]);
        if (!text) {
            io.err << "hwneeds kconfig show: " << text.error() << "\n";
            return kExitFailure;
        }
        io.out << *text;
        return kExitOk;
    }
    std::optional<std::vector<kconfig::ConfigLine>> allconfig;
    if (auto path = args->get("allconfig")) {
        allconfig = config_lines_of(*path, io);
        if (!allconfig) {
            return kExitFailure;
        }
    }
    const auto meta = reader->meta();
    const std::string srcarch = meta.contains("srcarch") ? meta.at("srcarch") : "x86";
    const std::string arch = meta.contains("arch") ? meta.at("arch") : "x86_64";
    kconfig::Config config;
    if (mode == "olddefconfig") {
        auto base = config_lines_of(*args->get("base"), io);
        if (!base) {
            return kExitFailure;
        }
        config = kconfig::olddefconfig(*model, *base);
    } else if (mode == "allnoconfig" && args->has("walk")) {
        config = kconfig::allnoconfig_walk(*model);
    } else if (mode == "allnoconfig") {
        config = kconfig::allnoconfig(*model, allconfig ? &*allconfig : nullptr);
    } else if (mode == "alldefconfig") {
        config = kconfig::alldefconfig(*model, allconfig ? &*allconfig : nullptr);
    } else if (mode == "defconfig") {
        auto lines = fragment(*reader, "arch/" + srcarch + "/configs/" + arch + "_defconfig", io);
        if (!lines) {
            return kExitFailure;
        }
        config = kconfig::defconfig(*model, *lines);
    } else {  // tinyconfig
        auto base = fragment(*reader, "kernel/configs/tiny-base.config", io);
        auto tiny = fragment(*reader, "kernel/configs/tiny.config", io);
        auto arch_tiny = fragment(*reader, "arch/" + srcarch + "/configs/tiny.config", io);
        if (!base || !tiny || !arch_tiny) {
            return kExitFailure;
        }
        config = kconfig::tinyconfig(*model, *base, {*tiny, *arch_tiny});
    }
    io.out << kconfig::write_dotconfig(*model, config);
    return kExitOk;
}

}  // namespace hw::cli
