// hwneeds snapshot --out FILE.tar [--sysfs-root DIR]
#include "cli/args.h"
#include "cli/command.h"
#include "probe/snapshot.h"

#include <array>

namespace hw::cli {

namespace {

constexpr std::array kSnapshotOptions{
    OptionSpec{"out", "FILE.tar", "the tarball to write (required)"},
    OptionSpec{"sysfs-root", "DIR", "the root to collect from (default /, this machine)"},
    OptionSpec{"help", "", "show this help"},
};

}  // namespace

int cmd_snapshot(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, kSnapshotOptions);
    if (!args) {
        io.err << "hwneeds snapshot: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds snapshot --out FILE.tar [--sysfs-root DIR]\n\n"
                  "Collects what the probe reads on this machine (the modalias, id and driver files of\n"
                  "every device, the block stack, mountinfo; not all of /sys) into a tarball that\n"
                  "`--sysfs-root FILE.tar` accepts on another machine.\n\noptions:\n"
               << format_options(kSnapshotOptions);
        return kExitOk;
    }
    if (!args->has("out")) {
        io.err << "hwneeds snapshot: --out FILE.tar is required (see --help)\n";
        return kExitUsage;
    }
    auto ok = probe::write_snapshot(args->get("sysfs-root").value_or("/"), *args->get("out"));
    if (!ok) {
        io.err << "hwneeds snapshot: " << ok.error() << "\n";
        return kExitFailure;
    }
    io.err << "wrote " << *args->get("out") << "\n";
    return kExitOk;
}

}  // namespace hw::cli
