#include "kconfig/show.h"

#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include "kconfig/test_util.h"

using namespace hw::kconfig;

using namespace hw::kconfig::testing;


TEST_CASE("kconfig::show: a symbol defined twice, selected and nested") {
    Model m = load_fixture("show");
    // Conditions carry what the entry inherits: the `if BUS` block and the menu (none here).
    // NETDRV sits under BUS in menuconfig (it depends on BUS, right after it), hence the path.
    const char* expected =
        "config NETDRV\n"
        "  type: tristate\n"
        "  defined at Kconfig:14\n"
        "    depends on BUS && (!BROKEN || COMPILE_TEST)\n"
        "    prompt \"Network driver\" if BUS && (!BROKEN || COMPILE_TEST)\n"
        "    select HELPER if BUS && (!BROKEN || COMPILE_TEST)\n"
        "    imply PTP if BUS && (!BROKEN || COMPILE_TEST) && BUS = y\n"
        "    default m if BUS && (!BROKEN || COMPILE_TEST)\n"
        "    menu path: Show test > Drivers > Bus\n"
        "    help\n"
        "      A driver.\n"
        "\n"
        "      Second paragraph.\n"
        "  defined at Kconfig:33\n"
        "    default y if CARRIER\n"
        "    menu path: Show test\n"
        "  direct dependency: BUS && (!BROKEN || COMPILE_TEST)\n"
        "  selected by:\n"
        "    USER at Kconfig:29 if BUS\n";
    auto text = show_symbol(m, "NETDRV");
    REQUIRE(text.has_value());
    CHECK(*text == expected);
    CHECK(show_symbol(m, "CONFIG_NETDRV").value() == expected);

    SUBCASE("range, default and what implies it") {
        CHECK(show_symbol(m, "LEVEL").value() ==
              "config LEVEL\n"
              "  type: int\n"
              "  defined at Kconfig:43\n"
              "    prompt \"Level\"\n"
              "    range 1 9\n"
              "    default 3\n"
              "    menu path: Show test\n"
              "  direct dependency: y\n");
        std::string ptp = show_symbol(m, "PTP").value();
        CHECK(ptp.ends_with("  implied by:\n"
                            "    NETDRV at Kconfig:18 if BUS && (!BROKEN || COMPILE_TEST) && BUS = y\n"));
    }
}

TEST_CASE("kconfig::show: unknown symbols suggest close names") {
    Model m = load_fixture("show");
    CHECK(show_symbol(m, "NETDRVX").error() == "unknown symbol 'NETDRVX'; did you mean NETDRV?");
    CHECK(show_symbol(m, "CONFIG_bux").error() == "unknown symbol 'bux'; did you mean BUS?");
    CHECK(show_symbol(m, "LEVELS").error() == "unknown symbol 'LEVELS'; did you mean LEVEL?");
    CHECK(show_symbol(m, "XYZZY_QUUX").error() == "unknown symbol 'XYZZY_QUUX'");
    CHECK(show_symbol(m, "y").error().starts_with("unknown symbol 'y'"));
}

TEST_CASE("kconfig::show: expressions print with the parentheses precedence needs") {
    Model m = load_fixture("show");
    SymId a = m.find("BUS");
    SymId b = m.find("BROKEN");
    SymId c = m.find("COMPILE_TEST");
    ExprArena& x = m.exprs;
    ExprId e = x.and_(x.or_(x.symbol(a), x.symbol(b)), x.unary_not(x.and_(x.symbol(b), x.symbol(c))));
    CHECK(expr_to_string(m, e) == "(BUS || BROKEN) && !(BROKEN && COMPILE_TEST)");
    CHECK(expr_to_string(m, x.or_(x.symbol(a), x.and_(x.symbol(b), x.symbol(c)))) ==
          "BUS || BROKEN && COMPILE_TEST");
    CHECK(expr_to_string(m, x.compare(ExprKind::Unequal, a, kSymMod)) == "BUS != m");
    CHECK(expr_to_string(m, kNoExpr) == "y");
}
