// Kconfig expressions (Documentation/kbuild/kconfig-language.rst, "Menu dependencies"):
//
//   <symbol>                 value of a symbol (tristate: n=0, m=1, y=2)
//   <symbol> = <symbol>      comparisons: =, !=, <, <=, >, >= (string or numeric, see evaluator.h)
//   !expr, expr && expr, expr || expr, ( expr )
//
// Expressions live in an arena (Model::exprs) and are referenced by ExprId; kNoExpr means "no
// condition" and evaluates to y. Symbols are referenced by SymId (index into Model::symbols).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hw::kconfig {

using SymId = uint32_t;
using ExprId = int32_t;
inline constexpr ExprId kNoExpr = -1;
inline constexpr SymId kNoSym = UINT32_MAX;

// The three constant tristate symbols are always the first three of a Model.
inline constexpr SymId kSymNo = 0;
inline constexpr SymId kSymMod = 1;
inline constexpr SymId kSymYes = 2;

// Tristate value; the ordering n < m < y is what && (min), || (max) and ! (2 - v) use.
enum class Tri : uint8_t { N = 0, M = 1, Y = 2 };

inline Tri tri_and(Tri a, Tri b) { return a < b ? a : b; }
inline Tri tri_or(Tri a, Tri b) { return a > b ? a : b; }
inline Tri tri_not(Tri a) { return static_cast<Tri>(2 - static_cast<int>(a)); }
inline char tri_char(Tri t) { return t == Tri::Y ? 'y' : t == Tri::M ? 'm' : 'n'; }

enum class ExprKind : uint8_t {
    Symbol,        // a = SymId
    Not,           // a = ExprId
    And,           // a, b = ExprId
    Or,            // a, b = ExprId
    Equal,         // a, b = SymId (comparisons take two symbols, constants included)
    Unequal,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
};

struct Expr {
    ExprKind kind = ExprKind::Symbol;
    int64_t a = 0;
    int64_t b = 0;
};

class ExprArena {
public:
    ExprId symbol(SymId s);
    ExprId unary_not(ExprId e);
    // and_/or_ with kNoExpr on one side return the other side (no condition = y).
    ExprId and_(ExprId l, ExprId r);
    ExprId or_(ExprId l, ExprId r);
    ExprId compare(ExprKind kind, SymId l, SymId r);

    const Expr& at(ExprId id) const { return m_nodes[static_cast<size_t>(id)]; }
    size_t size() const { return m_nodes.size(); }
    void reserve(size_t n) { m_nodes.reserve(n); }

    // True when symbol s occurs anywhere in e.
    bool contains_symbol(ExprId e, SymId s) const;
    // True when e can only be non-n if s is non-n (e is s, s!=n, s=y/m, or an && with such a side).
    bool depends_on_symbol(ExprId e, SymId s) const;

private:
    ExprId push(Expr e);
    std::vector<Expr> m_nodes;
};

}  // namespace hw::kconfig
