#include "match/alias_index.h"

#include "match/alias_lines.h"
#include "match/glob.h"
#include "match/normalize.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

using hw::match::AliasIndex;
using Patterns = std::vector<std::pair<std::string, uint32_t>>;

namespace {

std::vector<uint32_t> match(const AliasIndex& ix, std::string_view q) {
    std::vector<uint32_t> out{999};  // match() must replace, not append
    ix.match(q, out);
    return out;
}

// Enough acpi*/dmi*/usb class patterns behind one prefix that those buckets get split by keys.
Patterns mixed_patterns() {
    Patterns p = {
        {"pci:v00008086d00001E31sv*sd*bc*sc*i*", 1},  // xhci_pci by ID
        {"pci:v*d*sv*sd*bc0Csc03i30*", 1},            // xhci_pci by class
        {"pci:v*d*sv*sd*bc0Csc03i20*", 2},            // ehci_pci
        {"acpi*:PNP0C0A:*", 3},                       // battery
        {"acpi*:ACPI0003:*", 4},                      // ac
        {"dmi*:svnLENOVO:*pvrThinkPadX220*:*", 5},
        {"dmi:bvnIBM:bvrI[MU]ET??WW*", 6},
        {"dmi*:[bs]vnD[Ee][Ll][Ll]*:*", 7},
        {"usb:v*p*d*dc*dsc*dp*ic0Eisc01ip00in*", 8},  // uvcvideo by class
        {"usb:v046Dp08C1d*dc*dsc*dp*ic0Eisc01ip00in*", 8},
        {"usb:v05ACp8290d010[6-9]dc*dsc*dp*ic*isc*ip*in*", 9},
        {"usb:v05ACp8290d01[1-9]*dc*dsc*dp*ic*isc*ip*in*", 9},
        {"fs-ext4", 10},
        {"platform:intel_pmc_core", 11},
        {"of:N*T*Cgoogle,cros-ec-spi", 12},
        {"x[-]y", 13},
        {"*wildcard-first", 14},
        {"cpu:type:x86,ven*fam*mod*:feature:*0081*", 15},
    };
    for (int i = 0; i < 20; ++i) {
        p.emplace_back("acpi*:TEST" + std::to_string(1000 + i) + ":*", 100 + i);
        p.emplace_back("dmi*:svnVendor" + std::to_string(i) + ":*", 200 + i);
        p.emplace_back("usb:v*p*d*dc*dsc*dp*ic" + std::to_string(20 + i) + "isc*ip*in*", 300 + i);
    }
    return p;
}

}  // namespace

TEST_CASE("match::AliasIndex: kmod's matches on real alias shapes") {
    Patterns p = mixed_patterns();
    AliasIndex ix = AliasIndex::build(p);
    CHECK(ix.size() == p.size());
    CHECK(ix.stats().keyed_buckets >= 3);  // "acpi", "dmi", "usb:v" are split

    SUBCASE("pci: by ID and by class, each module once, ascending") {
        CHECK(match(ix, "pci:v00008086d00001E31sv0000103Csd0000181Bbc0Csc03i30") == std::vector<uint32_t>{1});
        CHECK(match(ix, "pci:v00001033d00000194sv00000000sd00000000bc0Csc03i30") == std::vector<uint32_t>{1});
        CHECK(match(ix, "pci:v00008086d00001E26sv0000103Csd0000181Bbc0Csc03i20") == std::vector<uint32_t>{2});
        CHECK(match(ix, "pci:v00008086d00001E26sv0000103Csd0000181Bbc0Csc03i10").empty());
    }
    SUBCASE("acpi* patterns are found for acpi: devices, by HID or CID") {
        CHECK(match(ix, "acpi:PNP0C0A:PNP0C0A:") == std::vector<uint32_t>{3});
        CHECK(match(ix, "acpi:LEN0100:PNP0C0A:") == std::vector<uint32_t>{3});
        CHECK(match(ix, "acpi:ACPI0003:") == std::vector<uint32_t>{4});
        CHECK(match(ix, "acpi:TEST1007:ACPI0003:") == std::vector<uint32_t>{4, 107});
        CHECK(match(ix, "acpi:PNP0C0B:").empty());
    }
    SUBCASE("dmi* patterns, brackets and '?'") {
        std::string lenovo = "dmi:bvnLENOVO:bvr8DET69WW(1.39):bd07/18/2013:svnLENOVO:pn4291W1B:pvrThinkPadX220:rvnLENOVO:";
        CHECK(match(ix, lenovo) == std::vector<uint32_t>{5});
        CHECK(match(ix, "dmi:bvnIBM:bvrIUET61WW(1.61):bd05/02/2011:") == std::vector<uint32_t>{6});
        CHECK(match(ix, "dmi:bvnIBM:bvrIXET61WW(1.61):").empty());
        CHECK(match(ix, "dmi:bvnDell Inc.:bvr2.3.1:svnDell Inc.:") == std::vector<uint32_t>{7});
        CHECK(match(ix, "dmi:bvnX:svnVendor13:pnY:") == std::vector<uint32_t>{213});
    }
    SUBCASE("usb: class drivers and bcdDevice ranges") {
        CHECK(match(ix, "usb:v046Dp0825d0012dcEFdsc02dp01ic0Eisc01ip00in00") == std::vector<uint32_t>{8});
        CHECK(match(ix, "usb:v1234p5678d0100dc00dsc00dp00ic25isc01ip00in00") == std::vector<uint32_t>{305});
        CHECK(match(ix, "usb:v05ACp8290d0105dc00dsc00dp00ic03isc00ip00in00").empty());
        CHECK(match(ix, "usb:v05ACp8290d0106dc00dsc00dp00ic03isc00ip00in00") == std::vector<uint32_t>{9});
        CHECK(match(ix, "usb:v05ACp8290d0199dc00dsc00dp00ic03isc00ip00in00") == std::vector<uint32_t>{9});
        CHECK(match(ix, "usb:v05ACp8290d0200dc00dsc00dp00ic03isc00ip00in00").empty());
    }
    SUBCASE("exact patterns and '-' / '_' on both sides") {
        CHECK(match(ix, "fs-ext4") == std::vector<uint32_t>{10});
        CHECK(match(ix, "fs_ext4") == std::vector<uint32_t>{10});
        CHECK(match(ix, "fs-ext4x").empty());
        CHECK(match(ix, "fs-ext").empty());
        CHECK(match(ix, "platform:intel-pmc-core") == std::vector<uint32_t>{11});
        CHECK(match(ix, "of:NcrosTspiCgoogle,cros_ec-spi") == std::vector<uint32_t>{12});
        // '-' inside a pattern's bracket stays, the query's '-' is folded: kmod never matches.
        CHECK(match(ix, "x-y").empty());
        CHECK(match(ix, "x_y").empty());
    }
    SUBCASE("patterns that start with a wildcard are tried for every query") {
        CHECK(match(ix, "anything-wildcard_first") == std::vector<uint32_t>{14});
        CHECK(match(ix, "wildcard_first") == std::vector<uint32_t>{14});
    }
    SUBCASE("cpu feature lists") {
        CHECK(match(ix, "cpu:type:x86,ven0000fam0006mod003A:feature:,0000,0001,0081,00E5") ==
              std::vector<uint32_t>{15});
        CHECK(match(ix, "cpu:type:x86,ven0000fam0006mod003A:feature:,0000,0001,0082").empty());
    }
    SUBCASE("queries libkmod rejects match nothing") {
        CHECK(match(ix, "fs-ext4]").empty());
        CHECK(match(ix, "acpi:PNP0C0A:[").empty());
    }
}

TEST_CASE("match::AliasIndex: empty index") {
    AliasIndex ix = AliasIndex::build({});
    CHECK(ix.size() == 0);
    CHECK(match(ix, "pci:v1").empty());
    CHECK(match(ix, "").empty());
}

// The index must return exactly what trying every pattern returns (fnmatch on the folded strings,
// no '\' so the literal-prefix rule and fnmatch agree), on random patterns and texts from a small
// alphabet so that prefixes are shared and big buckets get split.
TEST_CASE("match::AliasIndex: equals the exhaustive loop on random inputs") {
    std::mt19937 rng(7);
    auto pick = [&rng](std::string_view alphabet, size_t min_len, size_t max_len) {
        std::string s(min_len + rng() % (max_len - min_len + 1), ' ');
        for (char& c : s) {
            c = alphabet[rng() % alphabet.size()];
        }
        return s;
    };
    Patterns patterns;
    for (uint32_t i = 0; i < 3000; ++i) {
        patterns.emplace_back(pick("ab", 0, 2) + pick("abcd-_*?*[]", 1, 10), i % 700);
    }
    AliasIndex ix = AliasIndex::build(patterns);
    std::vector<std::string> folded;
    for (const auto& [p, m] : patterns) {
        folded.push_back(hw::match::normalize_pattern(p));
    }
    std::string q;
    int mismatches = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = pick("abcd-_", 0, 12);
        std::vector<uint32_t> expected;
        if (hw::match::normalize_query(text, q)) {
            for (size_t k = 0; k < folded.size(); ++k) {
                if (hw::match::glob_match(folded[k], q)) {
                    expected.push_back(patterns[k].second);
                }
            }
        }
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        if (match(ix, text) != expected && mismatches++ < 5) {
            INFO("query '" << text << "'");
            CHECK(match(ix, text) == expected);
        }
    }
    CHECK(mismatches == 0);
    CHECK(ix.stats().keyed_buckets > 0);
}

TEST_CASE("match::parse_alias_lines: modules.alias lines") {
    auto t = hw::match::parse_alias_lines(
        "# Aliases extracted from modules themselves.\n"
        "alias pci:v*d*sv*sd*bc0Csc03i30* xhci_pci\n"
        "alias fs-ext4 ext4\r\n"
        "\n"
        "alias broken\n"
        "alias usb:v*p*d*dc*dsc*dp*ic0Eisc01ip00in* uvcvideo extra\n"
        "alias pci:v00008086d00001E31sv*sd*bc*sc*i* xhci_pci");
    CHECK(t.modules == std::vector<std::string>{"xhci_pci", "ext4"});
    REQUIRE(t.patterns.size() == 3);
    CHECK(t.patterns[0] == std::pair<std::string, uint32_t>{"pci:v*d*sv*sd*bc0Csc03i30*", 0});
    CHECK(t.patterns[1] == std::pair<std::string, uint32_t>{"fs-ext4", 1});
    CHECK(t.patterns[2] == std::pair<std::string, uint32_t>{"pci:v00008086d00001E31sv*sd*bc*sc*i*", 0});
}
