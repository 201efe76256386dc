#include "cli/command.h"

#include <algorithm>
#include <array>
#include <string>

#ifndef HWNEEDS_VERSION
#define HWNEEDS_VERSION "unknown"
#endif

namespace hw::cli {

namespace {

int cmd_help(std::span<const std::string_view> args, Io& io);

constexpr std::array kCommands{
    Command{"index", "index a kernel source tree into a SQLite file", cmd_index},
    Command{"aliases", "print the index's aliases as modules.alias lines", cmd_aliases},
    Command{"modules", "print the index's modules: MODULE<TAB>CONFIG_SYMBOL<TAB>PATH", cmd_modules},
    Command{"probe", "list this machine's (or a snapshot's, or lspci/lsusb text's) devices", cmd_probe},
    Command{"match", "which modules claim those devices (kmod's matching, built-ins included)", cmd_match},
    Command{"snapshot", "save what the probe reads into a tarball for --sysfs-root elsewhere", cmd_snapshot},
    Command{"resolve", "the minimal options over tinyconfig (or a base) for the devices: kconfig, nix or json", cmd_resolve},
    Command{"explain", "why a symbol is (or is not) in resolve's answer: device -> module -> dependency chain", cmd_explain},
    Command{"kconfig", "olddefconfig/tinyconfig/... and show, from the index's Kconfig model", cmd_kconfig},
    Command{"help", "show help for a command", cmd_help},
};

void print_usage(std::ostream& os) {
    os << "usage: hwneeds COMMAND [OPTIONS]\n\n"
          "hwneeds tells which kernel options the hardware of a machine needs, from a kernel\n"
          "source tree, before any kernel runs.\n\ncommands:\n";
    for (const Command& c : kCommands) {
        os << "  " << c.name << std::string(10 - c.name.size(), ' ') << c.summary << "\n";
    }
    os << "\nRun `hwneeds COMMAND --help` for a command's options.\n";
}

int cmd_help(std::span<const std::string_view> args, Io& io) {
    if (args.empty()) {
        print_usage(io.out);
        return kExitOk;
    }
    for (const Command& c : kCommands) {
        if (c.name == args[0] && c.name != "help") {
            std::array<std::string_view, 1> help{"--help"};
            return c.run(help, io);
        }
    }
    io.err << "hwneeds: unknown command '" << args[0] << "'\n";
    return kExitUsage;
}

}  // namespace

std::span<const Command> commands() { return kCommands; }

int run(std::span<const std::string_view> argv, Io& io) {
    if (argv.empty()) {
        print_usage(io.err);
        return kExitUsage;
    }
    std::string_view name = argv[0];
    if (name == "--help" || name == "-h") {
        print_usage(io.out);
        return kExitOk;
    }
    if (name == "--version") {
        io.out << "hwneeds " << HWNEEDS_VERSION << "\n";
        return kExitOk;
    }
    for (const Command& c : kCommands) {
        if (c.name == name) {
            return c.run(argv.subspan(1), io);
        }
    }
    io.err << "hwneeds: unknown command '" << name << "' (see `hwneeds --help`)\n";
    return kExitUsage;
}

}  // namespace hw::cli
