#include "modalias-db/cpp/const_eval.h"

#include "modalias-db/cpp/lexer.h"

#include <doctest/doctest.h>

#include <map>

using namespace hw::cpp;

namespace {

struct Lexed {
    TokenArena arena;
    Tokens tokens;
};

std::expected<ConstValue, EvalError> eval(std::string_view text, const std::map<std::string, int64_t>& enums = {}) {
    TokenArena arena;
    auto lexed = lex(text, 0, "expr.c", arena);
    REQUIRE(lexed.diagnostics.empty());
    return eval_const(lexed.tokens, [&](std::string_view name) -> std::optional<int64_t> {
        auto it = enums.find(std::string(name));
        if (it == enums.end()) {
            return std::nullopt;
        }
        return it->second;
    });
}

// Bit pattern and signedness of a successful evaluation.
std::pair<uint64_t, bool> value(std::string_view text) {
    auto v = eval(text);
    REQUIRE_MESSAGE(v.has_value(), text << ": " << v.error().message);
    return {v->bits, v->is_signed};
}

uint64_t bits(std::string_view text) { return value(text).first; }

std::string error(std::string_view text) {
    auto v = eval(text);
    REQUIRE_MESSAGE(!v.has_value(), text << " evaluated");
    return std::to_string(v.error().line) + ":" + std::to_string(v.error().col) + ": " + v.error().message;
}

constexpr uint64_t kAllOnes = ~uint64_t{0};

}  // namespace

TEST_CASE("cpp::eval_const: literal types") {
    SUBCASE("decimal without suffix: int, then long") {
        CHECK(value("2147483647") == std::pair<uint64_t, bool>{0x7FFFFFFF, true});
        CHECK(value("2147483648") == std::pair<uint64_t, bool>{0x80000000, true});
        CHECK(bits("4294967295 + 1") == 0x100000000);  // long: no wrap
    }
    SUBCASE("hex and octal: int, unsigned int, long, unsigned long") {
        CHECK(value("0x7FFFFFFF") == std::pair<uint64_t, bool>{0x7FFFFFFF, true});
        CHECK(value("0x80000000") == std::pair<uint64_t, bool>{0x80000000, false});
        CHECK(bits("0xFFFFFFFF + 1") == 0);  // unsigned int wraps
        CHECK(value("0x100000000") == std::pair<uint64_t, bool>{0x100000000, true});
        CHECK(value("0xFFFFFFFFFFFFFFFF") == std::pair<uint64_t, bool>{kAllOnes, false});
        CHECK(bits("017") == 15);
        CHECK(bits("0") == 0);
        CHECK(bits("0b101") == 5);
    }
    SUBCASE("suffixes") {
        CHECK(value("10U") == std::pair<uint64_t, bool>{10, false});
        CHECK(value("10u") == std::pair<uint64_t, bool>{10, false});
        CHECK(value("1UL") == std::pair<uint64_t, bool>{1, false});
        CHECK(value("1LU") == std::pair<uint64_t, bool>{1, false});
        CHECK(value("1ull") == std::pair<uint64_t, bool>{1, false});
        CHECK(value("1LL") == std::pair<uint64_t, bool>{1, true});
        CHECK(value("1L") == std::pair<uint64_t, bool>{1, true});
    }
    SUBCASE("character constants are int; plain char is signed") {
        CHECK(bits("'A'") == 65);
        CHECK(bits("'\\n'") == 10);
        CHECK(value("'\\xff'") == std::pair<uint64_t, bool>{kAllOnes, true});
    }
}

TEST_CASE("cpp::eval_const: usual arithmetic conversions") {
    CHECK(value("~0") == std::pair<uint64_t, bool>{kAllOnes, true});
    CHECK(value("~0U") == std::pair<uint64_t, bool>{0xFFFFFFFF, false});
    CHECK(value("~0UL") == std::pair<uint64_t, bool>{kAllOnes, false});
    CHECK(value("-1U") == std::pair<uint64_t, bool>{0xFFFFFFFF, false});
    CHECK(bits("-1 < 0U") == 0);   // -1 converts to UINT_MAX
    CHECK(bits("-1 < 0UL") == 0);
    CHECK(bits("-1L < 0U") == 1);  // long holds every unsigned int
    CHECK(bits("-1 < 0") == 1);
    CHECK(value("0xFFFFFFFF + 1L") == std::pair<uint64_t, bool>{0x100000000, true});
    CHECK(value("0x7FFFFFFF + 1") == std::pair<uint64_t, bool>{0xFFFFFFFF80000000, true});  // wraps like GCC
    CHECK(bits("3 * -2") == static_cast<uint64_t>(-6));
    CHECK(bits("-7 / 2") == static_cast<uint64_t>(-3));
    CHECK(bits("-7 % 2") == static_cast<uint64_t>(-1));
    CHECK(bits("7U / 2") == 3);
    CHECK(bits("0x12 | 0x21 ^ 0x3 & 0x6") == (0x12 | (0x21 ^ (0x3 & 0x6))));
    CHECK(bits("1 + 2 * 3 - 4") == 3);
    CHECK(bits("!5") == 0);
    CHECK(bits("!0") == 1);
    CHECK(bits("+3") == 3);
    CHECK(bits("2 <= 2") == 1);
    CHECK(bits("3 >= 4") == 0);
    CHECK(bits("3 != 4") == 1);
}

TEST_CASE("cpp::eval_const: shifts") {
    CHECK(value("1UL << 63") == std::pair<uint64_t, bool>{0x8000000000000000, false});
    CHECK(value("1 << 31") == std::pair<uint64_t, bool>{0xFFFFFFFF80000000, true});
    CHECK(value("1U << 31") == std::pair<uint64_t, bool>{0x80000000, false});
    CHECK(bits("-16 >> 2") == static_cast<uint64_t>(-4));
    CHECK(bits("0x80000000 >> 31") == 1);
    CHECK(value("(u8)1 << 8") == std::pair<uint64_t, bool>{0x100, true});  // promoted to int
    CHECK(error("1 << 32") == "1:3: shift count 32 is out of range for a 32-bit type");
    CHECK(error("1UL << 64") == "1:5: shift count 64 is out of range for a 64-bit type");
}

TEST_CASE("cpp::eval_const: casts and sizeof") {
    SUBCASE("truncation and extension") {
        CHECK(value("(u8)0x1ff") == std::pair<uint64_t, bool>{0xFF, true});
        CHECK(value("(s8)0xff") == std::pair<uint64_t, bool>{kAllOnes, true});
        CHECK(bits("(u16)-1") == 0xFFFF);
        CHECK(bits("(__u16)0x12345") == 0x2345);
        CHECK(bits("(unsigned char)256") == 0);
        CHECK(value("(unsigned long)-1") == std::pair<uint64_t, bool>{kAllOnes, false});
        CHECK(value("(kernel_ulong_t)-1") == std::pair<uint64_t, bool>{kAllOnes, false});
        CHECK(value("(unsigned int)-1") == std::pair<uint64_t, bool>{0xFFFFFFFF, false});
        CHECK(value("(int)0xFFFFFFFF") == std::pair<uint64_t, bool>{kAllOnes, true});
        CHECK(bits("(s32)0x80000000") == 0xFFFFFFFF80000000);
        CHECK(bits("(long long)1 << 40") == 0x10000000000);
        CHECK(bits("(__le32)0x12345678") == 0x12345678);
        CHECK(bits("(const unsigned short)0x10001") == 1);
    }
    SUBCASE("enums, bool, pointers") {
        CHECK(bits("(enum board_ids)3") == 3);
        CHECK(bits("(bool)5") == 1);
        CHECK(bits("(_Bool)0") == 0);
        CHECK(value("(void *)0") == std::pair<uint64_t, bool>{0, false});
        CHECK(bits("(unsigned long)(void *)16") == 16);
        CHECK(error("(struct foo)1") == "1:2: 'struct foo' is not an integer type");
    }
    SUBCASE("sizeof") {
        CHECK(value("sizeof(u32)") == std::pair<uint64_t, bool>{4, false});
        CHECK(bits("sizeof(long)") == 8);
        CHECK(bits("sizeof(unsigned short)") == 2);
        CHECK(bits("sizeof(char)") == 1);
        CHECK(bits("sizeof(void *)") == 8);
        CHECK(bits("sizeof(struct usb_device_id *)") == 8);
        CHECK(bits("sizeof 1L") == 8);
        CHECK(bits("sizeof(1)") == 4);
        CHECK(bits("sizeof(int) * 2") == 8);
    }
}

TEST_CASE("cpp::eval_const: conditional, comma, logic") {
    CHECK(bits("1 ? 2 : 3") == 2);
    CHECK(bits("0 ? 2 : 3") == 3);
    CHECK(bits("0 ? 1 / 0 : 7") == 7);  // the other operand is not evaluated
    CHECK(value("1 ? -1 : 0U") == std::pair<uint64_t, bool>{0xFFFFFFFF, false});
    CHECK(bits("0 ?: 5") == 5);
    CHECK(bits("3 ?: 5") == 3);
    CHECK(bits("1 ? 0 ? 4 : 5 : 6") == 5);
    CHECK(bits("(1, 2)") == 2);
    CHECK(bits("0 && 1 / 0") == 0);
    CHECK(bits("1 || UNKNOWN") == 1);
    CHECK(bits("2 && 3") == 1);
    CHECK(bits("0 || 0") == 0);
}

TEST_CASE("cpp::eval_const: identifiers") {
    std::map<std::string, int64_t> enums{{"board_a", 0}, {"board_b", 1}, {"FLAG_X", 4}, {"NEG", -1}};
    auto r = eval("FLAG_X | board_b << 4", enums);
    REQUIRE(r.has_value());
    CHECK(r->bits == 0x14);
    auto n = eval("NEG", enums);
    REQUIRE(n.has_value());
    CHECK(n->bits == kAllOnes);
    CHECK(bits("true + true") == 2);
    CHECK(bits("false") == 0);
    CHECK(error("  FOO + 1") == "1:3: 'FOO' is not a constant");
    CHECK(error("1 +\n  BAR") == "2:3: 'BAR' is not a constant");
}

TEST_CASE("cpp::eval_const: macro-expanded kernel idioms") {
    // GENMASK(7, 4) as include/linux/bits.h expands it (without the compile-time check).
    CHECK(bits("(((~0UL) - (1UL << (4)) + 1) & (~0UL >> (64 - 1 - (7))))") == 0xF0);
    // BIT(31) and BIT_ULL(40).
    CHECK(bits("(1UL << (31))") == 0x80000000);
    CHECK(bits("(1ULL << (40))") == 0x10000000000);
    // USB_DEVICE_ID_MATCH_DEVICE = VENDOR | PRODUCT.
    CHECK(bits("(0x0001 | 0x0002)") == 3);
    // PCI_ANY_ID is (~0): stored into a __u32 field it is 0xFFFFFFFF.
    CHECK(static_cast<uint32_t>(bits("(~0)")) == 0xFFFFFFFF);
    // The class mask idiom: ((PCI_CLASS_STORAGE_SATA_AHCI) << 8) with a 0xffff00 mask.
    CHECK(bits("((0x0106 << 8) | 0x01)") == 0x010601);
}

TEST_CASE("cpp::eval_const: errors say where") {
    CHECK(error("1 / 0") == "1:3: division by zero");
    CHECK(error("5 % (2 - 2)") == "1:3: division by zero");
    CHECK(error("") == "0:0: expected expression");
    CHECK(error("(1") == "1:2: expected ')' at end of expression");
    CHECK(error("1 2") == "1:3: expected end of expression, got '2'");
    CHECK(error("1 +") == "1:3: expected expression at end of input");
    CHECK(error("\"s\"") == "1:1: string literal in an integer constant expression");
    CHECK(error("1.5") == "1:1: '1.5' is not an integer constant");
    CHECK(error("12abc") == "1:1: invalid suffix 'abc' on integer constant");
    CHECK(error("08") == "1:1: invalid digit in integer constant '08'");
    CHECK(error("0x") == "1:1: invalid integer constant '0x'");
    CHECK(error("99999999999999999999") == "1:1: integer constant '99999999999999999999' is too large");
    CHECK(error("1 ? 2") == "1:5: expected ':' at end of expression");
    CHECK(error("* 2") == "1:1: expected expression, got '*'");
}

namespace {

// IS_ENABLED(CONFIG_X) -> X; CONFIG_X -> X=y (bare).
std::optional<CondAtom> test_atoms(std::span<const Token> rest) {
    if (rest.size() >= 4 && rest[0].text == "IS_ENABLED" && rest[1].text == "(" && rest[3].text == ")" &&
        rest[2].text.starts_with("CONFIG_")) {
        return CondAtom{hw::Cond::enabled(rest[2].text.substr(7)), 4, false};
    }
    if (rest[0].text.starts_with("CONFIG_")) {
        return CondAtom{hw::Cond::builtin(rest[0].text.substr(7)), 1, true};
    }
    return std::nullopt;
}

std::string eval_if_text(std::string_view text) {
    TokenArena arena;
    auto lexed = lex(text, 0, "if.c", arena);
    auto v = eval_if(lexed.tokens, test_atoms);
    if (!v) {
        return "error " + std::to_string(v.error().col) + ": " + v.error().message;
    }
    switch (v->kind) {
    case IfValue::Kind::Known: return v->known ? "true" : "false";
    case IfValue::Kind::Symbolic: return "cond " + v->cond.to_string();
    case IfValue::Kind::Unknown: return "unknown " + v->unknown_reason;
    }
    return "";
}

}  // namespace

TEST_CASE("cpp::eval_if: preprocessor arithmetic and Kconfig atoms") {
    SUBCASE("intmax arithmetic, identifiers are 0") {
        CHECK(eval_if_text("~0 == 0xFFFFFFFF") == "false");
        CHECK(eval_if_text("~0U == 0xFFFFFFFFFFFFFFFF") == "true");
        CHECK(eval_if_text("UNDEFINED_MACRO") == "false");
        CHECK(eval_if_text("UNDEFINED_MACRO == 0") == "true");
        CHECK(eval_if_text("(6 << 16) + (1 << 8) >= 0x60000") == "true");
    }
    SUBCASE("symbolic") {
        CHECK(eval_if_text("IS_ENABLED(CONFIG_A) && !IS_ENABLED(CONFIG_B)") == "cond A && !B");
        CHECK(eval_if_text("CONFIG_A || IS_ENABLED(CONFIG_B)") == "cond A=y || B");
        CHECK(eval_if_text("!CONFIG_A") == "cond !A=y");
        CHECK(eval_if_text("0 && IS_ENABLED(CONFIG_A)") == "false");
        CHECK(eval_if_text("1 || CONFIG_A") == "true");
        CHECK(eval_if_text("IS_ENABLED(CONFIG_A) || 1") == "true");
        CHECK(eval_if_text("IS_ENABLED(CONFIG_A) && 1") == "cond A");
        CHECK(eval_if_text("IS_ENABLED(CONFIG_A) == 0") == "cond !A");
        CHECK(eval_if_text("CONFIG_A ? IS_ENABLED(CONFIG_B) : 1") == "cond (A=y && B) || !A=y");
        CHECK(eval_if_text("(IS_ENABLED(CONFIG_A))") == "cond A");
    }
    SUBCASE("unknowable values") {
        CHECK(eval_if_text("CONFIG_HZ > 100") == "unknown CONFIG_HZ");
        CHECK(eval_if_text("IS_ENABLED(CONFIG_A) && CONFIG_NR_CPUS >= 4") == "unknown CONFIG_NR_CPUS");
        CHECK(eval_if_text("0 && CONFIG_HZ > 100") == "false");
        CHECK(eval_if_text("CONFIG_HZ + 1 && 0") == "false");
    }
    SUBCASE("errors") {
        CHECK(eval_if_text("1 +") == "error 3: expected expression at end of input");
        CHECK(eval_if_text("1 / 0") == "error 3: division by zero");
    }
}

TEST_CASE("cpp::eval_const: GCC builtins of the kernel's constant macros") {
    SUBCASE("GENMASK(31, 4) as 6.1's include/linux/bits.h expands it") {
        CHECK(value("(((int)(sizeof(struct { int:(-!!(__builtin_choose_expr((sizeof(int) == sizeof(*(8 ? "
                    "((void *)((long)((4) > (31)) * 0l)) : (int *)8))), (4) > (31), 0))); }))) + "
                    "(((~(((0UL)))) - ((((1UL))) << (4)) + 1) & (~(((0UL))) >> (64 - 1 - (31)))))") ==
              std::pair<uint64_t, bool>{0xFFFFFFF0, false});
    }
    SUBCASE("BUILD_BUG_ON_ZERO: a struct of unnamed bit-fields has size 0") {
        CHECK(value("sizeof(struct { int:(-!!(0)); int:0; })") == std::pair<uint64_t, bool>{0, false});
        CHECK(bits("sizeof(struct { int:(-!!(unknown_thing)); }) + 5") == 5);  // the kernel builds: fine
        CHECK(error("sizeof(struct { int:(-!!(1)); })") == "1:20: negative width in bit-field");
        CHECK(error("sizeof(struct { int x:1; })") ==
              "1:21: only unnamed bit-fields are supported in sizeof(struct { ... })");
    }
    SUBCASE("__builtin_choose_expr: the chosen operand, unconverted; the other is not evaluated") {
        CHECK(bits("__builtin_choose_expr(1, 2, 1 / 0)") == 2);
        CHECK(value("__builtin_choose_expr(0, not_a_constant, 7L)") == std::pair<uint64_t, bool>{7, true});
        CHECK(value("__builtin_choose_expr(2 > 1, 0x80000000, 0L)") == std::pair<uint64_t, bool>{0x80000000, false});
        CHECK(bits("__builtin_choose_expr((0x01) != 0xff, (0x01), 0)") == 1);
        CHECK(bits("__builtin_choose_expr((0xffff) != 0xffff, (0xffff), 0)") == 0);
    }
    SUBCASE("__builtin_constant_p") {
        CHECK(value("__builtin_constant_p((3) > (0))") == std::pair<uint64_t, bool>{1, true});
        CHECK(bits("__builtin_constant_p(not_a_constant)") == 0);
        CHECK(bits("__builtin_constant_p(3) && (3 > 0)") == 1);
    }
    SUBCASE("__is_constexpr") {
        CHECK(bits("sizeof(*(8 ? ((void *)((long)(3) * 0l)) : (int *)8))") == 4);
        CHECK(bits("sizeof(*(8 ? ((void *)((long)(not_a_constant) * 0l)) : (int *)8))") == 1);
    }
}
