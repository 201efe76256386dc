// Recorded machines (tests/data/machines/<name>/, see its README): the sysfs walk of the copied
// tree equals the modalias list read on the machine, and the lspci/lsusb text recorded on the same
// machine gives the same PCI/USB modaliases.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "probe/lspci.h"
#include "probe/lsusb.h"
#include "probe/sysfs.h"
#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;
namespace fs = std::filesystem;

namespace {

std::set<std::string> set_of(const Probe& p, std::string_view bus) {
    std::set<std::string> s;
    for (const auto& d : p.devices) {
        // expected/modaliases.txt has no DMI line (it is not under /sys/bus).
        if (d.source != "dmi" && (bus.empty() || d.bus == bus)) {
            s.insert(d.modalias);
        }
    }
    return s;
}

}  // namespace

TEST_CASE("probe::machines: recorded machines") {
    fs::path dir = test_data("machines");
    if (!fs::is_directory(dir)) {
        return;
    }
    for (const auto& m : fs::directory_iterator(dir)) {
        fs::path expected = m.path() / "expected" / "modaliases.txt";
        if (!fs::exists(expected)) {
            continue;
        }
        std::string name = m.path().filename().string();
        CAPTURE(name);
        Probe sys = probe_sysfs(m.path());
        CHECK(formatted(sys.diagnostics).empty());
        auto lines = sorted_lines(slurp(expected.string()));
        CHECK(set_of(sys, "") == std::set<std::string>(lines.begin(), lines.end()));
        fs::path lsusb = m.path() / "expected" / "lsusb-v.txt";
        if (fs::exists(lsusb)) {
            Probe u = parse_lsusb(slurp(lsusb.string()), "lsusb-v.txt");
            CHECK(set_of(u, "usb") == set_of(sys, "usb"));
        }
        fs::path lspci = m.path() / "expected" / "lspci-vmmnn.txt";
        if (fs::exists(lspci)) {
            Probe p = parse_lspci(slurp(lspci.string()), "lspci-vmmnn.txt");
            CHECK(set_of(p, "pci") == set_of(sys, "pci"));
        }
    }
}
