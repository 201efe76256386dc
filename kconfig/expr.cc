#include "kconfig/expr.h"

namespace hw::kconfig {

ExprId ExprArena::push(Expr e) {
    m_nodes.push_back(e);
    return static_cast<ExprId>(m_nodes.size() - 1);
}

ExprId ExprArena::symbol(SymId s) { return push({ExprKind::Symbol, s, 0}); }

ExprId ExprArena::unary_not(ExprId e) { return push({ExprKind::Not, e, 0}); }

ExprId ExprArena::and_(ExprId l, ExprId r) {
    if (l == kNoExpr) {
        return r;
    }
    if (r == kNoExpr) {
        return l;
    }
    return push({ExprKind::And, l, r});
}

ExprId ExprArena::or_(ExprId l, ExprId r) {
    if (l == kNoExpr) {
        return r;
    }
    if (r == kNoExpr) {
        return l;
    }
    return push({ExprKind::Or, l, r});
}

ExprId ExprArena::compare(ExprKind kind, SymId l, SymId r) { return push({kind, l, r}); }

bool ExprArena::contains_symbol(ExprId e, SymId s) const {
    if (e == kNoExpr) {
        return false;
    }
    const Expr& x = at(e);
    switch (x.kind) {
    case ExprKind::Symbol:
        return static_cast<SymId>(x.a) == s;
    case ExprKind::Not:
        return contains_symbol(static_cast<ExprId>(x.a), s);
    case ExprKind::And:
    case ExprKind::Or:
        return contains_symbol(static_cast<ExprId>(x.a), s) ||
               contains_symbol(static_cast<ExprId>(x.b), s);
    default:
        return static_cast<SymId>(x.a) == s || static_cast<SymId>(x.b) == s;
    }
}

bool ExprArena::depends_on_symbol(ExprId e, SymId s) const {
    if (e == kNoExpr) {
        return false;
    }
    const Expr& x = at(e);
    switch (x.kind) {
    case ExprKind::And:
        return depends_on_symbol(static_cast<ExprId>(x.a), s) ||
               depends_on_symbol(static_cast<ExprId>(x.b), s);
    case ExprKind::Symbol:
        return static_cast<SymId>(x.a) == s;
    case ExprKind::Equal:
        return static_cast<SymId>(x.a) == s &&
               (static_cast<SymId>(x.b) == kSymYes || static_cast<SymId>(x.b) == kSymMod);
    case ExprKind::Unequal:
        return static_cast<SymId>(x.a) == s && static_cast<SymId>(x.b) == kSymNo;
    default:
        return false;
    }
}

}  // namespace hw::kconfig
