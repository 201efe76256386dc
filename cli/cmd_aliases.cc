// hwneeds aliases --db FILE [--config .config]
#include "cli/args.h"
#include "cli/command.h"
#include "cli/index_reader.h"

#include <array>

namespace hw::cli {

namespace {

constexpr std::array kAliasOptions{
    OptionSpec{"db", "FILE", "index written by `hwneeds index` (required)"},
    OptionSpec{"config", "FILE", "only aliases that a kernel built with this .config has (module built, "
                                 "every #if and Kbuild condition true)"},
    OptionSpec{"help", "", "show this help"},
};

}  // namespace

int cmd_aliases(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, kAliasOptions);
    if (!args) {
        io.err << "hwneeds aliases: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds aliases --db FILE [--config .config]\n\n"
                  "Prints every alias of the index as `alias PATTERN MODULE` (the format of\n"
                  "modules.alias; module names with '_'), built-in drivers included.\n\noptions:\n"
               << format_options(kAliasOptions);
        return kExitOk;
    }
    if (!args->has("db")) {
        io.err << "hwneeds aliases: --db FILE is required (see --help)\n";
        return kExitUsage;
    }
    auto reader = open_index(*args->get("db"), "aliases", io);
    if (!reader) {
        return kExitFailure;
    }
    std::optional<kconfig::DotConfig> config;
    if (auto path = args->get("config")) {
        config = load_config(*path, "aliases", io);
        if (!config) {
            return kExitFailure;
        }
    }
    reader->for_each_alias([&](const db::AliasRow& a) {
        if (config && !(holds(a.module_cond, *config, a.symbol) && holds(a.cond, *config, a.symbol))) {
            return;
        }
        io.out << "alias " << a.pattern << ' ' << a.module << '\n';
    });
    if (auto bad = reader->read_error()) {
        io.err << "hwneeds aliases: " << bad->message << "\n";
        return kExitFailure;
    }
    return kExitOk;
}

}  // namespace hw::cli
