// Evaluation of C integer constant expressions over already macro-expanded tokens, with the
// types of x86_64 (LP64): int is 32 bits, long and long long 64, pointers 64.
//
// What is modelled (C11 6.4.4.1, 6.3.1.8, 6.5):
//   - integer literals with their type: a decimal literal without suffix is int, else long;
//     a hex/octal one is int, unsigned int, long, unsigned long (the first that holds it);
//     suffixes U, L, LL and their combinations; 0b binary literals (GNU);
//   - character constants ('a', '\n', '\xff' which is -1: plain char is signed on x86);
//   - the usual arithmetic conversions, so ~0 is int -1, ~0U is 0xFFFFFFFF, 1UL << 63 works,
//     and -1 < 0U is false;
//   - every operator except assignment: unary + - ~ !, casts, sizeof, * / % + - << >> < > <= >=
//     == != & ^ | && || ?: (also GNU `a ?: b`) and the comma; && || ?: short-circuit, so
//     `0 && 1/0` is fine;
//   - casts to integer types: keywords (unsigned char, long, _Bool ...), the kernel's typedefs
//     (u8 ... s64, __u16, __le32, kernel_ulong_t, size_t ...), `enum foo` (int) and pointers;
//     a cast truncates/extends to the type's width;
//   - sizeof(type) for those types and sizeof of an expression (4 or 8 by its type);
//   - the GCC idioms of the kernel's constant macros: `sizeof(struct { int:(e); })`
//     (BUILD_BUG_ON_ZERO: 0, an error for a negative width), `__builtin_choose_expr(c, a, b)`,
//     `__builtin_constant_p(x)` (1 when x is an integer constant expression, else 0) and
//     `sizeof(*(8 ? ((void *)(e)) : (int *)8))` (__is_constexpr: 4 when e is constant, else 1).
// Identifiers that are not types go to the caller's resolver (enum constants); `true`/`false`
// are 1/0 when the resolver does not know them.
#pragma once

#include "common/condition.h"
#include "modalias-db/cpp/token.h"

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hw::cpp {

// Where and why evaluation failed; file/line/col are copied from the offending token (0 when the
// expression is empty).
struct EvalError {
    uint32_t file = 0;
    uint32_t line = 0;
    uint32_t col = 0;
    std::string message;
};

// Resolves an identifier that is not a keyword/type (enum constants); std::nullopt = unknown.
using IdentResolver = std::function<std::optional<int64_t>(std::string_view)>;

// A value's bit pattern, sign- or zero-extended to 64 bits from its type's width, and whether the
// type is signed. The caller truncates to the width of the field it fills.
struct ConstValue {
    uint64_t bits = 0;
    bool is_signed = true;
    int64_t as_signed() const { return static_cast<int64_t>(bits); }
};

// Evaluates a C integer constant expression. Errors: "'x' is not a constant" for an identifier the
// resolver does not know, "division by zero", "expected expression", "unknown type in cast" ...
std::expected<ConstValue, EvalError> eval_const(std::span<const Token> expr, const IdentResolver& resolve);

// --- #if expressions --------------------------------------------------------------------------

// An operand of an #if expression that stands for a Kconfig condition: `IS_ENABLED(CONFIG_X)`,
// `defined(CONFIG_X)`, `CONFIG_X` ... The preprocessor recognises them; the evaluator combines them.
struct CondAtom {
    hw::Cond cond;
    size_t length = 1;         // tokens it spans
    bool bare_value = false;   // a bare CONFIG_X: a truth value only where a boolean is expected
};
// Called at every operand position; std::nullopt = not an atom (then ordinary rules apply).
using AtomMatcher = std::function<std::optional<CondAtom>(std::span<const Token> rest)>;

// The value of an #if expression: known, a condition over Kconfig symbols, or unknowable without
// a configuration (arithmetic on a CONFIG value, e.g. `CONFIG_HZ > 100`).
struct IfValue {
    enum class Kind { Known, Symbolic, Unknown };
    Kind kind = Kind::Known;
    bool known = false;          // Kind::Known: the truth value
    hw::Cond cond;               // Kind::Symbolic: true exactly when the expression is non-zero
    std::string unknown_reason;  // Kind::Unknown: which operand made it unknowable
};

// Evaluates the controlling expression of #if/#elif (after `defined X` of ordinary macros and
// macro expansion have been done by the caller). As in the preprocessor (C11 6.10.1), every
// integer is intmax_t/uintmax_t and a remaining identifier is 0; atoms come from `atoms`.
std::expected<IfValue, EvalError> eval_if(std::span<const Token> expr, const AtomMatcher& atoms);

}  // namespace hw::cpp
