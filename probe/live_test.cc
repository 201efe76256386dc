// Live sources against the sysfs walk of this machine. They read the running system, so the
// expected values are the sysfs walk's (itself pinned on recorded trees in sysfs_test.cc).
#include "probe/live.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "probe/sysfs.h"
#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

namespace {

std::set<std::string> set_of(const Probe& p, std::string_view prefix) {
    std::set<std::string> s;
    for (const auto& d : p.devices) {
        if (d.modalias.starts_with(prefix)) {
            s.insert(d.modalias);
        }
    }
    return s;
}

}  // namespace

TEST_CASE("probe::live: libpci and libusb rebuild the kernel's modaliases; udev sees them all") {
    if (!std::filesystem::is_directory("/sys/bus")) {
        MESSAGE("no /sys/bus on this machine: live sources not compared");
        return;
    }
    Probe sysfs = probe_sysfs("/");
#ifdef HW_HAVE_LIBPCI
    if (std::filesystem::is_directory("/sys/bus/pci/devices")) {
        Probe pci = probe_libpci();
        CHECK(formatted(pci.diagnostics).empty());
        CHECK(set_of(pci, "pci:") == set_of(sysfs, "pci:"));
        size_t n = 0;
        for (const auto& d : sysfs.devices) {
            n += d.bus == "pci";
        }
        CHECK(pci.devices.size() == n);
    }
#endif
#ifdef HW_HAVE_LIBUSB
    if (std::filesystem::is_directory("/sys/bus/usb/devices")) {
        Probe usb = probe_libusb();
        CHECK(set_of(usb, "usb:") == set_of(sysfs, "usb:"));
    }
#endif
#ifdef HW_HAVE_LIBUDEV
    Probe udev = probe_udev();
    CHECK(formatted(udev.diagnostics).empty());
    std::set<std::string> all = set_of(udev, "");
    for (const auto& m : set_of(sysfs, "")) {
        CAPTURE(m);
        CHECK(all.contains(m));
    }
#endif
}
