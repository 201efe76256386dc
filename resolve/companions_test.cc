// The companion list (companions.h): the line format, every error with its exact position, and
// the list built into the binary. Columns are counted by hand on the literal lines (1-based).
#include "resolve/companions.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

using hw::resolve::builtin_companions_path;
using hw::resolve::builtin_companions_text;
using hw::resolve::Companion;
using hw::resolve::parse_companions;

namespace {

std::vector<Companion> parsed(std::string_view text) {
    auto list = parse_companions(text, "companions.conf");
    REQUIRE_MESSAGE(list.has_value(), (list ? "" : list.error().format()));
    return *list;
}

std::string error_of(std::string_view text) {
    auto list = parse_companions(text, "resolve/companions.conf");
    REQUIRE_FALSE(list.has_value());
    return list.error().format();
}

}  // namespace

TEST_CASE("resolve::companions: good lines") {
    std::vector<Companion> list = parsed(
        "# header\n"
        "\n"
        "snd_hda_intel snd_hda_codec_generic -- generic parser (sound/pci/hda/hda_bind.c)\n"
        "\tusbhid\thid_generic\t--\thid bus -- catch-all (drivers/hid/hid-generic.c)\r\n"
        "usbhid hid_multitouch -- another companion of the same module (x.c)\n"
        "BusLogic sd_mod -- upper case and digits are module names too (drivers/scsi/BusLogic.c)");
    REQUIRE(list.size() == 4);
    CHECK(list[0].module == "snd_hda_intel");
    CHECK(list[0].companion == "snd_hda_codec_generic");
    CHECK(list[0].reason == "generic parser (sound/pci/hda/hda_bind.c)");
    CHECK(list[0].line == 3);
    CHECK(list[1].module == "usbhid");
    CHECK(list[1].companion == "hid_generic");
    CHECK(list[1].reason == "hid bus -- catch-all (drivers/hid/hid-generic.c)");
    CHECK(list[1].line == 4);
    CHECK(list[2].companion == "hid_multitouch");
    CHECK(list[3].module == "BusLogic");
    CHECK(list[3].line == 6);
    CHECK(parsed("").empty());
    CHECK(parsed("# nothing\n   \n").empty());
}

TEST_CASE("resolve::companions: errors, with line and column") {
    SUBCASE("'-' in a module name") {
        CHECK(error_of("snd-hda-intel snd_hda_codec_generic -- r (s)") ==
              "resolve/companions.conf:1:1: error: module names are written with '_' as in "
              "modules.alias: 'snd_hda_intel'");
        CHECK(error_of("# c\n  usbhid hid-generic -- r (s)") ==
              "resolve/companions.conf:2:10: error: module names are written with '_' as in "
              "modules.alias: 'hid_generic'");
    }
    SUBCASE("other characters") {
        CHECK(error_of("usbhid hid.ko -- r (s)") ==
              "resolve/companions.conf:1:8: error: invalid module name 'hid.ko'");
    }
    SUBCASE("missing companion or module") {
        CHECK(error_of("usbhid -- r (s)") ==
              "resolve/companions.conf:1:7: error: expected a companion module after 'usbhid'");
        CHECK(error_of("usbhid") ==
              "resolve/companions.conf:1:7: error: expected a companion module after 'usbhid'");
        CHECK(error_of(" -- r (s)") ==
              "resolve/companions.conf:1:2: error: expected a module and its companion before '--'");
    }
    SUBCASE("too many fields") {
        CHECK(error_of("a b c -- r (s)") ==
              "resolve/companions.conf:1:5: error: unexpected 'c' after the companion (expected "
              "'--')");
        CHECK(error_of("a b reason without dashes (s)") ==
              "resolve/companions.conf:1:5: error: unexpected 'reason' after the companion "
              "(expected '--')");
    }
    SUBCASE("its own companion") {
        CHECK(error_of("sd_mod sd_mod -- r (s)") ==
              "resolve/companions.conf:1:8: error: sd_mod cannot be its own companion");
    }
    SUBCASE("missing --, reason or source") {
        CHECK(error_of("usbhid hid_generic") ==
              "resolve/companions.conf:1:19: error: expected '-- reason (source)' after "
              "'hid_generic'");
        CHECK(error_of("a b --") == "resolve/companions.conf:1:7: error: missing reason after '--'");
        CHECK(error_of("a b -- no source") ==
              "resolve/companions.conf:1:8: error: the reason must end with its source in "
              "parentheses, e.g. '(systemd README)'");
        CHECK(error_of("a b -- empty source ()") ==
              "resolve/companions.conf:1:8: error: the reason must end with its source in "
              "parentheses, e.g. '(systemd README)'");
    }
    SUBCASE("the same pair twice") {
        CHECK(error_of("a b -- r (s)\n"
                       "a c -- r (s)\n"
                       "\n"
                       "   a b -- again (t)\n") ==
              "resolve/companions.conf:4:4: error: a -> b is already on line 1");
    }
    SUBCASE("the first error stops the parse") {
        CHECK(error_of("a b -- r (s)\nx-y z -- r (s)\nq -- r (s)\n") ==
              "resolve/companions.conf:2:1: error: module names are written with '_' as in "
              "modules.alias: 'x_y'");
    }
}

TEST_CASE("resolve::companions: the built-in list") {
    CHECK(builtin_companions_path() == "resolve/companions.conf");
    auto list = parse_companions(builtin_companions_text(), builtin_companions_path());
    REQUIRE_MESSAGE(list.has_value(), (list ? "" : list.error().format()));
    CHECK(list->size() >= 20);

    std::set<std::pair<std::string, std::string>> pairs;
    for (const Companion& c : *list) {
        pairs.emplace(c.module, c.companion);
        // The source is a file in the kernel tree: a path inside the closing parentheses.
        size_t open = c.reason.rfind('(');
        REQUIRE(open != std::string::npos);
        CHECK_MESSAGE(c.reason.find('/', open) != std::string::npos,
                      c.module << " -> " << c.companion << " (line " << c.line << ")");
    }
    for (const auto& [module, companion] :
         std::vector<std::pair<std::string, std::string>>{
             {"snd_hda_intel", "snd_hda_codec_generic"},
             {"usbhid", "hid_generic"},
             {"iwlwifi", "iwlmvm"},
             {"iwlwifi", "iwldvm"},
             {"usb_storage", "sd_mod"},
             {"ahci", "sd_mod"},
             {"vfat", "nls_cp437"},
             {"vfat", "nls_iso8859_1"},
             {"dm_crypt", "xts"}}) {
        CHECK_MESSAGE(pairs.count({module, companion}) == 1, module << " -> " << companion);
    }
    CHECK_MESSAGE(pairs.count({"ext4", "crc32c_generic"}) == 0,
                  "ext4's crc32c is a MODULE_SOFTDEP, read from the index");
}
