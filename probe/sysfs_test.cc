#include "probe/sysfs.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <set>
#include <sstream>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

void link(const fs::path& p, const std::string& target) {
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "hw-probe-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

}  // namespace

TEST_CASE("probe::sysfs: recorded VM equals cat /sys/bus/*/devices/*/modalias plus the CPU") {
    Probe p = probe_sysfs(test_data("probe/vm1/root"));
    CHECK(p.diagnostics.empty());
    CHECK(sorted_modaliases(p) == sorted_lines(slurp(test_data("probe/vm1/expected/modaliases.txt"))));

    SUBCASE("a PCI device: path, parent, driver, ids") {
        const Device* d = find_slot(p, "0000:00:02.0");
        REQUIRE(d != nullptr);
        CHECK(d->bus == "pci");
        CHECK(d->source == "sysfs");
        CHECK(d->sysfs_path == "/sys/devices/pci0000:00/0000:00:02.0");
        CHECK(d->parent == "/sys/devices/pci0000:00");
        CHECK(d->driver == "virtio-pci");
        CHECK(d->module == "");  // built in on that kernel: no driver/module link
        CHECK(d->modalias == "pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00");
        CHECK(d->ids.at("vendor") == "1af4");
        CHECK(d->ids.at("device") == "1042");
        CHECK(d->ids.at("class") == "01");
        CHECK(d->ids.at("subclass") == "80");
        CHECK(d->ids.at("progif") == "00");
        CHECK_FALSE(d->incomplete);
    }
    SUBCASE("the CPU entry") {
        const Device* cpu = find_slot(p, "cpu");
        REQUIRE(cpu != nullptr);
        CHECK(cpu->bus == "cpu");
        CHECK(cpu->source == "cpu");
        CHECK(cpu->sysfs_path == "/sys/devices/system/cpu");
        CHECK(cpu->modalias.starts_with("cpu:type:x86,ven0002fam0019mod0001:feature:,0000,0001,"));
    }
    SUBCASE("an ACPI device seen through two buses is listed twice, as cat does") {
        int n = 0;
        for (const auto& d : p.devices) {
            n += d.modalias == "acpi:ACPI0013:";
        }
        CHECK(n == 2);
    }
}

TEST_CASE("probe::sysfs: driver module, USB product name, DMI, unreadable files") {
    TempDir t;
    const fs::path r = t.path;
    const std::string itf = "sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0";
    write(r / itf / "modalias", "usb:v0627p0001d0000dc00dsc00dp00ic03isc00ip00in00\n");
    write(r / "sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/product", "QEMU USB Tablet\n");
    link(r / "sys/bus/usb/devices/1-1:1.0", "../../../devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0");
    link(r / itf / "driver", "../../../../../../bus/usb/drivers/usbhid");
    link(r / "sys/bus/usb/drivers/usbhid/module", "../../../../module/usbhid");
    fs::create_directories(r / "sys/module/usbhid");
    // A device directory without a modalias file is not listed (cat would print nothing).
    fs::create_directories(r / "sys/devices/pci0000:00/0000:00:14.0/usb1/1-1");
    link(r / "sys/bus/usb/devices/1-1", "../../../devices/pci0000:00/0000:00:14.0/usb1/1-1");
    // A modalias that cannot be read (a directory here): warning, the walk goes on.
    fs::create_directories(r / "sys/devices/platform/broken/modalias");
    link(r / "sys/bus/platform/devices/broken", "../../../devices/platform/broken");
    write(r / "sys/devices/virtual/dmi/id/modalias", "dmi:bvnSeaBIOS:bvr1.16.2:bd04/01/2014:svnQEMU:\n");

    Probe p = probe_sysfs(r);
    REQUIRE(p.devices.size() == 2);
    const Device& usb = p.devices[0];
    CHECK(usb.bus == "usb");
    CHECK(usb.slot == "1-1:1.0");
    CHECK(usb.driver == "usbhid");
    CHECK(usb.module == "usbhid");
    CHECK(usb.name == "QEMU USB Tablet");
    CHECK(usb.parent == "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1");
    CHECK(usb.ids.at("bInterfaceClass") == "03");
    CHECK(usb.ids.at("bcdDevice") == "0000");
    const Device& dmi = p.devices[1];
    CHECK(dmi.bus == "dmi");
    CHECK(dmi.source == "dmi");
    CHECK(dmi.modalias == "dmi:bvnSeaBIOS:bvr1.16.2:bd04/01/2014:svnQEMU:");
    CHECK(formatted(p.diagnostics) ==
          std::vector<std::string>{"sys/devices/platform/broken/modalias: warning: cannot read "
                                   "modalias: Is a directory"});
}

TEST_CASE("probe::sysfs: a missing root or a root without sys/bus is an error") {
    Probe p = probe_sysfs("/nonexistent/hw-probe-root");
    CHECK(p.devices.empty());
    CHECK(formatted(p.diagnostics) ==
          std::vector<std::string>{"/nonexistent/hw-probe-root: error: sysfs root is not a directory"});
    TempDir t;
    Probe q = probe_sysfs(t.path);
    CHECK(q.devices.empty());
    REQUIRE(q.diagnostics.size() == 1);
    CHECK(q.diagnostics[0].message == "not a sysfs root: no sys/bus directory below it");
}

// The issue's own yardstick on the machine the tests run on: the shell's
// `cat /sys/bus/*/devices/*/modalias` plus the CPU's, as a multiset.
TEST_CASE("probe::sysfs: this live machine equals cat /sys/bus/*/devices/*/modalias plus the CPU") {
    FILE* pipe = ::popen("cat /sys/bus/*/devices/*/modalias /sys/devices/system/cpu/modalias 2>/dev/null", "r");
    REQUIRE(pipe != nullptr);
    std::string text;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) {
        text.append(buf, n);
    }
    ::pclose(pipe);
    if (text.empty()) {
        MESSAGE("no /sys/bus here: nothing to compare");
        return;
    }
    std::multiset<std::string> expected;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        expected.insert(line);
    }
    hw::probe::Probe p = hw::probe::probe_sysfs("/");
    std::multiset<std::string> got;
    for (const hw::probe::Device& d : p.devices) {
        if (d.source != "dmi") {  // DMI is extra: not under /sys/bus
            got.insert(d.modalias);
        }
    }
    CHECK(got == expected);
}
