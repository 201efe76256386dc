// hwneeds resolve --db FILE [inputs] [--base B] [--profile nixos] [--tristate T] [--format F]
#include "cli/resolution.h"

namespace hw::cli {

namespace {

const std::vector<OptionSpec>& resolve_options() {
    static const std::vector<OptionSpec> kOptions = resolution_options({
        {"format", "FMT", "kconfig (default: CONFIG_X=y lines), nix (structuredExtraConfig) or json "
                          "(the hardware profile, docs/hardware-profile.md)"},
        {"help", "", "show this help"},
    });
    return kOptions;
}

}  // namespace

int cmd_resolve(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, resolve_options());
    if (!args) {
        io.err << "hwneeds resolve: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds resolve --db FILE [inputs] [--base BASE] [--profile nixos]\n"
                  "                       [--tristate prefer-m|builtin] [--format kconfig|nix|json]\n\n"
                  "The smallest set of options to put on top of BASE so that the kernel's own\n"
                  "`make olddefconfig` keeps every one of them and enables every driver the machine's\n"
                  "devices need: devices -> modaliases -> modules (kmod's matching) -> their Kbuild\n"
                  "conditions -> Kconfig dependencies, plus the file systems and block stack of the\n"
                  "mounts, companions (HDA codecs, HID drivers, request_module users), softdeps and the\n"
                  "CPU vendor; --profile adds what a distribution needs. Without inputs: this\n"
                  "machine. The answer is checked against the index's Kconfig model before it is\n"
                  "printed (exit 1 if that check fails). On stderr: a warning for each need that\n"
                  "cannot be met, a note for each one left out on purpose (another driver that is\n"
                  "built serves the device; an optional softdep for another arch). Exit 0 otherwise.\n"
                  "`hwneeds explain` says why a symbol is (not) there.\n\noptions:\n"
               << format_options(resolve_options());
        return kExitOk;
    }
    const std::string format = args->get("format").value_or("kconfig");
    if (format != "kconfig" && format != "nix" && format != "json") {
        io.err << "hwneeds resolve: --format is kconfig, nix or json, not '" << format << "'\n";
        return kExitUsage;
    }
    if (!usage_ok(*args, "resolve", io)) {
        return kExitUsage;
    }
    auto r = run_resolution(*args, "resolve", io);
    if (!r) {
        return kExitFailure;
    }
    for (const std::string& u : r->result.unreachable) {
        io.err << "hwneeds resolve: warning: need not met: " << u << "\n";
    }
    for (const needs::Skipped& k : r->skipped) {
        io.err << "hwneeds resolve: note: " << k.symbol << " left out, " << k.why << "\n";
    }
    for (const std::string& n : r->plan.notes) {
        io.err << "hwneeds resolve: note: " << n << "\n";
    }
    if (!r->problems.empty()) {
        for (const std::string& p : r->problems) {
            io.err << "hwneeds resolve: error: the answer is not a fixed point: " << p << "\n";
        }
        io.err << "hwneeds resolve: this is a bug in hwneeds; please report it with the inputs\n";
        return kExitFailure;
    }
    const needs::Report report = r->report(args->get("tristate").value_or("prefer-m"));
    if (format == "kconfig") {
        io.out << needs::format_kconfig(report);
    } else if (format == "nix") {
        io.out << needs::format_nix(report);
    } else {
        io.out << needs::format_json(report);
    }
    return kExitOk;
}

}  // namespace hw::cli
