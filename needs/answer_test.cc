// needs::answer on a small Kconfig tree (tests/data/needs/<case>/Kconfig), with a catalog written
// here: what the planner, the resolver and the alternatives rule make of it together.
#include "needs/answer.h"

#include "kconfig/test_util.h"

#include <doctest/doctest.h>

using hw::Cond;
using hw::needs::Alias;
using hw::needs::Catalog;
using hw::needs::Module;

namespace {

hw::kconfig::Model load(const char* name) {
    return hw::kconfig::testing::load_tree(std::string("needs/") + name);
}

Cond cond(std::string_view text) {
    auto c = hw::parse_cond(text);
    REQUIRE(c.has_value());
    return *c;
}

hw::probe::Device keyboard() {
    hw::probe::Device d;
    d.bus = "usb";
    d.modalias = "usb:v0627p0001d0000dc00dsc00dp00ic03isc01ip01in00";
    d.source = "modaliases";
    return d;
}

}  // namespace

TEST_CASE("a driver that cannot be built beside the one that serves its device is an alternative") {
    hw::kconfig::Model model = load("alternatives");
    // usbhid and usbkbd both claim a boot keyboard interface (their tables: class 3/1/1).
    Catalog catalog(std::vector<Module>{{"usbhid", "drivers/hid/usbhid/usbhid", "USB_HID", cond("USB_HID"), true, {}},
                                        {"usbkbd", "drivers/hid/usbhid/usbkbd", "USB_KBD", cond("USB_KBD"), true, {}}},
                    std::vector<Alias>{{"usb:v*p*d*dc*dsc*dp*ic03isc*ip*in*", 0, Cond()},
                                       {"usb:v*p*d*dc*dsc*dp*ic03isc01ip01in*", 1, Cond()}});
    // A base with USB_HID built in: USB_KBD's menu (USB_HID!=y) is closed.
    auto base = hw::kconfig::read_config_lines("CONFIG_MODULES=y\nCONFIG_USB=y\nCONFIG_USB_HID=y\n");
    auto a = hw::needs::answer(catalog, model, base, nullptr, {keyboard()}, hw::needs::Options{});
    REQUIRE(a.has_value());
    CHECK(a->result.fragment.empty());  // usbhid is there already; usbkbd cannot be
    CHECK(a->result.unreachable.empty());
    REQUIRE(a->skipped.size() == 1);
    CHECK(a->skipped[0].symbol == "USB_KBD");
    CHECK(a->skipped[0].why.starts_with("not needed: usbhid (USB_HID) serves usb:v0627p0001"));
    CHECK(a->problems.empty());

    SUBCASE("without the other driver it stays a need that cannot be met") {
        Catalog only_kbd(std::vector<Module>{{"usbkbd", "drivers/hid/usbhid/usbkbd", "USB_KBD", cond("USB_KBD"), true, {}}},
                         std::vector<Alias>{{"usb:v*p*d*dc*dsc*dp*ic03isc01ip01in*", 0, Cond()}});
        auto b = hw::needs::answer(only_kbd, model, base, nullptr, {keyboard()}, hw::needs::Options{});
        REQUIRE(b.has_value());
        REQUIRE(b->result.unreachable.size() == 1);
        CHECK(b->result.unreachable[0].starts_with("USB_KBD:"));
        CHECK(b->skipped.empty());
    }
    SUBCASE("over a base without USB, both are built as modules") {
        auto empty = hw::kconfig::read_config_lines("");
        auto c = hw::needs::answer(catalog, model, empty, nullptr, {keyboard()}, hw::needs::Options{});
        REQUIRE(c.has_value());
        std::vector<std::string> lines;
        for (const auto& l : c->result.fragment) {
            lines.push_back(l.symbol + "=" + l.value);
        }
        std::sort(lines.begin(), lines.end());
        // USB=m and USB_HID=m keep the menu open (m != y); each tristate is asked m.
        CHECK(lines == std::vector<std::string>{"MODULES=y", "USB=m", "USB_HID=m", "USB_KBD=m"});
        CHECK(c->skipped.empty());
        CHECK(c->problems.empty());
    }
}
