// Conditions over tristate Kconfig symbols while a Makefile is being evaluated: a disjunction of
// terms, each term a conjunction of "symbol X has one of these states" literals.
//
// Kbuild conditions are nearly always of this shape: `obj-$(CONFIG_X)` is obj-y when X=y and
// obj-m when X=m; `ifeq ($(CONFIG_X),y)` is X=y; `ifdef CONFIG_X` is X (y or m). Keeping the
// states as a bit set per symbol makes contradictions (X=y && X=m) and merges (X=y || X=m is X)
// exact and cheap, which hw::Cond (a general formula) does not try to do.
//
// Empty list of terms = false; a list holding one empty term = true.
#pragma once

#include "common/condition.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hw::kbuild {

// Bits of the state set of one symbol.
inline constexpr uint8_t kStateY = 1;
inline constexpr uint8_t kStateM = 2;
inline constexpr uint8_t kStateN = 4;
inline constexpr uint8_t kStateAny = kStateY | kStateM | kStateN;

struct Literal {
    std::string symbol;  // without CONFIG_
    uint8_t states = kStateAny;
    bool operator==(const Literal&) const = default;
};

// A conjunction; literals sorted by symbol, each symbol once, states never 0 or kStateAny.
using Term = std::vector<Literal>;

class Dnf {
public:
    Dnf();  // true
    static Dnf truth();
    static Dnf falsity();
    // The symbol is in one of `states`.
    static Dnf literal(std::string_view symbol, uint8_t states);

    bool is_true() const;
    bool is_false() const { return m_terms.empty(); }
    const std::vector<Term>& terms() const { return m_terms; }

    // First symbol mentioned (in term order), "" if none: used as the "own symbol" of a line.
    std::string_view first_symbol() const;

    // Stable text, also usable as a map key: "X=ym && Y=n || Z=y".
    std::string key() const;

    // The same condition as a small DNF of prime implicants when it mentions at most
    // kMinimizeSymbols symbols (A=y || A=m&&B=mn || A=n&&B=ym becomes A || B), else *this.
    Dnf minimized() const;
    static constexpr size_t kMinimizeSymbols = 3;

    // Minimized, then X=y|m -> X, X=y -> X=y, X=m -> X=m, X=n -> !X, X=y|n -> !X=m,
    // X=m|n -> !X=y.
    Cond to_cond() const;

    bool operator==(const Dnf& other) const { return m_terms == other.m_terms; }

private:
    friend Dnf operator&&(const Dnf& a, const Dnf& b);
    friend Dnf operator||(const Dnf& a, const Dnf& b);
    friend Dnf operator!(const Dnf& a);
    void simplify();
    std::vector<Term> m_terms;
};

// Products and negations are capped (see kMaxTerms in dnf.cc); past the cap the result is
// widened (terms dropped from a negation, i.e. the condition is over-approximated as true).
Dnf operator&&(const Dnf& a, const Dnf& b);
Dnf operator||(const Dnf& a, const Dnf& b);
Dnf operator!(const Dnf& a);

}  // namespace hw::kbuild
