#include "match/glob_intersect.h"

#include "match/glob.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

using hw::match::device_pattern;
using hw::match::glob_intersects;
using hw::match::glob_match;

TEST_CASE("match::glob_intersects: partly known devices against alias patterns") {
    // lspci -n gives no subsystem ids and no prog-if.
    const std::string dev = device_pattern("pci:v00008086d00002922sv*sd*bc01sc06i*");
    // A bare '*' could span fields: only the fixed-width form keeps another class out.
    CHECK(glob_intersects("pci:v00008086d00002922sv*sd*bc01sc06i*", "pci:v*d*sv*sd*bc02sc00i*"));
    CHECK(glob_intersects(dev, "pci:v*d*sv*sd*bc01sc06i01*"));                 // ahci by class
    CHECK(glob_intersects(dev, "pci:v00008086d00002922sv*sd*bc*sc*i*"));       // by id
    CHECK(glob_intersects(dev, "pci:v00008086d00002922sv00001028sd*bc*sc*i*"));  // a subvendor: possible
    CHECK_FALSE(glob_intersects(dev, "pci:v00008086d00002923sv*sd*bc*sc*i*"));  // another device
    CHECK_FALSE(glob_intersects(dev, "pci:v*d*sv*sd*bc02sc00i*"));              // another class
    // plain lsusb: vendor and product only.
    const std::string usb = device_pattern("usb:v046Dp082Dd*dc*dsc*dp*ic*isc*ip*in*");
    CHECK(glob_intersects(usb, "usb:v046Dp082Dd00[0-1]*dc*dsc*dp*ic*isc*ip*in*"));
    CHECK(glob_intersects(usb, "usb:v*p*d*dc*dsc*dp*ic0Eisc01ip00in*"));        // uvcvideo by class
    CHECK_FALSE(glob_intersects(usb, "usb:v046Dp082Ed*dc*dsc*dp*ic*isc*ip*in*"));
    CHECK(glob_intersects("abc", "a?c"));
    CHECK_FALSE(glob_intersects("a[0-3]c", "a[5-9]c"));
    CHECK(glob_intersects("a[!0-3]c", "a[2-9]c"));
    CHECK_FALSE(glob_intersects("ab", "abc"));
    CHECK(glob_intersects("a*", "*b"));
}

TEST_CASE("match::glob_intersects: agrees with glob_match when one side is plain text") {
    std::mt19937 rng(7);
    const std::string alphabet = "ab01-";
    const char* patterns[] = {"a*", "*b", "a?0", "[ab]*1", "*[!a]*", "a[0-1]b*", "??", "*", "a\\*b"};
    for (int k = 0; k < 2000; ++k) {
        std::string text;
        for (int len = rng() % 5; len > 0; --len) {
            text += alphabet[rng() % alphabet.size()];
        }
        for (const char* p : patterns) {
            CAPTURE(p);
            CAPTURE(text);
            CHECK(glob_intersects(p, text) == glob_match(p, text));
        }
    }
}

TEST_CASE("match::device_pattern: unknown fields become fixed-width hex") {
    CHECK(device_pattern("pci:v00008086d00002922sv*sd*bc01sc06i*") ==
          "pci:v00008086d00002922sv"
          "[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]sd"
              "[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]bc01sc06i[0-9A-F][0-9A-F]");
    CHECK(device_pattern("usb:v046Dp082Dd0011dc*dsc*dp*ic0Eisc01ip00in00") ==
          "usb:v046Dp082Dd0011dc[0-9A-F][0-9A-F]dsc[0-9A-F][0-9A-F]dp[0-9A-F][0-9A-F]ic0Eisc01ip00in00");
    CHECK(device_pattern("acpi:PNP0A08:") == "acpi:PNP0A08:");
    CHECK(device_pattern("pci:garbage") == "pci:garbage");
}
