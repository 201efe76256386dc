// hwneeds modules --db FILE [--config .config]
#include "cli/args.h"
#include "cli/command.h"
#include "cli/index_reader.h"

#include <array>

namespace hw::cli {

namespace {

constexpr std::array kModuleOptions{
    OptionSpec{"db", "FILE", "index written by `hwneeds index` (required)"},
    OptionSpec{"config", "FILE", "only modules that a kernel built with this .config builds"},
    OptionSpec{"help", "", "show this help"},
};

}  // namespace

int cmd_modules(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, kModuleOptions);
    if (!args) {
        io.err << "hwneeds modules: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds modules --db FILE [--config .config]\n\n"
                  "Prints one line per module: MODULE<TAB>CONFIG_SYMBOL<TAB>PATH, PATH being the object\n"
                  "path without .ko relative to the tree; the symbol is the one on the module's own\n"
                  "obj-$(CONFIG_X) line, or for an unconditional obj-m the nearest guard above it (empty\n"
                  "when there is none).\n\noptions:\n"
               << format_options(kModuleOptions);
        return kExitOk;
    }
    if (!args->has("db")) {
        io.err << "hwneeds modules: --db FILE is required (see --help)\n";
        return kExitUsage;
    }
    auto reader = open_index(*args->get("db"), "modules", io);
    if (!reader) {
        return kExitFailure;
    }
    std::optional<kconfig::DotConfig> config;
    if (auto path = args->get("config")) {
        config = load_config(*path, "modules", io);
        if (!config) {
            return kExitFailure;
        }
    }
    reader->for_each_module([&](const db::ModuleRow& m) {
        if (config && !holds(m.cond, *config, m.symbol)) {
            return;
        }
        io.out << m.name << '\t' << (m.symbol.empty() ? "" : "CONFIG_") << m.symbol << '\t' << m.path << '\n';
    });
    if (auto bad = reader->read_error()) {
        io.err << "hwneeds modules: " << bad->message << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace hw::cli
