#include "cli/probe_inputs.h"

#include "common/source_tree.h"
#include "probe/probe.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <iterator>

namespace hw::cli {

namespace {

const OptionSpec kInputs[] = {
    {"sysfs-root", "DIR", "probe a root with sys/ and proc/ (a snapshot dir or .tar; / is this machine)"},
    {"lspci", "FILE", "lspci -n, -nn or -vmmnn output (- for stdin)"},
    {"lsusb", "FILE", "lsusb or lsusb -v output"},
    {"modaliases", "FILE", "modaliases, one per line"},
    {"facter", "FILE", "a nixos-facter JSON report (its module_alias fields)"},
    {"udev", "", "enumerate this machine's devices with libudev"},
    {"libpci", "", "this machine's PCI devices through libpci"},
    {"libusb", "", "this machine's USB interfaces through libusb"},
    {"no-mounts", "", "leave out mounted file systems and their block stack"},
};

std::optional<std::string> read_input(const std::string& path, std::string_view cmd, Io& io) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    }
    auto text = read_file(path);
    if (!text) {
        io.err << "hwneeds " << cmd << ": " << path << ": " << text.error().message << "\n";
        return std::nullopt;
    }
    return std::move(*text);
}

// A snapshot tarball is unpacked into a temporary directory that lives as long as the process.
std::optional<std::filesystem::path> sysfs_root(const std::string& given, std::string_view cmd, Io& io) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(given, ec)) {
        return std::filesystem::path(given);
    }
    char tmpl[] = "/tmp/hwneeds-snapshot-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) {
        io.err << "hwneeds " << cmd << ": cannot make a temporary directory for " << given << "\n";
        return std::nullopt;
    }
    std::filesystem::path dir(tmpl);
    static std::vector<std::filesystem::path> cleanup;
    struct Remover {
        ~Remover() {
            std::error_code e;
            for (const auto& d : cleanup) {
                std::filesystem::remove_all(d, e);
            }
        }
    };
    static Remover remover;
    cleanup.push_back(dir);
    auto ok = probe::extract_snapshot(given, dir);
    if (!ok) {
        io.err << "hwneeds " << cmd << ": " << given << ": " << ok.error() << "\n";
        return std::nullopt;
    }
    return dir;
}

}  // namespace

std::vector<OptionSpec> with_probe_inputs(std::initializer_list<OptionSpec> own) {
    return with_probe_inputs(std::vector<OptionSpec>(own));
}

std::vector<OptionSpec> with_probe_inputs(std::vector<OptionSpec> own) {
    own.insert(own.end(), std::begin(kInputs), std::end(kInputs));
    return own;
}

std::optional<probe::Probe> collect_devices(const Args& args, std::string_view cmd, Io& io) {
    probe::Probe all;
    bool any_input = false;
    for (const char* opt : {"sysfs-root", "lspci", "lsusb", "modaliases", "facter", "udev", "libpci", "libusb"}) {
        any_input = any_input || args.has(opt);
    }
    if (!any_input || args.has("sysfs-root")) {
        auto root = sysfs_root(args.get("sysfs-root").value_or("/"), cmd, io);
        if (!root) {
            return std::nullopt;
        }
        probe::merge(all, probe::probe_sysfs(*root));
        if (!args.has("no-mounts")) {
            probe::merge(all, probe::probe_mounts(*root));
        }
    }
    using Parser = probe::Probe (*)(std::string_view, std::string_view);
    const std::pair<const char*, Parser> kText[] = {{"lspci", probe::parse_lspci},
                                                    {"lsusb", probe::parse_lsusb},
                                                    {"modaliases", probe::parse_modaliases},
                                                    {"facter", probe::parse_facter}};
    for (const auto& [opt, parse] : kText) {
        if (auto path = args.get(opt)) {
            auto text = read_input(*path, cmd, io);
            if (!text) {
                return std::nullopt;
            }
            probe::merge(all, parse(*text, *path));
        }
    }
    if (args.has("udev")) {
        probe::merge(all, probe::probe_udev());
    }
    if (args.has("libpci")) {
        probe::merge(all, probe::probe_libpci());
    }
    if (args.has("libusb")) {
        probe::merge(all, probe::probe_libusb());
    }
    bool errors = false;
    for (const Diagnostic& d : all.diagnostics) {
        io.err << d.format() << "\n";
        errors = errors || d.severity == Severity::Error;
    }
    if (errors && all.devices.empty()) {
        io.err << "hwneeds " << cmd << ": no devices found\n";
        return std::nullopt;
    }
    return all;
}

}  // namespace hw::cli
