#include "kconfig/dotconfig.h"

#include "common/source_tree.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using hw::kconfig::DotConfig;
using hw::kconfig::parse_dotconfig;

namespace {

DotConfig parsed(std::string_view text) {
    auto config = parse_dotconfig(text, ".config");
    REQUIRE_MESSAGE(config.has_value(), "parse failed: " << text);
    return *config;
}

std::vector<std::string> errors_of(std::string_view text) {
    auto config = parse_dotconfig(text, "arch/x86/configs/bad.config");
    REQUIRE_FALSE(config.has_value());
    std::vector<std::string> out;
    for (const auto& d : config.error()) {
        out.push_back(d.format());
    }
    return out;
}

}  // namespace

TEST_CASE("kconfig::dotconfig: values") {
    DotConfig c = parsed(
        "#\n"
        "# Automatically generated file; DO NOT EDIT.\n"
        "# Linux/x86 6.1.0 Kernel Configuration\n"
        "#\n"
        "\n"
        "CONFIG_E1000E=m\n"
        "CONFIG_PCI=y\n"
        "CONFIG_HZ=250\n"
        "CONFIG_NEG=-17\n"
        "CONFIG_PHYSICAL_START=0x1000000\n"
        "CONFIG_LOCALVERSION=\"\"\n"
        "CONFIG_CMDLINE=\"a \\\"quoted\\\" word\"\n"
        "CONFIG_EXPLICIT_N=n\n"
        "# CONFIG_E100 is not set\n"
        "# CONFIG_FOO is not set, said someone\n"
        "# end of Ethernet drivers\n");
    SUBCASE("raw values, prefix stripped") {
        CHECK(c.values.size() == 9);
        CHECK(c.values.at("E1000E") == "m");
        CHECK(c.values.at("PCI") == "y");
        CHECK(c.values.at("HZ") == "250");
        CHECK(c.values.at("NEG") == "-17");
        CHECK(c.values.at("PHYSICAL_START") == "0x1000000");
        CHECK(c.values.at("LOCALVERSION") == "\"\"");
        CHECK(c.values.at("CMDLINE") == "\"a \\\"quoted\\\" word\"");
        CHECK(c.values.at("EXPLICIT_N") == "n");
        CHECK(c.values.at("E100") == "n");
        CHECK_FALSE(c.values.contains("FOO"));
    }
    SUBCASE("tristate") {
        CHECK(c.tristate("E1000E") == 'm');
        CHECK(c.tristate("PCI") == 'y');
        CHECK(c.tristate("E100") == 'n');
        CHECK(c.tristate("EXPLICIT_N") == 'n');
        CHECK(c.tristate("ABSENT") == 'n');
        CHECK(c.tristate("HZ") == 'n');
        CHECK(c.tristate("LOCALVERSION") == 'n');
        CHECK(c.tristate("CONFIG_PCI") == 'n');  // callers pass symbols without the prefix
    }
}

TEST_CASE("kconfig::dotconfig: layout details") {
    SUBCASE("last assignment wins") {
        DotConfig c = parsed("CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_B=n\nCONFIG_B=m\n");
        CHECK(c.tristate("A") == 'n');
        CHECK(c.tristate("B") == 'm');
    }
    SUBCASE("no final newline, CRLF and trailing blanks") {
        DotConfig c = parsed("CONFIG_A=y\r\nCONFIG_B=m  \nCONFIG_C=\"x\"\t\nCONFIG_D=0XfF");
        CHECK(c.values.at("A") == "y");
        CHECK(c.values.at("B") == "m");
        CHECK(c.values.at("C") == "\"x\"");
        CHECK(c.values.at("D") == "0XfF");
    }
    SUBCASE("only 'is not set' lines is still a config") {
        DotConfig c = parsed("# CONFIG_A is not set\n");
        CHECK(c.values.size() == 1);
    }
}

TEST_CASE("kconfig::dotconfig: errors") {
    SUBCASE("each bad line reported, parsing goes on") {
        CHECK(errors_of("CONFIG_A=y\n"
                        "garbage here\n"
                        "CONFIG_=y\n"
                        "CONFIG_B y\n"
                        "CONFIG_C\n"
                        "CONFIG_D=\n"
                        "CONFIG_E=yes\n"
                        "CONFIG_F=\"open\n"
                        "CONFIG_G=\"x\" y\n"
                        "CONFIG_H=0x\n"
                        "CONFIG_I=12a\n"
                        "CONFIG_J-K=y\n"
                        "  CONFIG_L=y\n"
                        "CONFIG_M=-\n") ==
              std::vector<std::string>{
                  "arch/x86/configs/bad.config:2:1: error: expected 'CONFIG_NAME=value', "
                  "'# CONFIG_NAME is not set' or a comment",
                  "arch/x86/configs/bad.config:3:8: error: expected a symbol name after 'CONFIG_'",
                  "arch/x86/configs/bad.config:4:9: error: expected '=' after 'CONFIG_B'",
                  "arch/x86/configs/bad.config:5:9: error: expected '=' after 'CONFIG_C'",
                  "arch/x86/configs/bad.config:6:10: error: missing value for CONFIG_D",
                  "arch/x86/configs/bad.config:7:10: error: invalid value 'yes' for CONFIG_E "
                  "(expected y, m, n, a number or a quoted string)",
                  "arch/x86/configs/bad.config:8:10: error: unterminated string for CONFIG_F",
                  "arch/x86/configs/bad.config:9:13: error: unexpected text after the string value "
                  "of CONFIG_G",
                  "arch/x86/configs/bad.config:10:10: error: invalid value '0x' for CONFIG_H "
                  "(expected y, m, n, a number or a quoted string)",
                  "arch/x86/configs/bad.config:11:10: error: invalid value '12a' for CONFIG_I "
                  "(expected y, m, n, a number or a quoted string)",
                  "arch/x86/configs/bad.config:12:9: error: expected '=' after 'CONFIG_J'",
                  "arch/x86/configs/bad.config:13:1: error: expected 'CONFIG_NAME=value', "
                  "'# CONFIG_NAME is not set' or a comment",
                  "arch/x86/configs/bad.config:14:10: error: invalid value '-' for CONFIG_M "
                  "(expected y, m, n, a number or a quoted string)",
              });
    }
    SUBCASE("escaped quote does not close the string") {
        CHECK(errors_of("CONFIG_S=\"a\\\"\n") ==
              std::vector<std::string>{
                  "arch/x86/configs/bad.config:1:10: error: unterminated string for CONFIG_S"});
    }
    SUBCASE("not a config at all") {
        const auto expected = std::vector<std::string>{
            "arch/x86/configs/bad.config: error: no CONFIG_ lines: not a .config file"};
        CHECK(errors_of("") == expected);
        CHECK(errors_of("# just a comment\n\n") == expected);
        CHECK(errors_of("obj-$(CONFIG_E1000E) += e1000e/\nobj-y += core.o\n") == expected);
    }
}

TEST_CASE("kconfig::dotconfig: Debian's 6.1 amd64 config") {
    // tests/data/kconfig/debian-6.1/config is boot/config-6.1.0-56-amd64 from
    // linux-image-6.1.0-56-amd64-unsigned 6.1.192-2. Counts from grep:
    //   grep -c '=m$' -> 3853, grep -c '=y$' -> 2418, grep -c '^CONFIG_' -> 6441,
    //   grep -c '^# CONFIG_.* is not set$' -> 2336, no symbol appears twice.
    auto text = hw::read_file(std::string(HW_TEST_DATA) + "/kconfig/debian-6.1/config");
    REQUIRE(text.has_value());
    auto config = parse_dotconfig(*text, "config-6.1.0-56-amd64");
    REQUIRE(config.has_value());
    const auto& values = config->values;
    auto count = [&](std::string_view v) {
        return std::count_if(values.begin(), values.end(), [&](const auto& kv) { return kv.second == v; });
    };
    CHECK(count("m") == 3853);
    CHECK(count("y") == 2418);
    CHECK(count("n") == 2336);
    CHECK(values.size() == 6441 + 2336);
    CHECK(config->tristate("E1000E") == 'm');
    CHECK(config->tristate("MODULES") == 'y');
    CHECK(values.at("HZ") == "250");
    CHECK(values.at("ILLEGAL_POINTER_VALUE") == "0xdead000000000000");
    CHECK(values.at("LOCALVERSION") == "\"\"");
}

TEST_CASE("kconfig::parse_dotconfig: lines keep file order and repeats, for choices") {
    auto c = hw::kconfig::parse_dotconfig(
        "# header\nCONFIG_B=y\n# CONFIG_A is not set\nCONFIG_B=m  \nCONFIG_S=\"x y\"\n", "t.config");
    REQUIRE(c.has_value());
    REQUIRE(c->lines.size() == 4);
    CHECK(c->lines[0].symbol == "B");
    CHECK(c->lines[0].value == "y");
    CHECK(c->lines[1].symbol == "A");
    CHECK(c->lines[1].value == "n");
    CHECK(c->lines[2].symbol == "B");
    CHECK(c->lines[2].value == "m");  // trailing blanks are not part of the value
    CHECK(c->lines[3].value == "\"x y\"");
    CHECK(c->values.at("B") == "m");  // the last one wins in the map
}
