#include "kconfig/evaluator.h"
#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include "kconfig/test_util.h"

using namespace hw::kconfig;

using namespace hw::kconfig::testing;

namespace {

std::string value(const Model& m, const Config& c, std::string_view name) {
    SymId s = m.find(name);
    REQUIRE(s != kNoSym);
    return c.get(s);
}

}  // namespace

TEST_CASE("kconfig::eval: allnoconfig") {
    Model m = load_fixture("eval");
    Config c = allnoconfig(m, nullptr);
    // Prompted bools/tristates become n; invisible ones are not written at all; the visible
    // choice still gets a value (its default MODE_B is invisible, so the first visible value);
    // int/hex/string keep defaults; `default y if m` is n without modules.
    CHECK(write_dotconfig(m, c) ==
          "#\n"
          "# Automatically generated file; DO NOT EDIT.\n"
          "# Eval test\n"
          "#\n"
          "# CONFIG_MODULES is not set\n"
          "\n"
          "#\n"
          "# Drivers\n"
          "#\n"
          "# CONFIG_BUS is not set\n"
          "# CONFIG_USER is not set\n"
          "# CONFIG_IMPLIER is not set\n"
          "# end of Drivers\n"
          "\n"
          "CONFIG_MODE_A=y\n"
          "CONFIG_NUM=5\n"
          "CONFIG_HEXV=0x1000\n"
          "CONFIG_STR=\"a\\\"b\"\n"
          "# CONFIG_GROUP is not set\n"
          "# CONFIG_SELECTOR is not set\n");

    SUBCASE("select ignores the target's dependencies") {
        std::vector<ConfigLine> frag = {{"SELECTOR", "y"}};
        Config s = allnoconfig(m, &frag);
        CHECK(value(m, s, "BUS") == "n");
        CHECK(value(m, s, "SEL_TARGET") == "y");
        CHECK(s.write[m.find("SEL_TARGET")]);
    }
}

TEST_CASE("kconfig::eval: olddefconfig with modules") {
    Model m = load_fixture("eval");
    std::vector<ConfigLine> in = read_config_lines(
        "CONFIG_MODULES=y\n"
        "CONFIG_BUS=m\n"
        "CONFIG_DRV=y\n"        // limited to m by its dependency on BUS=m
        "CONFIG_USER=m\n"       // selects HELPER (no prompt) to m
        "CONFIG_IMPLIER=y\n"    // implies WEAK: y, limited to m by WEAK's dependency
        "CONFIG_MODE_B=y\n"     // visible now (BUS=m, bool choice value: m counts as y)
        "CONFIG_NUM=20\n"       // out of range 2..8: dropped, back to the default
        "CONFIG_GROUP=y\n"
        "CONFIG_UNKNOWN=y\n");  // ignored
    Config c = olddefconfig(m, in);
    CHECK(write_dotconfig(m, c) ==
          "#\n"
          "# Automatically generated file; DO NOT EDIT.\n"
          "# Eval test\n"
          "#\n"
          "CONFIG_MODULES=y\n"
          "\n"
          "#\n"
          "# Drivers\n"
          "#\n"
          "CONFIG_BUS=m\n"
          "CONFIG_DRV=m\n"
          "CONFIG_HELPER=m\n"
          "CONFIG_USER=m\n"
          "CONFIG_WEAK=m\n"
          "CONFIG_IMPLIER=y\n"
          "# end of Drivers\n"
          "\n"
          "CONFIG_IN_IF=y\n"
          "# CONFIG_MODE_A is not set\n"
          "CONFIG_MODE_B=y\n"
          "CONFIG_NUM=5\n"
          "CONFIG_HEXV=0x1000\n"
          "CONFIG_STR=\"a\\\"b\"\n"
          "\n"
          "#\n"
          "# Bus options\n"
          "#\n"
          "CONFIG_GROUP=y\n"
          "CONFIG_GROUP_ITEM=y\n"
          "CONFIG_MOD_ONLY=y\n"
          "# CONFIG_SEL_TARGET is not set\n"
          "# CONFIG_SELECTOR is not set\n");
}

TEST_CASE("kconfig::eval: without MODULES, m rounds up to y") {
    Model m = load_fixture("eval");
    Config c = olddefconfig(m, read_config_lines("# CONFIG_MODULES is not set\n"
                                                 "CONFIG_BUS=m\n"
                                                 "CONFIG_USER=m\n"
                                                 "CONFIG_NUM=7\n"
                                                 "CONFIG_STR=\"x\"\n"));
    CHECK(value(m, c, "BUS") == "y");
    CHECK(value(m, c, "USER") == "y");
    CHECK(value(m, c, "HELPER") == "y");
    CHECK(value(m, c, "DRV") == "n");
    CHECK(value(m, c, "MOD_ONLY") == "n");
    CHECK_FALSE(c.write[m.find("MOD_ONLY")]);
    CHECK(value(m, c, "NUM") == "7");
    CHECK(value(m, c, "STR") == "x");
    // The choice's default MODE_B is visible now: it wins over the first value.
    CHECK(value(m, c, "MODE_B") == "y");
    CHECK(value(m, c, "MODE_A") == "n");
}

TEST_CASE("kconfig::eval: tinyconfig-style merge keeps the last choice line") {
    Model m = load_fixture("eval");
    // merge_config.sh moves a re-assigned symbol to the end; the later `=y` of a choice value
    // is what selects it.
    auto merged = merge_config(read_config_lines("CONFIG_BUS=y\nCONFIG_MODE_B=y\nCONFIG_MODE_A=y\n"),
                               {read_config_lines("CONFIG_MODE_B=y\n")});
    REQUIRE(merged.size() == 3);
    CHECK(merged.back().symbol == "MODE_B");
    Config c = olddefconfig(m, merged);
    CHECK(value(m, c, "MODE_B") == "y");
    CHECK(value(m, c, "MODE_A") == "n");
}

TEST_CASE("kconfig::eval: values_without_line agrees with a second olddefconfig run") {
    // What a symbol becomes without its extra line depends only on what it depends on, which
    // cannot depend on it: so the what-if on the finished config must equal evaluating again
    // without that line. Checked for every non-choice symbol of the extra lines, over a base
    // that has lines of its own (its line must come back when the extra one goes).
    Model m = load_fixture("eval");
    const std::vector<ConfigLine> base = read_config_lines("CONFIG_MODULES=y\nCONFIG_GROUP=y\nCONFIG_BUS=y\n");
    const std::vector<std::string> extras[] = {
        {"BUS=m", "DRV=y", "USER=m", "IMPLIER=y", "GROUP=n"},
        {"USER=y", "DRV=m", "IMPLIER=m", "SELECTOR=y", "BUS=n"},
        {"MODULES=n", "DRV=y", "USER=y", "GROUP_ITEM=n"},
    };
    size_t checked = 0;
    for (const auto& extra : extras) {
        std::vector<ConfigLine> lines = base;
        std::vector<SymId> which;
        for (const std::string& e : extra) {
            auto eq = e.find('=');
            lines.push_back({e.substr(0, eq), e.substr(eq + 1)});
            SymId s = m.find(e.substr(0, eq));
            REQUIRE(s != kNoSym);
            which.push_back(s);
        }
        Config c = olddefconfig(m, lines);
        std::vector<Tri> what_if = values_without_line(m, c, which, base);
        for (size_t i = 0; i < which.size(); ++i) {
            std::vector<ConfigLine> without = lines;
            without.erase(without.begin() + static_cast<std::ptrdiff_t>(base.size() + i));
            Config again = olddefconfig(m, without);
            INFO(m.symbols[which[i]].name);
            CHECK(what_if[i] == again.tri[which[i]]);
            ++checked;
        }
    }
    CHECK(checked == 14);
}
