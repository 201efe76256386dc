// hwneeds index --kernel-src DIR [--arch ARCH] --out FILE [--stats] [--threads N] [--quiet]
#include "cli/args.h"
#include "cli/command.h"
#include "modalias-db/indexer.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <algorithm>

namespace hw::cli {

namespace {

constexpr std::array kIndexOptions{
    OptionSpec{"kernel-src", "DIR", "kernel source tree to index (required; no configure or build needed)"},
    OptionSpec{"out", "FILE", "index file to write (required; replaced atomically)"},
    OptionSpec{"arch", "ARCH", "architecture (default x86_64)"},
    OptionSpec{"threads", "N", "worker threads (default: one per core)"},
    OptionSpec{"no-kconfig", "", "skip the Kconfig model (it needs the toolchain: $CC, default gcc)"},
    OptionSpec{"stats", "", "print per-phase times and sizes after the summary"},
    OptionSpec{"quiet", "", "no progress and no summary"},
    OptionSpec{"max-problems", "N", "how many problems to print to stderr (default 20; all are stored in the index)"},
    OptionSpec{"help", "", "show this help"},
};

void print_index_help(std::ostream& os) {
    os << "usage: hwneeds index --kernel-src DIR --out FILE [--arch ARCH] [--stats]\n\n"
          "Reads a kernel source tree (Kbuild files, include/ headers, every module source with a\n"
          "device table or MODULE_ALIAS, the Kconfig files) and writes a SQLite index: each module's\n"
          "object path and Kconfig symbol, every alias pattern scripts/mod/file2alias.c would emit\n"
          "for it with the Kconfig conditions under which it exists, and the whole Kconfig model\n"
          "(parsed with the toolchain make would use: $CC, $LD, $NM, $OBJCOPY, default gcc, ld, nm,\n"
          "objcopy). Problems in single files are reported as path:line:col and the run goes on.\n\n"
          "options:\n"
       << format_options(kIndexOptions);
}

}  // namespace

int cmd_index(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, kIndexOptions);
    if (!args) {
        io.err << "hwneeds index: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        print_index_help(io.out);
        return kExitOk;
    }
    if (!args->has("kernel-src") || !args->has("out")) {
        io.err << "hwneeds index: --kernel-src DIR and --out FILE are required (see --help)\n";
        return kExitUsage;
    }
    index::Options opts;
    opts.kernel_src = *args->get("kernel-src");
    opts.out = *args->get("out");
    opts.arch = args->get("arch").value_or("x86_64");
    opts.kconfig = !args->has("no-kconfig");
    if (auto t = args->get("threads")) {
        try {
            opts.threads = static_cast<unsigned>(std::stoul(*t));
        } catch (...) {
            io.err << "hwneeds index: --threads needs a number, got '" << *t << "'\n";
            return kExitUsage;
        }
    }
    size_t max_problems = 20;
    if (auto m = args->get("max-problems")) {
        try {
            max_problems = std::stoul(*m);
        } catch (...) {
            io.err << "hwneeds index: --max-problems needs a number, got '" << *m << "'\n";
            return kExitUsage;
        }
    }
    const bool quiet = args->has("quiet");
    std::string last_phase;
    auto start = std::chrono::steady_clock::now();
    auto progress = [&](const index::Progress& p) {
        if (quiet) {
            return;
        }
        double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::ostringstream line;
        line << "[" << std::fixed << std::setprecision(1) << t << "s] " << p.phase;
        if (p.total > 0) {
            line << " " << p.done << "/" << p.total;
        }
        if (io.err_is_tty) {
            io.err << "\r\033[K" << line.str() << std::flush;
        } else if (p.phase != last_phase) {
            io.err << line.str() << "\n";
        }
        last_phase = p.phase;
    };
    Diagnostics diags;
    auto summary = index::build_index(opts, progress, diags);
    if (io.err_is_tty && !quiet) {
        io.err << "\r\033[K";
    }
    if (!summary) {
        io.err << "hwneeds index: " << summary.error() << "\n";
        return kExitFailure;
    }
    if (quiet) {
        return kExitOk;
    }
    size_t shown = 0;
    for (const Diagnostic& d : diags) {
        if (d.severity == Severity::Error && shown < max_problems) {
            io.err << d.format() << "\n";
            ++shown;
        }
    }
    if (summary->errors > shown) {
        io.err << "... " << (summary->errors - shown) << " more errors (all in the index: "
               << "sqlite3 " << opts.out.string() << " 'SELECT * FROM problems')\n";
    }
    const index::Summary& s = *summary;
    io.out << "indexed Linux " << s.kernel_version << " (" << s.arch.arch << ") into " << opts.out.string() << "\n"
           << "  modules:  " << s.modules << " (" << s.modular << " can be modular)\n"
           << "  sources:  " << s.sources << " C files, " << s.units << " with device tables or aliases\n"
           << "  aliases:  " << s.aliases << "\n";
    std::vector<std::pair<std::string, size_t>> by_type(s.aliases_by_type.begin(), s.aliases_by_type.end());
    std::sort(by_type.begin(), by_type.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    io.out << "   ";
    for (const auto& [type, n] : by_type) {
        io.out << " " << type << " " << n;
    }
    io.out << "\n  firmware: " << s.firmware << " names, softdeps: " << s.softdeps << "\n"
           << "  problems: " << s.errors << " errors in " << s.problem_files << " files, " << s.warnings
           << " warnings\n";
    if (s.kconfig_model) {
        io.out << "  kconfig:  " << s.kconfig_symbols << " symbol definitions from " << s.kconfig_files
               << " files, " << s.kconfig_probes << " toolchain probes\n";
    } else {
        io.out << "  kconfig:  no model: " << s.kconfig_error << "\n";
    }
    if (args->has("stats")) {
        double total = 0;
        io.out << "phases:\n";
        for (const index::PhaseTime& p : s.phases) {
            io.out << "  " << std::left << std::setw(8) << p.name << std::right << std::fixed
                   << std::setprecision(3) << std::setw(8) << p.seconds << " s\n";
            total += p.seconds;
        }
        if (s.kconfig_model) {
            io.out << "  kconfig " << std::fixed << std::setprecision(3) << std::setw(8) << s.kconfig_seconds
                   << " s (on its own thread, beside the phases above)\n";
        }
        io.out << "  total   " << std::fixed << std::setprecision(3) << std::setw(8) << total << " s, "
               << (s.bytes_read >> 20) << " MiB read\n";
    }
    return kExitOk;
}

}  // namespace hw::cli
