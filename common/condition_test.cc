#include "common/condition.h"

#include <doctest/doctest.h>

#include <map>

using hw::Cond;

namespace {

Cond parsed(std::string_view text) {
    auto c = hw::parse_cond(text);
    REQUIRE_MESSAGE(c.has_value(), "parse failed: " << text);
    return *c;
}

bool eval(const Cond& c, std::map<std::string, char> config, bool module = true) {
    return c.evaluate([&](std::string_view s) {
        auto it = config.find(std::string(s));
        return it == config.end() ? 'n' : it->second;
    }, module);
}

}  // namespace

TEST_CASE("condition: builders fold constants and flatten") {
    Cond a = Cond::enabled("PCI");
    Cond b = Cond::builtin("OF");
    CHECK(hw::and_(Cond::truth(), a).to_string() == "PCI");
    CHECK(hw::and_(Cond::falsity(), a).is_false());
    CHECK(hw::or_(a, Cond::truth()).is_true());
    CHECK(hw::and_(hw::and_(a, b), Cond::module("X")).to_string() == "PCI && OF=y && X=m");
    CHECK(hw::and_(a, a).to_string() == "PCI");
    CHECK(hw::not_(hw::not_(a)).to_string() == "PCI");
    CHECK(hw::or_(hw::and_(a, b), hw::not_(a)).to_string() == "(PCI && OF=y) || !PCI");
    CHECK(hw::not_(hw::or_(a, b)).to_string() == "!(PCI || OF=y)");
}

TEST_CASE("condition: text form round-trips") {
    for (const char* text : {"1", "0", "PCI", "OF=y", "X=m", "MODULE", "!PCI", "A && B=y && !C=m",
                             "(A && B) || C", "!(A || B)", "(A || B) && (C || D=m)"}) {
        CAPTURE(text);
        CHECK(parsed(text).to_string() == text);
    }
    // Redundant parentheses and spacing normalise.
    CHECK(parsed("((A))&&B").to_string() == "A && B");
    CHECK(parsed("A && (B && C)").to_string() == "A && B && C");
}

TEST_CASE("condition: parse errors say where") {
    auto bad = hw::parse_cond("A && (B");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message == "expected ')'");
    auto bad2 = hw::parse_cond("A=x");
    REQUIRE_FALSE(bad2.has_value());
    CHECK(bad2.error().offset == 1);
    CHECK_FALSE(hw::parse_cond("A &&").has_value());
    CHECK_FALSE(hw::parse_cond("A B").has_value());
}

TEST_CASE("condition: tristate semantics") {
    std::map<std::string, char> cfg{{"Y", 'y'}, {"M", 'm'}};
    CHECK(eval(parsed("Y"), cfg));
    CHECK(eval(parsed("M"), cfg));
    CHECK_FALSE(eval(parsed("N"), cfg));
    CHECK(eval(parsed("Y=y"), cfg));
    CHECK_FALSE(eval(parsed("M=y"), cfg));
    CHECK(eval(parsed("M=m"), cfg));
    CHECK_FALSE(eval(parsed("Y=m"), cfg));
    CHECK(eval(parsed("!N && (M || N)"), cfg));
    CHECK(eval(parsed("MODULE"), cfg, true));
    CHECK_FALSE(eval(parsed("MODULE"), cfg, false));
    CHECK(parsed("(A || B=m) && !C").symbols() == std::vector<std::string>{"A", "B", "C"});
}
