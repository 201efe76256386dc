#include "modalias-db/devtable/simple_expr.h"

#include "modalias-db/cpp/lexer.h"

#include <doctest/doctest.h>

using namespace hw::devtable;

namespace {

std::optional<int64_t> ev(std::string_view text) {
    hw::cpp::TokenArena arena;
    auto lexed = hw::cpp::lex(text, 0, "t.c", arena);
    return eval_simple(lexed.tokens, [](std::string_view name) -> std::optional<int64_t> {
        if (name == "BITS_PER_LONG") {
            return 64;
        }
        return std::nullopt;
    });
}

}  // namespace

TEST_CASE("devtable::eval_simple: header constants") {
    CHECK(ev("0x2ff / BITS_PER_LONG + 1") == 12);
    CHECK(ev("(~0)") == -1);
    CHECK(ev("(0xffffffff)") == 0xffffffffLL);
    CHECK(ev("8 + 1") == 9);
    CHECK(ev("1 << 4 | 1") == 17);
    CHECK(ev("10UL - 3 * 2") == 4);
    CHECK(ev("017") == 15);
    CHECK(ev("'A'") == 65);
    CHECK(ev("1 ? 2 : 3") == 2);
    SUBCASE("failures") {
        CHECK_FALSE(ev("UNKNOWN").has_value());
        CHECK_FALSE(ev("1 +").has_value());
        CHECK_FALSE(ev("(1").has_value());
        CHECK_FALSE(ev("1 / 0").has_value());
        CHECK_FALSE(ev("\"str\"").has_value());
    }
}

TEST_CASE("devtable::parse_integer_literal: bases and suffixes") {
    CHECK(parse_integer_literal("0x1FUL") == 0x1F);
    CHECK(parse_integer_literal("0") == 0);
    CHECK(parse_integer_literal("0b101") == 5);
    CHECK(parse_integer_literal("42u") == 42);
    CHECK_FALSE(parse_integer_literal("0x").has_value());
    CHECK_FALSE(parse_integer_literal("09").has_value());
    CHECK_FALSE(parse_integer_literal("1e5").has_value());
}
