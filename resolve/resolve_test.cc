// The resolver on small Kconfig trees (tests/data/resolve/<case>/Kconfig). Every expected
// fragment is worked out by hand from the Kconfig rules (kconfig-language.rst): what the
// dependency chain needs, which `||` side is already on or cheaper, what a default or a
// selector gives anyway (and so must not be written).
#include "resolve/resolve.h"

#include "kconfig/test_util.h"

#include <doctest/doctest.h>

#include <algorithm>

using hw::resolve::check_fixed_point;
using hw::resolve::Line;
using hw::resolve::Need;
using hw::resolve::resolve;
using hw::resolve::Tristate;
using hw::kconfig::ConfigLine;
using hw::kconfig::Model;

namespace {

Model load(const char* name) { return hw::kconfig::testing::load_tree(std::string("resolve/") + name); }

Need mod(std::string s) { return Need{std::move(s), Tristate::Module, {}}; }
Need builtin(std::string s) { return Need{std::move(s), Tristate::Builtin, {}}; }

// The fragment as sorted "SYM=value" lines (its order is not part of the contract).
std::vector<std::string> text(const std::vector<Line>& fragment) {
    std::vector<std::string> out;
    for (const Line& l : fragment) {
        out.push_back(l.symbol + "=" + l.value);
    }
    std::sort(out.begin(), out.end());
    return out;
}

using Strings = std::vector<std::string>;

// Resolves, checks the fixed point with the evaluator, returns the sorted fragment.
Strings fragment(const Model& model, const std::vector<ConfigLine>& base,
                 const std::vector<Need>& needs) {
    auto r = resolve(model, base, needs);
    REQUIRE(r.has_value());
    CHECK(r->unreachable.empty());
    CHECK(check_fixed_point(model, base, r->fragment, needs).empty());
    return text(r->fragment);
}

}  // namespace

TEST_CASE("resolve::resolve: dependency chains") {
    Model model = load("chain");
    SUBCASE("module: the chain, MODULES, and not ETHERNET (default y once visible)") {
        CHECK(fragment(model, {}, {mod("E1000E")}) ==
              Strings{"E1000E=m", "MODULES=y", "NET=y", "NETDEVICES=y", "PCI=y"});
    }
    SUBCASE("built in: no MODULES") {
        CHECK(fragment(model, {}, {builtin("E1000E")}) ==
              Strings{"E1000E=y", "NET=y", "NETDEVICES=y", "PCI=y"});
    }
    SUBCASE("what the base has is not repeated") {
        CHECK(fragment(model, {{"PCI", "y"}, {"MODULES", "y"}}, {mod("E1000E")}) ==
              Strings{"E1000E=m", "NET=y", "NETDEVICES=y"});
    }
    SUBCASE("a base that switches ETHERNET off needs it written") {
        CHECK(fragment(model, {{"NET", "y"}, {"NETDEVICES", "y"}, {"ETHERNET", "n"}},
                       {builtin("E1000E")}) == Strings{"E1000E=y", "ETHERNET=y", "PCI=y"});
    }
}

TEST_CASE("resolve::resolve: || alternatives") {
    Model model = load("or");
    SUBCASE("COMPILE_TEST is never the simple side") {
        CHECK(fragment(model, {}, {mod("DRV_A")}) == Strings{"ARCH_A=y", "DRV_A=m", "MODULES=y"});
    }
    SUBCASE("but what the base has on wins") {
        CHECK(fragment(model, {{"COMPILE_TEST", "y"}}, {mod("DRV_A")}) ==
              Strings{"DRV_A=m", "MODULES=y"});
    }
    SUBCASE("a side already on by default costs nothing") {
        CHECK(fragment(model, {}, {mod("DRV_B")}) == Strings{"DRV_B=m", "MODULES=y"});
    }
    SUBCASE("an && side of two symbols beats COMPILE_TEST") {
        CHECK(fragment(model, {}, {mod("DRV_C")}) ==
              Strings{"ARCH_A=y", "DRV_C=m", "HAS_DMA=y", "MODULES=y"});
    }
}

TEST_CASE("resolve::resolve: symbols without a prompt, select") {
    Model model = load("select");
    SUBCASE("reached through the selector whose dependencies can be met") {
        CHECK(fragment(model, {}, {mod("CRC_HELPER")}) == Strings{"FOO=m", "MODULES=y"});
    }
    SUBCASE("a =y selector forces y: the m line is not written") {
        CHECK(fragment(model, {}, {mod("LIBX"), builtin("CORE")}) == Strings{"CORE=y"});
    }
    SUBCASE("alone, a module") {
        CHECK(fragment(model, {}, {mod("LIBX")}) == Strings{"LIBX=m", "MODULES=y"});
    }
}

TEST_CASE("resolve::resolve: m and y") {
    Model model = load("tristate");
    SUBCASE("m under a bool dependency: the bool is y, the tristates m") {
        CHECK(fragment(model, {}, {mod("USB_XHCI_HCD")}) ==
              Strings{"MODULES=y", "USB=m", "USB_SUPPORT=y", "USB_XHCI_HCD=m"});
    }
    SUBCASE("y needs every tristate dependency at y") {
        CHECK(fragment(model, {}, {builtin("USB_XHCI_HCD")}) ==
              Strings{"USB=y", "USB_SUPPORT=y", "USB_XHCI_HCD=y"});
    }
    SUBCASE("m under y") {
        CHECK(fragment(model, {}, {mod("USB_XHCI_HCD"), builtin("USB")}) ==
              Strings{"MODULES=y", "USB=y", "USB_SUPPORT=y", "USB_XHCI_HCD=m"});
    }
}

TEST_CASE("resolve::resolve: choices") {
    Model model = load("choice");
    SUBCASE("a choice value that is not the default is written") {
        CHECK(fragment(model, {}, {mod("KERNEL_ZSTD")}) == Strings{"KERNEL_ZSTD=y"});
    }
    SUBCASE("the default value needs nothing") {
        CHECK(fragment(model, {}, {mod("KERNEL_GZIP")}).empty());
    }
    SUBCASE("a choice behind a dependency") {
        CHECK(fragment(model, {}, {builtin("SLOB")}) == Strings{"EXPERT=y", "SLOB=y"});
        CHECK(fragment(model, {}, {builtin("SLAB")}) == Strings{"EXPERT=y"});
    }
}

TEST_CASE("resolve::resolve: needs that cannot be met, and !X") {
    Model model = load("unmet");
    std::vector<Need> needs{mod("OLD_DRV"), mod("NEW_DRV"), mod("FOO"), mod("NO_SUCH")};
    auto r = resolve(model, {}, needs);
    REQUIRE(r.has_value());
    CHECK(r->unreachable ==
          Strings{"NO_SUCH: no such symbol in this tree",
                  "OLD_DRV: BROKEN: no prompt, and no default or selector that can be met"});
    CHECK(text(r->fragment) == Strings{"FOO=m", "LEGACY=n", "MODULES=y", "NEW_DRV=m"});
    std::vector<Need> reachable{mod("NEW_DRV"), mod("FOO")};
    CHECK(check_fixed_point(model, {}, r->fragment, reachable).empty());
    SUBCASE("an empty symbol name is an error") {
        CHECK(!resolve(model, {}, {mod("")}).has_value());
    }
}

TEST_CASE("resolve::check_fixed_point: the messages generate-config.pl would give") {
    Model model = load("chain");
    std::vector<Line> bad{{"E1000E", "m", {}, {}}, {"NOPE", "y", {}, {}}};
    CHECK(check_fixed_point(model, {}, bad, {mod("E1000E")}) ==
          Strings{"unused option: E1000E", "unknown symbol: NOPE", "need not enabled: E1000E"});
    std::vector<Line> no_modules{{"PCI", "y", {}, {}}, {"NET", "y", {}, {}}, {"NETDEVICES", "y", {}, {}},
                                 {"E1000E", "m", {}, {}}};
    CHECK(check_fixed_point(model, {}, no_modules, {mod("E1000E")}) ==
          Strings{"option not set correctly: E1000E (wanted 'm', got 'y')"});
}

TEST_CASE("resolve::resolve: a prompt behind a gate is reached through its default") {
    Model model = load("default_path");
    // EFI_PARTITION defaults to y once BLOCK is on: no PARTITION_ADVANCED=y, no line of its own.
    CHECK(fragment(model, {}, {builtin("EFI_PARTITION")}) == Strings{"BLOCK=y"});
    // A base that says "# CONFIG_EFI_PARTITION is not set" while it is visible wins over the
    // default: then the prompt is the way, and its gate with it.
    std::vector<ConfigLine> base{{"BLOCK", "y"}, {"PARTITION_ADVANCED", "y"}, {"EFI_PARTITION", "n"}};
    CHECK(fragment(model, base, {builtin("EFI_PARTITION")}) == Strings{"EFI_PARTITION=y"});
}

TEST_CASE("resolve::resolve: of two needs that exclude each other, the first one decided wins") {
    Model model = load("conflict");
    // IIO_ACCEL's `INPUT_ACCEL=n` holds when it is decided: INPUT_ACCEL is kept off for it, so
    // the later need for INPUT_ACCEL is the one that cannot be met (not the other way round).
    auto r = resolve(model, {}, {mod("IIO_ACCEL"), mod("INPUT_ACCEL")});
    REQUIRE(r.has_value());
    CHECK(text(r->fragment) == Strings{"IIO_ACCEL=m", "MODULES=y"});
    REQUIRE(r->unreachable.size() == 1);
    CHECK(r->unreachable[0].starts_with("INPUT_ACCEL: "));
    CHECK(check_fixed_point(model, {}, r->fragment, {mod("IIO_ACCEL")}).empty());
    // In the other order, the other one.
    auto q = resolve(model, {}, {mod("INPUT_ACCEL"), mod("IIO_ACCEL")});
    REQUIRE(q.has_value());
    CHECK(text(q->fragment) == Strings{"INPUT_ACCEL=m", "MODULES=y"});
    REQUIRE(q->unreachable.size() == 1);
    CHECK(q->unreachable[0].starts_with("IIO_ACCEL: "));
}
