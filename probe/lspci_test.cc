#include "probe/lspci.h"

#include <doctest/doctest.h>

#include "probe/sysfs.h"
#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

namespace {

// The PCI lines of the same VM's `cat /sys/bus/*/devices/*/modalias`.
std::vector<std::string> sysfs_pci() {
    std::vector<std::string> out;
    for (const auto& l : sorted_lines(slurp(test_data("probe/vm1/expected/modaliases.txt")))) {
        if (l.starts_with("pci:")) {
            out.push_back(l);
        }
    }
    return out;
}

Probe parse_file(const std::string& name) {
    std::string rel = "probe/vm1/" + name;
    return parse_lspci(slurp(test_data(rel)), name);
}

}  // namespace

TEST_CASE("probe::lspci: complete forms equal the same machine's sysfs PCI modaliases") {
    for (const char* name : {"lspci-vmmnn.txt", "lspci-vmmnnk.txt", "lspci-vmmn.txt", "lspci-nv.txt",
                             "lspci-nnv.txt"}) {
        CAPTURE(name);
        Probe p = parse_file(name);
        CHECK(p.diagnostics.empty());
        CHECK(sorted_modaliases(p) == sysfs_pci());
        for (const auto& d : p.devices) {
            CHECK_FALSE(d.incomplete);
            CHECK(d.source == "lspci");
            CHECK(d.bus == "pci");
        }
    }
}

TEST_CASE("probe::lspci: details of each form") {
    SUBCASE("-vmmnnk: slot with domain, names, driver, revision") {
        Probe p = parse_file("lspci-vmmnnk.txt");
        const Device* d = find_slot(p, "0000:00:03.0");
        REQUIRE(d != nullptr);
        CHECK(d->name == "Virtio 1.0 network device");
        CHECK(d->driver == "virtio-pci");
        CHECK(d->ids.at("revision") == "01");
        CHECK(d->ids.at("subvendor") == "1af4");
        // No SVendor/SDevice lines and no Rev line: subsystem 0, revision 0 (not printed).
        const Device* host = find_slot(p, "0000:00:00.0");
        REQUIRE(host != nullptr);
        CHECK(host->modalias == "pci:v00008086d00000D57sv00000000sd00000000bc06sc00i00");
    }
    SUBCASE("-n and -nn: no subsystem, no prog-if") {
        for (const char* name : {"lspci-n.txt", "lspci-nn.txt"}) {
            CAPTURE(name);
            Probe p = parse_file(name);
            CHECK(p.diagnostics.empty());
            CHECK(sorted_modaliases(p) ==
                  std::vector<std::string>{"pci:v00001AF4d00001041sv*sd*bc02sc00i*",
                                           "pci:v00001AF4d00001042sv*sd*bc01sc80i*",
                                           "pci:v00001AF4d00001044sv*sd*bcFFscFFi*",
                                           "pci:v00001AF4d00001045sv*sd*bcFFscFFi*",
                                           "pci:v00001AF4d00001053sv*sd*bcFFscFFi*",
                                           "pci:v00008086d00000D57sv*sd*bc06sc00i*"});
            for (const auto& d : p.devices) {
                CHECK(d.incomplete);
                CHECK(d.ids.count("subvendor") == 0);
                CHECK(d.ids.count("progif") == 0);
            }
        }
        Probe nn = parse_file("lspci-nn.txt");
        CHECK(find_slot(nn, "0000:00:05.0")->name == "Red Hat, Inc. Virtio 1.0 RNG");
    }
    SUBCASE("-nk: subsystem and driver known, prog-if not") {
        Probe p = parse_file("lspci-nk.txt");
        CHECK(p.diagnostics.empty());
        const Device* d = find_slot(p, "0000:00:03.0");
        REQUIRE(d != nullptr);
        CHECK(d->modalias == "pci:v00001AF4d00001041sv00001AF4sd00001041bc02sc00i*");
        CHECK(d->driver == "virtio-pci");
        CHECK(d->incomplete);
        CHECK(find_slot(p, "0000:00:00.0")->modalias ==
              "pci:v00008086d00000D57sv00000000sd00000000bc06sc00i*");
    }
    SUBCASE("hand-written -nnv with a prog-if, a domain and a bracketed device name") {
        Probe p = parse_lspci(
            "0001:00:1f.2 SATA controller [0106]: Intel Corporation 82801IR/IO/IH (ICH9R/DO/DH) 6 "
            "port SATA Controller [AHCI mode] [8086:2922] (rev 02) (prog-if 01 [AHCI 1.0])\n"
            "\tSubsystem: Red Hat, Inc. QEMU Virtual Machine [1af4:1100]\n"
            "\tFlags: bus master, fast devsel, latency 0, IRQ 16\n"
            "\tKernel driver in use: ahci\n"
            "\tKernel modules: ahci\n",
            "x.txt");
        CHECK(p.diagnostics.empty());
        REQUIRE(p.devices.size() == 1);
        const Device& d = p.devices[0];
        CHECK(d.slot == "0001:00:1f.2");
        CHECK(d.modalias == "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01");
        CHECK(d.name == "Intel Corporation 82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]");
        CHECK(d.driver == "ahci");
        CHECK(d.ids.at("revision") == "02");
        CHECK_FALSE(d.incomplete);
    }
}

TEST_CASE("probe::lspci: inputs without numbers or garbage give diagnostics") {
    SUBCASE("plain lspci (names only)") {
        Probe p = parse_file("lspci.txt");
        CHECK(p.devices.empty());
        REQUIRE(p.diagnostics.size() == 7);
        CHECK(p.diagnostics[0].format() ==
              "lspci.txt:1: warning: no numeric class; lspci output must be made with -n or -nn");
        CHECK(p.diagnostics[6].format() ==
              "lspci.txt: error: no PCI device found; expected the output of lspci -n, -nn or -vmmnn");
    }
    SUBCASE("-vmm without -n") {
        Probe p = parse_lspci("Slot:\t00:00.0\nClass:\tHost bridge\nVendor:\tIntel Corporation\n", "m.txt");
        CHECK(p.devices.empty());
        CHECK(formatted(p.diagnostics) ==
              std::vector<std::string>{
                  "m.txt:2: warning: no numeric Class; lspci output must be made with -vmmn or -vmmnn",
                  "m.txt: error: no PCI device found; expected the output of lspci -n, -nn or -vmmnn"});
    }
    SUBCASE("a bad line among good ones") {
        Probe p = parse_lspci("hello world\n00:02.0 0300: 1234:1111 (rev 02)\n", "g.txt");
        CHECK(sorted_modaliases(p) == std::vector<std::string>{"pci:v00001234d00001111sv*sd*bc03sc00i*"});
        CHECK(formatted(p.diagnostics) ==
              std::vector<std::string>{"g.txt:1: warning: expected a PCI slot (bus:device.function) at "
                                       "the start of the line"});
    }
    SUBCASE("empty input: nothing, no error") {
        Probe p = parse_lspci("", "e.txt");
        CHECK(p.devices.empty());
        CHECK(p.diagnostics.empty());
    }
}
