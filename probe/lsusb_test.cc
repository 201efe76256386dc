#include "probe/lsusb.h"

#include <doctest/doctest.h>

#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

// tests/data/probe/lsusb/lsusb-v.txt is hand-written in usbutils' layout (this VM has no USB):
// a root hub, a QEMU tablet, a webcam with an interface association, an alternate setting and a
// "Device Qualifier" whose class must not replace the device's. Expected values follow
// usb_modalias (drivers/usb/core/message.c), worked out by hand from the descriptors.
TEST_CASE("probe::lsusb: -v gives one modalias per interface of the configuration") {
    Probe p = parse_lsusb(slurp(test_data("probe/lsusb/lsusb-v.txt")), "lsusb-v.txt");
    CHECK(formatted(p.diagnostics).empty());
    CHECK(sorted_modaliases(p) ==
          std::vector<std::string>{
              "usb:v046Dp0825d0012dcEFdsc02dp01ic01isc01ip00in02",
              "usb:v046Dp0825d0012dcEFdsc02dp01ic01isc02ip00in03",
              "usb:v046Dp0825d0012dcEFdsc02dp01ic0Eisc01ip00in00",
              "usb:v046Dp0825d0012dcEFdsc02dp01ic0Eisc02ip00in01",
              "usb:v0627p0001d0000dc00dsc00dp00ic03isc00ip00in00",
              "usb:v1D6Bp0002d0601dc09dsc00dp01ic09isc00ip00in00",
          });
    for (const auto& d : p.devices) {
        CHECK_FALSE(d.incomplete);
        CHECK(d.bus == "usb");
        CHECK(d.source == "lsusb");
    }
    const Device* tablet = find_slot(p, "001:002:1.0");
    REQUIRE(tablet != nullptr);
    CHECK(tablet->name == "Adomax Technology Co., Ltd QEMU USB Tablet");
    CHECK(tablet->ids.at("vendor") == "0627");
    CHECK(tablet->ids.at("bInterfaceClass") == "03");
    CHECK(find_slot(p, "001:003:1.3") != nullptr);
}

TEST_CASE("probe::lsusb: plain lsusb gives incomplete device-level entries") {
    Probe p = parse_lsusb(slurp(test_data("probe/lsusb/lsusb.txt")), "lsusb.txt");
    CHECK(p.diagnostics.empty());
    CHECK(sorted_modaliases(p) == std::vector<std::string>{
                                      "usb:v046Dp0825d*dc*dsc*dp*ic*isc*ip*in*",
                                      "usb:v0627p0001d*dc*dsc*dp*ic*isc*ip*in*",
                                      "usb:v1D6Bp0002d*dc*dsc*dp*ic*isc*ip*in*",
                                  });
    for (const auto& d : p.devices) {
        CHECK(d.incomplete);
        CHECK(d.ids.size() == 2);
    }
    CHECK(find_slot(p, "001:001")->name == "Linux Foundation 2.0 root hub");
}

TEST_CASE("probe::lsusb: garbage") {
    SUBCASE("not lsusb at all") {
        Probe p = parse_lsusb("Bus error\nnothing here\n", "x.txt");
        CHECK(p.devices.empty());
        CHECK(formatted(p.diagnostics) ==
              std::vector<std::string>{
                  "x.txt:1: warning: expected 'Bus NNN Device NNN: ID vvvv:pppp'",
                  "x.txt: error: no USB device found; expected the output of lsusb or lsusb -v"});
    }
    SUBCASE("a bad value inside -v") {
        Probe p = parse_lsusb("Bus 002 Device 004: ID 1234:5678\nDevice Descriptor:\n  bcdDevice  x\n"
                              "  bDeviceClass  999\n",
                              "y.txt");
        CHECK(formatted(p.diagnostics) ==
              std::vector<std::string>{"y.txt:3: warning: expected bcdDevice as 'x.yy'",
                                       "y.txt:4: warning: expected a decimal value for bDeviceClass"});
        REQUIRE(p.devices.size() == 1);
        CHECK(p.devices[0].incomplete);
        CHECK(p.devices[0].modalias == "usb:v1234p5678d*dc*dsc*dp*ic*isc*ip*in*");
    }
}
