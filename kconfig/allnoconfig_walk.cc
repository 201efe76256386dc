#include "kconfig/allnoconfig_walk.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace hw::kconfig {

namespace {

constexpr int kMaxPasses = 1000;

bool is_tristate_like(SymType t) { return t == SymType::Bool || t == SymType::Tristate; }

class Walker {
public:
    explicit Walker(const Model& m)
        : m_m(m), m_tri(m.symbols.size(), Tri::N), m_str(m.symbols.size()), m_vis(m.symbols.size(), Tri::N),
          m_sel(m.symbols.size(), kNoSym) {
        for (SymId s = 0; s <= kSymYes; ++s) {
            m_tri[s] = static_cast<Tri>(s);
        }
    }

    int run() {
        int pass = 0;
        m_changed = true;
        while (m_changed && pass < kMaxPasses) {
            m_changed = false;
            ++pass;
            for (SymId s = kSymYes + 1; s < m_m.symbols.size(); ++s) {
                const Symbol& sym = m_m.symbols[s];
                if (sym.is_const || sym.is_choice_value) {
                    continue;  // choice values are computed with their choice
                }
                update(s);
            }
        }
        return pass;
    }

    Config result() {
        Config c;
        size_t n = m_m.symbols.size();
        c.tri = m_tri;
        c.value.resize(n);
        c.write.assign(n, false);
        for (SymId s = 0; s < n; ++s) {
            c.value[s] = str(s);
            c.write[s] = written(s);
        }
        c.menu_visible.assign(m_m.menus.size(), false);
        for (uint32_t i = 1; i < m_m.menus.size(); ++i) {
            const Menu& menu = m_m.menus[i];
            c.menu_visible[i] = menu.sym == kNoSym && menu.has_prompt && expr(menu.visibility) != Tri::N &&
                                expr(menu.prompt_cond) != Tri::N;
        }
        return c;
    }

private:
    bool modules() const { return m_tri[m_m.modules_sym] != Tri::N; }

    // A tristate acts as a bool without module support, and so does a choice value shown as y.
    bool acts_bool(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        return sym.type == SymType::Bool || !modules() || (sym.is_choice_value && m_vis[s] == Tri::Y);
    }
    Tri round(SymId s, Tri t) const { return t == Tri::M && acts_bool(s) ? Tri::Y : t; }

    void set(SymId s, Tri t, std::string v) {
        if (m_tri[s] != t || m_str[s] != v) {
            m_tri[s] = t;
            m_str[s] = std::move(v);
            m_changed = true;
        }
    }

    std::string str(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        if (sym.is_const && s > kSymYes) {
            return sym.name;
        }
        if (is_tristate_like(sym.type) || s <= kSymYes) {
            return std::string(1, tri_char(m_tri[s]));
        }
        if (sym.type == SymType::Unknown) {
            return sym.name;
        }
        return m_str[s];
    }

    Tri visibility(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        Tri v = Tri::N;
        for (uint32_t pi : sym.props) {
            const Property& p = m_m.props[pi];
            if (p.kind != PropKind::Prompt) {
                continue;
            }
            Tri t = expr(p.cond);
            // A tristate choice value can't be m when its choice is y (exactly one is y).
            if (sym.is_choice_value && sym.type == SymType::Tristate && t == Tri::M &&
                m_tri[sym.choice] == Tri::Y) {
                t = Tri::N;
            }
            v = tri_or(v, t);
        }
        if (v == Tri::M && (sym.type != SymType::Tristate || !modules())) {
            v = Tri::Y;
        }
        return v;
    }

    const Property* first_active(SymId s, PropKind kind, Tri* cond) const {
        for (uint32_t pi : m_m.symbols[s].props) {
            const Property& p = m_m.props[pi];
            if (p.kind == kind) {
                Tri t = expr(p.cond);
                if (t != Tri::N) {
                    if (cond != nullptr) {
                        *cond = t;
                    }
                    return &p;
                }
            }
        }
        return nullptr;
    }

    // Default (limited by its condition), raised by imply within the dependencies.
    Tri default_value(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        Tri v = Tri::N;
        Tri cond = Tri::N;
        if (const Property* p = first_active(s, PropKind::Default, &cond)) {
            v = tri_and(expr(p->expr), cond);
        }
        if (!sym.is_choice_value) {
            Tri implied = round(s, sym.implied == kNoExpr ? Tri::N : expr(sym.implied));
            if (implied != Tri::N) {
                Tri dep = round(s, expr(sym.dir_dep));
                v = tri_and(tri_or(v, implied), dep);
            }
        }
        return v;
    }

    Tri selected(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        if (sym.is_choice_value || sym.rev_dep == kNoExpr) {
            return Tri::N;  // select on a choice value has no effect in the kernel
        }
        return round(s, expr(sym.rev_dep));
    }

    void update(SymId s) {
        const Symbol& sym = m_m.symbols[s];
        m_vis[s] = visibility(s);
        if (is_tristate_like(sym.type)) {
            Tri v = selected(s);
            if (m_vis[s] == Tri::N && !sym.is_choice) {
                v = tri_or(v, default_value(s));
            }
            v = round(s, v);
            set(s, v, std::string(1, tri_char(v)));
            if (sym.is_choice) {
                update_choice_values(s);
            }
        } else if (sym.type == SymType::Int || sym.type == SymType::Hex || sym.type == SymType::String) {
            std::string v;
            const Property* p = first_active(s, PropKind::Default, nullptr);
            if (p != nullptr && m_m.exprs.at(p->expr).kind == ExprKind::Symbol) {
                v = str(static_cast<SymId>(m_m.exprs.at(p->expr).a));
            }
            set(s, Tri::N, clamp(s, std::move(v)));
        }
    }

    // The choice's pick: first active default that is visible, else first visible value.
    SymId pick(SymId cs) const {
        for (uint32_t pi : m_m.symbols[cs].props) {
            const Property& p = m_m.props[pi];
            if (p.kind == PropKind::Default && expr(p.cond) != Tri::N) {
                auto d = static_cast<SymId>(m_m.exprs.at(p.expr).a);
                if (m_vis[d] != Tri::N) {
                    return d;
                }
            }
        }
        for (SymId v : m_m.symbols[cs].choice_values) {
            if (m_vis[v] != Tri::N) {
                return v;
            }
        }
        return kNoSym;
    }

    void update_choice_values(SymId cs) {
        for (SymId v : m_m.symbols[cs].choice_values) {
            m_vis[v] = visibility(v);
        }
        SymId sel = m_tri[cs] == Tri::Y ? pick(cs) : kNoSym;
        if (m_tri[cs] == Tri::Y && sel == kNoSym) {
            set(cs, Tri::N, "n");  // nothing to pick: the choice is off
        }
        m_sel[cs] = sel;
        for (SymId v : m_m.symbols[cs].choice_values) {
            Tri t = Tri::N;
            if (m_vis[v] == Tri::Y) {
                t = sel == v ? Tri::Y : Tri::N;
            } else if (m_vis[v] == Tri::N) {
                t = round(v, default_value(v));
            }
            set(v, t, std::string(1, tri_char(t)));
        }
    }

    static long long to_ll(const std::string& s, int base) { return std::strtoll(s.c_str(), nullptr, base); }

    long long bound(SymId b, int base) const {
        SymType t = m_m.symbols[b].type;
        return to_ll(str(b), t == SymType::Int ? 10 : t == SymType::Hex ? 16 : base);
    }

    std::string clamp(SymId s, std::string v) const {
        SymType t = m_m.symbols[s].type;
        if (t != SymType::Int && t != SymType::Hex) {
            return v;
        }
        const Property* r = first_active(s, PropKind::Range, nullptr);
        if (r == nullptr) {
            return v;
        }
        int base = t == SymType::Int ? 10 : 16;
        long long x = to_ll(v, base);
        if (x < bound(r->target, base)) {
            return str(r->target);
        }
        if (x > bound(r->target2, base)) {
            return str(r->target2);
        }
        return v;
    }

    bool written(SymId s) const {
        const Symbol& sym = m_m.symbols[s];
        if (sym.is_const || sym.is_choice || sym.type == SymType::Unknown || s <= kSymYes) {
            return false;
        }
        if (m_vis[s] != Tri::N) {
            return true;
        }
        if (is_tristate_like(sym.type)) {
            if (sym.is_choice_value) {
                return default_value(s) != Tri::N;
            }
            Tri implied = sym.implied == kNoExpr ? Tri::N : expr(sym.implied);
            return selected(s) != Tri::N || implied != Tri::N || default_value(s) != Tri::N;
        }
        const Property* p = first_active(s, PropKind::Default, nullptr);
        return p != nullptr && m_m.exprs.at(p->expr).kind == ExprKind::Symbol;
    }

    Tri expr(ExprId e) const {
        if (e == kNoExpr) {
            return Tri::Y;
        }
        const Expr& x = m_m.exprs.at(e);
        switch (x.kind) {
        case ExprKind::Symbol:
            return m_tri[static_cast<SymId>(x.a)];
        case ExprKind::Not:
            return tri_not(expr(static_cast<ExprId>(x.a)));
        case ExprKind::And:
            return tri_and(expr(static_cast<ExprId>(x.a)), expr(static_cast<ExprId>(x.b)));
        case ExprKind::Or:
            return tri_or(expr(static_cast<ExprId>(x.a)), expr(static_cast<ExprId>(x.b)));
        default:
            break;
        }
        int c = compare(static_cast<SymId>(x.a), static_cast<SymId>(x.b));
        bool r = x.kind == ExprKind::Equal       ? c == 0
                 : x.kind == ExprKind::Unequal   ? c != 0
                 : x.kind == ExprKind::Less      ? c < 0
                 : x.kind == ExprKind::LessEqual ? c <= 0
                 : x.kind == ExprKind::Greater   ? c > 0
                                                 : c >= 0;
        return r ? Tri::Y : Tri::N;
    }

    // A value as a number of its symbol's type: tristates n/m/y = 0/1/2, int decimal, hex
    // unsigned base 16, anything else in C notation. False when the text is not a number.
    struct Number {
        bool ok = false;
        bool is_unsigned = false;
        long long s = 0;
        unsigned long long u = 0;
    };
    static Number number(const std::string& text, SymType type) {
        Number n;
        if (is_tristate_like(type)) {
            n.ok = true;
            n.s = text == "n" ? 0 : text == "m" ? 1 : text == "y" ? 2 : -1;
            return n;
        }
        char* end = nullptr;
        errno = 0;
        if (type == SymType::Hex) {
            n.u = std::strtoull(text.c_str(), &end, 16);
            n.is_unsigned = true;
        } else {
            n.s = std::strtoll(text.c_str(), &end, type == SymType::Int ? 10 : 0);
        }
        n.ok = errno == 0 && !text.empty() && *end == '\0' && std::isxdigit(static_cast<unsigned char>(text.back()));
        return n;
    }

    int compare(SymId l, SymId r) const {
        std::string a = str(l);
        std::string b = str(r);
        SymType ta = m_m.symbols[l].type;
        SymType tb = m_m.symbols[r].type;
        if (ta != SymType::String || tb != SymType::String) {
            Number x = number(a, ta);
            Number y = number(b, tb);
            if (x.ok && y.ok) {
                if (x.is_unsigned || y.is_unsigned) {
                    unsigned long long p = x.is_unsigned ? x.u : static_cast<unsigned long long>(x.s);
                    unsigned long long q = y.is_unsigned ? y.u : static_cast<unsigned long long>(y.s);
                    return (p > q) - (p < q);
                }
                return (x.s > y.s) - (x.s < y.s);
            }
        }
        int c = std::strcmp(a.c_str(), b.c_str());
        return (c > 0) - (c < 0);
    }

    const Model& m_m;
    std::vector<Tri> m_tri;
    std::vector<std::string> m_str;
    std::vector<Tri> m_vis;
    std::vector<SymId> m_sel;
    bool m_changed = false;
};

}  // namespace

Config allnoconfig_walk(const Model& model, int* passes) {
    Walker w(model);
    int n = w.run();
    if (passes != nullptr) {
        *passes = n;
    }
    return w.result();
}

}  // namespace hw::kconfig
