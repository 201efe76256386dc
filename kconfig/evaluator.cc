#include "kconfig/evaluator.h"

#include <unordered_map>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace hw::kconfig {

namespace {

struct State {
    Tri tri = Tri::N;
    std::string val;
    SymId choice_sel = kNoSym;  // for a choice: the selected value
    Tri visible = Tri::N;
    Tri dir_dep = Tri::Y;
    Tri rev_dep = Tri::N;
    Tri implied = Tri::N;
    bool valid = false;
    bool write = false;
    bool def_user = false;
    bool need_set_choice_values = false;
    bool computing = false;  // calc_value is on the stack for it (a re-entrant read sees n)
    Tri user_tri = Tri::N;
    std::string user_val;
    SymId user_choice = kNoSym;
};

bool string_valid(SymType type, std::string_view str) {
    switch (type) {
    case SymType::String:
        return true;
    case SymType::Int: {
        size_t i = 0;
        if (i < str.size() && str[i] == '-') {
            ++i;
        }
        if (i >= str.size() || !std::isdigit(static_cast<unsigned char>(str[i]))) {
            return false;
        }
        if (str[i] == '0' && i + 1 < str.size()) {
            return false;
        }
        for (; i < str.size(); ++i) {
            if (!std::isdigit(static_cast<unsigned char>(str[i]))) {
                return false;
            }
        }
        return true;
    }
    case SymType::Hex: {
        if (str.size() >= 2 && str[0] == '0' && (str[1] == 'x' || str[1] == 'X')) {
            str.remove_prefix(2);
        }
        // The kernel checks the first character even when the string is empty ('\0' fails).
        if (str.empty()) {
            return false;
        }
        for (char c : str) {
            if (!std::isxdigit(static_cast<unsigned char>(c))) {
                return false;
            }
        }
        return true;
    }
    case SymType::Bool:
    case SymType::Tristate:
        return !str.empty() && std::strchr("yYmMnN", str[0]) != nullptr;
    default:
        return false;
    }
}

long long parse_ll(const std::string& s, int base) { return std::strtoll(s.c_str(), nullptr, base); }

// The per-symbol and per-expression arrays of an evaluation, kept per thread between runs on
// the same model (the resolver runs olddefconfig again and again): resetting them in place costs
// no allocation. One Evaluator at a time per thread uses it.
struct Workspace {
    const Model* model = nullptr;
    std::vector<State> s;
    std::vector<uint32_t> memo_gen;
    std::vector<Tri> memo_val;
    uint32_t gen = 1;  // never goes back: an old run's remembered values never look current
};

Workspace& workspace_for(const Model& m) {
    thread_local Workspace w;
    if (w.model != &m || w.s.size() != m.symbols.size() || w.memo_gen.size() != m.exprs.size()) {
        w.model = &m;
        w.s.assign(m.symbols.size(), State{});
        w.memo_gen.assign(m.exprs.size(), 0);
        w.memo_val.assign(m.exprs.size(), Tri::N);
        return w;
    }
    for (State& st : w.s) {
        st.tri = Tri::N;
        st.val.clear();
        st.choice_sel = kNoSym;
        st.visible = Tri::N;
        st.dir_dep = Tri::Y;
        st.rev_dep = Tri::N;
        st.implied = Tri::N;
        st.valid = false;
        st.write = false;
        st.def_user = false;
        st.need_set_choice_values = false;
        st.computing = false;
        st.user_tri = Tri::N;
        st.user_val.clear();
        st.user_choice = kNoSym;
    }
    return w;
}

class Evaluator {
public:
    explicit Evaluator(const Model& m) : Evaluator(m, workspace_for(m)) {}

    Evaluator(const Model& m, Workspace& w)
        : m_m(m), m_s(w.s), m_memo_gen(w.memo_gen), m_memo_val(w.memo_val), m_gen(w.gen) {
        invalidate();
        for (SymId i = 0; i < m_s.size(); ++i) {
            if (m.symbols[i].is_const) {
                m_s[i].valid = true;
                m_s[i].val = m.symbols[i].name;
                if (i <= kSymYes) {
                    m_s[i].tri = static_cast<Tri>(i);
                }
            }
        }
    }

    // ---- reading (conf_read_simple) ----
    void read(const std::vector<ConfigLine>& lines) {
        invalidate();
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            State& st = m_s[i];
            st.def_user = m_m.symbols[i].is_choice;
            st.valid = false;
            st.user_val.clear();
            st.user_tri = Tri::N;
            st.user_choice = kNoSym;
        }
        for (const ConfigLine& line : lines) {
            SymId id = m_m.find(line.symbol);
            if (id == kNoSym) {
                m_changed = true;
                continue;
            }
            if (m_s[id].def_user) {
                ++m_warnings;  // override: reassigning
            }
            if (!set_sym_val(id, line.value)) {
                ++m_warnings;
                continue;
            }
            const Symbol& sym = m_m.symbols[id];
            if (sym.is_choice_value) {
                State& cs = m_s[sym.choice];
                switch (m_s[id].user_tri) {
                case Tri::N:
                    break;
                case Tri::M:
                    if (cs.user_tri == Tri::Y) {
                        ++m_warnings;
                        cs.def_user = false;
                    }
                    break;
                case Tri::Y:
                    if (cs.user_tri != Tri::N) {
                        ++m_warnings;
                    }
                    cs.user_choice = id;
                    break;
                }
                cs.user_tri = tri_or(cs.user_tri, m_s[id].user_tri);
            }
        }
    }

    // conf_read(): read, compute everything, then forget generated values of invisible symbols.
    void conf_read(const std::vector<ConfigLine>& lines) {
        m_changed = false;
        read(lines);
        calc_value(m_m.modules_sym);
        int unsaved = 0;
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            const Symbol& sym = m_m.symbols[i];
            calc_value(i);
            if (sym.is_choice || sym.is_const) {
                continue;
            }
            State& st = m_s[i];
            if (st.def_user && st.write) {
                if (sym.type == SymType::Bool || sym.type == SymType::Tristate) {
                    if (st.user_tri == tristate_value(i)) {
                        continue;
                    }
                } else if (st.val == st.user_val) {
                    continue;
                }
            } else if (!st.def_user && !st.write) {
                continue;
            }
            ++unsaved;
        }
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            const Symbol& sym = m_m.symbols[i];
            State& st = m_s[i];
            if (!st.def_user || sym.is_choice_value) {
                continue;
            }
            if (st.visible == Tri::N && unsaved == 0) {
                st.def_user = false;
            }
            if (sym.type == SymType::String || sym.type == SymType::Int || sym.type == SymType::Hex) {
                if (!string_within_range(i, st.user_val)) {
                    invalidate();
                    st.valid = false;
                    st.def_user = false;
                    ++unsaved;
                }
            }
        }
        if (m_warnings > 0 || unsaved > 0) {
            m_changed = true;
        }
    }

    enum class DefMode { Default, No };

    // conf_set_all_new_symbols() for def_default / def_no.
    void set_all_new_symbols(DefMode mode) {
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            State& st = m_s[i];
            if (st.def_user || st.valid) {
                continue;
            }
            SymType t = get_type(i);
            if (t != SymType::Bool && t != SymType::Tristate) {
                continue;
            }
            if (mode == DefMode::Default) {
                continue;
            }
            st.user_tri = Tri::N;
            st.def_user = true;
        }
        clear_all_valid();
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            const Symbol& sym = m_m.symbols[i];
            if ((sym.is_choice && !m_s[i].def_user) || sym.is_choice_value) {
                m_s[i].need_set_choice_values = true;
            }
        }
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            if (m_s[i].def_user || !m_m.symbols[i].is_choice) {
                continue;
            }
            calc_value(i);
            set_all_choice_values(i);
        }
    }

    // What conf_write() computes while walking the menus.
    Config finish() {
        if (!m_changed) {
            clear_all_valid();
        }
        Config c;
        c.menu_visible.assign(m_m.menus.size(), false);
        walk(0, c);
        c.tri.resize(m_s.size());
        c.value.resize(m_s.size());
        c.write.resize(m_s.size());
        for (SymId i = 0; i < m_s.size(); ++i) {
            c.tri[i] = m_s[i].tri;
            c.value[i] = string_value(i);
            c.write[i] = m_s[i].write;
        }
        return c;
    }

    bool m_changed = true;

private:
    void walk(uint32_t id, Config& c) {
        const Menu& menu = m_m.menus[id];
        if (id != 0) {
            if (menu.sym == kNoSym) {
                c.menu_visible[id] = menu_visible(menu);
            } else if (!m_m.symbols[menu.sym].is_choice) {
                calc_value(menu.sym);
            }
        }
        for (uint32_t ch : menu.children) {
            walk(ch, c);
        }
    }

    bool menu_visible(const Menu& menu) {
        if (!menu.has_prompt) {
            return false;
        }
        if (menu.visibility != kNoExpr && expr_value(menu.visibility) == Tri::N) {
            return false;
        }
        return expr_value(menu.prompt_cond) != Tri::N;
    }

    bool set_sym_val(SymId id, const std::string& p) {
        const Symbol& sym = m_m.symbols[id];
        State& st = m_s[id];
        char c0 = p.empty() ? '\0' : p[0];
        switch (sym.type) {
        case SymType::Tristate:
        case SymType::Bool:
            if (c0 == 'm' && sym.type == SymType::Tristate) {
                st.user_tri = Tri::M;
            } else if (c0 == 'y') {
                st.user_tri = Tri::Y;
            } else if (c0 == 'n') {
                st.user_tri = Tri::N;
            } else {
                return false;
            }
            st.def_user = true;
            return true;
        case SymType::String: {
            if (c0 != '"') {
                return true;  // the kernel silently ignores an unquoted string
            }
            std::string out;
            size_t i = 1;
            bool closed = false;
            for (; i < p.size(); ++i) {
                if (p[i] == '"') {
                    closed = true;
                    break;
                }
                if (p[i] == '\\') {
                    ++i;
                    if (i >= p.size()) {
                        break;
                    }
                }
                out += p[i];
            }
            if (!closed) {
                return false;
            }
            st.user_val = std::move(out);
            st.def_user = true;
            return true;
        }
        case SymType::Int:
        case SymType::Hex:
            if (!string_valid(sym.type, p)) {
                return false;
            }
            st.user_val = p;
            st.def_user = true;
            return true;
        default:
            return true;
        }
    }

    SymType get_type(SymId s) const {
        SymType t = m_m.symbols[s].type;
        if (t == SymType::Tristate) {
            if ((m_m.symbols[s].is_choice_value && m_s[s].visible == Tri::Y) || m_modules_val == Tri::N) {
                t = SymType::Bool;
            }
        }
        return t;
    }

    Tri tristate_value(SymId s) const { return m_s[s].tri; }

    std::string string_value(SymId s) const {
        SymType t = m_m.symbols[s].type;
        if (t == SymType::Bool || t == SymType::Tristate) {
            return std::string(1, tri_char(m_s[s].tri));
        }
        if (t == SymType::Unknown && !m_m.symbols[s].is_const && s > kSymYes) {
            return m_s[s].val.empty() ? m_m.symbols[s].name : m_s[s].val;
        }
        return m_s[s].val;
    }

    void clear_all_valid() {
        invalidate();
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            m_s[i].valid = false;
        }
        calc_value(m_m.modules_sym);
    }

    void set_all_choice_values(SymId cs) {
        for (SymId v : m_m.symbols[cs].choice_values) {
            if (!m_s[v].def_user) {
                m_s[v].user_tri = Tri::N;
            }
        }
        m_s[cs].def_user = true;
        invalidate();
        m_s[cs].valid = false;
        m_s[cs].need_set_choice_values = false;
    }

    // Values of expressions are remembered until a symbol's value may change (invalidate():
    // a new generation); a value that read a symbol still being computed (`computing`: the
    // kernel's re-entrant read, e.g. a choice value's visibility while its choice is worked
    // out) is not remembered, so it is read again later as the kernel does.
    void invalidate() { ++m_gen; }

    Tri expr_value(ExprId e) {
        if (e == kNoExpr) {
            return Tri::Y;
        }
        const auto i = static_cast<size_t>(e);
        if (m_memo_gen[i] == m_gen) {
            return m_memo_val[i];
        }
        const bool outer = m_tainted;
        m_tainted = false;
        const Tri v = expr_value_uncached(e);
        if (!m_tainted) {
            m_memo_gen[i] = m_gen;
            m_memo_val[i] = v;
        }
        m_tainted = m_tainted || outer;
        return v;
    }

    void read_symbol(SymId s) {
        calc_value(s);
        if (m_s[s].computing) {
            m_tainted = true;
        }
    }

    Tri expr_value_uncached(ExprId e) {
        const Expr& x = m_m.exprs.at(e);
        switch (x.kind) {
        case ExprKind::Symbol: {
            SymId s = static_cast<SymId>(x.a);
            read_symbol(s);
            return m_s[s].tri;
        }
        case ExprKind::And:
            return tri_and(expr_value(static_cast<ExprId>(x.a)), expr_value(static_cast<ExprId>(x.b)));
        case ExprKind::Or:
            return tri_or(expr_value(static_cast<ExprId>(x.a)), expr_value(static_cast<ExprId>(x.b)));
        case ExprKind::Not:
            return tri_not(expr_value(static_cast<ExprId>(x.a)));
        default:
            break;
        }
        SymId l = static_cast<SymId>(x.a);
        SymId r = static_cast<SymId>(x.b);
        read_symbol(l);
        read_symbol(r);
        int res = compare(l, r);
        bool out = false;
        switch (x.kind) {
        case ExprKind::Equal:
            out = res == 0;
            break;
        case ExprKind::Unequal:
            out = res != 0;
            break;
        case ExprKind::Less:
            out = res < 0;
            break;
        case ExprKind::LessEqual:
            out = res <= 0;
            break;
        case ExprKind::Greater:
            out = res > 0;
            break;
        case ExprKind::GreaterEqual:
            out = res >= 0;
            break;
        default:
            break;
        }
        return out ? Tri::Y : Tri::N;
    }

    // How the kernel compares two symbols: as numbers when both parse as numbers of their
    // types (hex unsigned), else as strings.
    enum class Kind { String, Signed, Unsigned };
    Kind parse_number(const std::string& str, SymType type, long long& sv, unsigned long long& uv) const {
        char* tail = nullptr;
        errno = 0;
        Kind kind = Kind::Signed;
        switch (type) {
        case SymType::Bool:
        case SymType::Tristate:
            sv = str == "n" ? 0 : str == "m" ? 1 : str == "y" ? 2 : -1;
            return Kind::Signed;
        case SymType::Int:
            sv = std::strtoll(str.c_str(), &tail, 10);
            break;
        case SymType::Hex:
            uv = std::strtoull(str.c_str(), &tail, 16);
            kind = Kind::Unsigned;
            break;
        default:
            sv = std::strtoll(str.c_str(), &tail, 0);
            break;
        }
        bool ok = errno == 0 && *tail == '\0' && tail > str.c_str() &&
                  std::isxdigit(static_cast<unsigned char>(tail[-1]));
        return ok ? kind : Kind::String;
    }

    int compare(SymId l, SymId r) const {
        std::string s1 = string_value(l);
        std::string s2 = string_value(r);
        SymType t1 = m_m.symbols[l].type;
        SymType t2 = m_m.symbols[r].type;
        Kind k1 = Kind::String;
        Kind k2 = Kind::String;
        long long ls = 0;
        long long rs = 0;
        unsigned long long lu = 0;
        unsigned long long ru = 0;
        if (t1 != SymType::String || t2 != SymType::String) {
            k1 = parse_number(s1, t1, ls, lu);
            k2 = parse_number(s2, t2, rs, ru);
        }
        if (k1 == Kind::String || k2 == Kind::String) {
            int c = std::strcmp(s1.c_str(), s2.c_str());
            return (c > 0) - (c < 0);
        }
        if (k1 == Kind::Unsigned || k2 == Kind::Unsigned) {
            // The kernel reads the other side's union member: a signed value's bits.
            unsigned long long a = k1 == Kind::Unsigned ? lu : static_cast<unsigned long long>(ls);
            unsigned long long b = k2 == Kind::Unsigned ? ru : static_cast<unsigned long long>(rs);
            return (a > b) - (a < b);
        }
        return (ls > rs) - (ls < rs);
    }

    void calc_visibility(SymId s) {
        const Symbol& sym = m_m.symbols[s];
        State& st = m_s[s];
        Tri tri = Tri::N;
        for (uint32_t pi : sym.props) {
            const Property& p = m_m.props[pi];
            if (p.kind != PropKind::Prompt) {
                continue;
            }
            Tri v = expr_value(p.cond);
            if (sym.is_choice_value && sym.type == SymType::Tristate && v == Tri::M &&
                m_s[sym.choice].tri == Tri::Y) {
                v = Tri::N;
            }
            tri = tri_or(tri, v);
        }
        if (tri == Tri::M && (sym.type != SymType::Tristate || m_modules_val == Tri::N)) {
            tri = Tri::Y;
        }
        st.visible = tri;
        if (sym.is_choice_value) {
            return;
        }
        tri = sym.dir_dep == kNoExpr ? Tri::Y : expr_value(sym.dir_dep);
        if (tri == Tri::M && get_type(s) == SymType::Bool) {
            tri = Tri::Y;
        }
        st.dir_dep = tri;
        tri = sym.rev_dep == kNoExpr ? Tri::N : expr_value(sym.rev_dep);
        if (tri == Tri::M && get_type(s) == SymType::Bool) {
            tri = Tri::Y;
        }
        st.rev_dep = tri;
        tri = sym.implied == kNoExpr ? Tri::N : expr_value(sym.implied);
        if (tri == Tri::M && get_type(s) == SymType::Bool) {
            tri = Tri::Y;
        }
        st.implied = tri;
    }

    // First default (or range) property whose condition is not n.
    const Property* active_prop(SymId s, PropKind kind, Tri* cond_value) {
        for (uint32_t pi : m_m.symbols[s].props) {
            const Property& p = m_m.props[pi];
            if (p.kind != kind) {
                continue;
            }
            Tri v = expr_value(p.cond);
            if (v != Tri::N) {
                if (cond_value != nullptr) {
                    *cond_value = v;
                }
                return &p;
            }
        }
        return nullptr;
    }

    SymId choice_default(SymId cs) {
        for (uint32_t pi : m_m.symbols[cs].props) {
            const Property& p = m_m.props[pi];
            if (p.kind != PropKind::Default || expr_value(p.cond) == Tri::N) {
                continue;
            }
            SymId d = static_cast<SymId>(m_m.exprs.at(p.expr).a);
            if (m_s[d].visible != Tri::N) {
                return d;
            }
        }
        for (SymId v : m_m.symbols[cs].choice_values) {
            if (m_s[v].visible != Tri::N) {
                return v;
            }
        }
        return kNoSym;
    }

    SymId calc_choice(SymId cs) {
        bool all_user = true;
        for (SymId v : m_m.symbols[cs].choice_values) {
            calc_visibility(v);
            if (m_s[v].visible != Tri::N && !m_s[v].def_user) {
                all_user = false;
            }
        }
        if (!all_user) {
            m_s[cs].def_user = false;
        }
        SymId u = m_s[cs].user_choice;
        if (u != kNoSym && m_s[u].visible != Tri::N) {
            return u;
        }
        SymId d = choice_default(cs);
        if (d == kNoSym) {
            m_s[cs].tri = Tri::N;
        }
        return d;
    }

    long long range_bound(SymId b, int base) {
        calc_value(b);
        SymType t = m_m.symbols[b].type;
        if (t == SymType::Int) {
            base = 10;
        } else if (t == SymType::Hex) {
            base = 16;
        }
        return parse_ll(string_value(b), base);
    }

    void validate_range(SymId s) {
        SymType t = m_m.symbols[s].type;
        if (t != SymType::Int && t != SymType::Hex) {
            return;
        }
        int base = t == SymType::Int ? 10 : 16;
        const Property* p = active_prop(s, PropKind::Range, nullptr);
        if (p == nullptr) {
            return;
        }
        long long val = parse_ll(m_s[s].val, base);
        SymId bound = p->target;
        if (val >= range_bound(bound, base)) {
            bound = p->target2;
            if (val <= range_bound(bound, base)) {
                return;
            }
        }
        m_s[s].val = string_value(bound);
    }

    bool string_within_range(SymId s, const std::string& str) {
        SymType t = m_m.symbols[s].type;
        if (!string_valid(t, str)) {
            return false;
        }
        if (t == SymType::String) {
            return true;
        }
        int base = t == SymType::Int ? 10 : 16;
        const Property* p = active_prop(s, PropKind::Range, nullptr);
        if (p == nullptr) {
            return true;
        }
        long long val = parse_ll(str, base);
        return val >= range_bound(p->target, base) && val <= range_bound(p->target2, base);
    }

    void calc_value(SymId s) {
        if (s == kNoSym) {
            return;
        }
        State& st = m_s[s];
        if (st.valid) {
            return;
        }
        const Symbol& sym = m_m.symbols[s];
        if (sym.is_choice_value && st.need_set_choice_values) {
            st.need_set_choice_values = false;
            calc_value(sym.choice);
        }
        st.valid = true;
        st.computing = true;
        struct Done {
            State& st;
            ~Done() { st.computing = false; }
        } done{st};
        Tri old_tri = st.tri;
        switch (sym.type) {
        case SymType::Int:
        case SymType::Hex:
        case SymType::String:
            st.tri = Tri::N;
            st.val.clear();
            break;
        case SymType::Bool:
        case SymType::Tristate:
            st.tri = Tri::N;
            st.val = "n";
            break;
        default:
            st.val = sym.name;
            st.tri = Tri::N;
            return;
        }
        st.write = false;
        calc_visibility(s);
        if (st.visible != Tri::N) {
            st.write = true;
        }
        Tri new_tri = Tri::N;
        std::string new_val = st.val;
        SymId new_sel = kNoSym;
        switch (get_type(s)) {
        case SymType::Bool:
        case SymType::Tristate:
            if (sym.is_choice_value && st.visible == Tri::Y) {
                new_tri = m_s[sym.choice].choice_sel == s ? Tri::Y : Tri::N;
            } else {
                bool done = false;
                if (st.visible != Tri::N && st.def_user) {
                    new_tri = tri_and(st.user_tri, st.visible);
                    done = true;
                }
                if (!done) {
                    if (st.rev_dep != Tri::N) {
                        st.write = true;
                    }
                    if (!sym.is_choice) {
                        Tri cond = Tri::N;
                        const Property* p = active_prop(s, PropKind::Default, &cond);
                        if (p != nullptr) {
                            new_tri = tri_and(expr_value(p->expr), cond);
                            if (new_tri != Tri::N) {
                                st.write = true;
                            }
                        }
                        if (st.implied != Tri::N) {
                            st.write = true;
                            new_tri = tri_or(new_tri, st.implied);
                            new_tri = tri_and(new_tri, st.dir_dep);
                        }
                    }
                }
                new_tri = tri_or(new_tri, st.rev_dep);
            }
            if (new_tri == Tri::M && get_type(s) == SymType::Bool) {
                new_tri = Tri::Y;
            }
            break;
        case SymType::String:
        case SymType::Hex:
        case SymType::Int: {
            if (st.visible != Tri::N && st.def_user) {
                new_val = st.user_val;
                break;
            }
            const Property* p = active_prop(s, PropKind::Default, nullptr);
            if (p != nullptr) {
                const Expr& e = m_m.exprs.at(p->expr);
                if (e.kind == ExprKind::Symbol) {
                    SymId ds = static_cast<SymId>(e.a);
                    st.write = true;
                    calc_value(ds);
                    new_val = string_value(ds);
                }
            }
            break;
        }
        default:
            break;
        }
        st.tri = new_tri;
        if (sym.type == SymType::Bool || sym.type == SymType::Tristate) {
            st.val = std::string(1, tri_char(new_tri));
        } else {
            st.val = new_val;
        }
        st.choice_sel = new_sel;
        if (sym.is_choice && new_tri == Tri::Y) {
            st.choice_sel = calc_choice(s);
        }
        validate_range(s);
        if (s == m_m.modules_sym && (old_tri != st.tri || !m_modules_known)) {
            m_modules_known = true;
            m_modules_val = st.tri;
        }
        if (sym.is_choice) {
            for (SymId v : sym.choice_values) {
                if (st.write && m_s[v].visible != Tri::N) {
                    m_s[v].write = true;
                }
            }
            st.write = false;  // choices themselves are never written
        }
        if (st.need_set_choice_values) {
            set_all_choice_values(s);
        }
    }

public:
    // ---- what-if on a finished configuration (values_without_line) ----
    void seed(const Config& c) {
        invalidate();
        for (SymId i = kSymYes + 1; i < m_s.size(); ++i) {
            State& st = m_s[i];
            st.valid = true;
            st.tri = c.tri[i];
            const SymType t = m_m.symbols[i].type;
            if (t != SymType::Bool && t != SymType::Tristate) {
                st.val = c.value[i];  // a bool's or tristate's text is its tri (string_value)
            }
            st.def_user = false;
            st.need_set_choice_values = false;
        }
        m_modules_known = true;
        m_modules_val = m_m.modules_sym == kSymNo ? Tri::N : c.tri[m_m.modules_sym];
    }

    // S recomputed as if the input's line for it were `line` (nullptr: no line at all); S is
    // put back afterwards.
    Tri with_user(SymId s, const std::string* line) {
        State saved = m_s[s];
        invalidate();
        m_s[s].valid = false;
        m_s[s].def_user = false;
        if (line != nullptr) {
            set_sym_val(s, *line);
        }
        calc_value(s);
        Tri t = m_s[s].tri;
        m_s[s] = std::move(saved);
        invalidate();
        return t;
    }

private:
    const Model& m_m;
    std::vector<State>& m_s;
    std::vector<uint32_t>& m_memo_gen;  // per expression: generation of its remembered value
    std::vector<Tri>& m_memo_val;
    uint32_t& m_gen;
    bool m_tainted = false;
    Tri m_modules_val = Tri::N;
    bool m_modules_known = false;
    int m_warnings = 0;
};

}  // namespace

std::vector<ConfigLine> read_config_lines(std::string_view text) {
    std::vector<ConfigLine> out;
    constexpr std::string_view kPrefix = "CONFIG_";
    while (!text.empty()) {
        size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        if (line.starts_with("# ")) {
            std::string_view p = line.substr(2);
            if (!p.starts_with(kPrefix)) {
                continue;
            }
            p.remove_prefix(kPrefix.size());
            size_t sp = p.find(' ');
            if (sp == std::string_view::npos || !p.substr(sp + 1).starts_with("is not set")) {
                continue;
            }
            out.push_back({std::string(p.substr(0, sp)), "n"});
        } else if (line.starts_with(kPrefix)) {
            std::string_view p = line.substr(kPrefix.size());
            size_t eq = p.find('=');
            if (eq == std::string_view::npos) {
                continue;
            }
            out.push_back({std::string(p.substr(0, eq)), std::string(p.substr(eq + 1))});
        }
    }
    return out;
}

Config olddefconfig(const Model& model, const std::vector<ConfigLine>& base) {
    Evaluator ev(model);
    ev.conf_read(base);
    return ev.finish();
}

std::vector<Tri> values_without_line(const Model& model, const Config& config, std::span<const SymId> which,
                                     const std::vector<ConfigLine>& base) {
    std::unordered_map<std::string_view, const std::string*> in_base;
    for (const ConfigLine& l : base) {
        in_base[l.symbol] = &l.value;  // the last line for a symbol wins, as in conf_read
    }
    Evaluator ev(model);
    ev.seed(config);
    std::vector<Tri> out;
    out.reserve(which.size());
    for (SymId s : which) {
        auto it = in_base.find(model.symbols[s].name);
        out.push_back(ev.with_user(s, it == in_base.end() ? nullptr : it->second));
    }
    return out;
}

Config defconfig(const Model& model, const std::vector<ConfigLine>& defconfig_file) {
    Evaluator ev(model);
    ev.conf_read(defconfig_file);
    ev.set_all_new_symbols(Evaluator::DefMode::Default);
    return ev.finish();
}

Config allnoconfig(const Model& model, const std::vector<ConfigLine>* allconfig) {
    Evaluator ev(model);
    if (allconfig != nullptr) {
        ev.read(*allconfig);
    }
    ev.set_all_new_symbols(Evaluator::DefMode::No);
    return ev.finish();
}

Config alldefconfig(const Model& model, const std::vector<ConfigLine>* allconfig) {
    Evaluator ev(model);
    if (allconfig != nullptr) {
        ev.read(*allconfig);
    }
    ev.set_all_new_symbols(Evaluator::DefMode::Default);
    return ev.finish();
}

std::vector<ConfigLine> merge_config(std::vector<ConfigLine> base,
                                     const std::vector<std::vector<ConfigLine>>& fragments) {
    for (const auto& frag : fragments) {
        for (const ConfigLine& l : frag) {
            std::erase_if(base, [&](const ConfigLine& b) { return b.symbol == l.symbol; });
            base.push_back(l);
        }
    }
    return base;
}

Config tinyconfig(const Model& model, const std::vector<ConfigLine>& tiny_base,
                  const std::vector<std::vector<ConfigLine>>& tiny_fragments) {
    Config first = allnoconfig(model, &tiny_base);
    std::vector<ConfigLine> lines = read_config_lines(write_dotconfig(model, first));
    return olddefconfig(model, merge_config(std::move(lines), tiny_fragments));
}

namespace {

std::string escape_string(std::string_view v) {
    std::string out = "\"";
    for (char c : v) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    out += '"';
    return out;
}

void write_menu(const Model& model, const Config& config, uint32_t id, std::vector<bool>& written,
                bool& need_newline, std::string& out) {
    const Menu& menu = model.menus[id];
    if (id != 0) {
        if (menu.sym == kNoSym) {
            if (config.menu_visible[id]) {
                out += "\n#\n# " + menu.prompt + "\n#\n";
                need_newline = false;
            }
        } else if (!model.symbols[menu.sym].is_choice && !written[menu.sym] && config.write[menu.sym]) {
            const Symbol& sym = model.symbols[menu.sym];
            if (need_newline) {
                out += '\n';
                need_newline = false;
            }
            written[menu.sym] = true;
            const std::string& v = config.value[menu.sym];
            if (sym.type == SymType::Unknown) {
                // nothing: the kernel skips symbols without a type
            } else if ((sym.type == SymType::Bool || sym.type == SymType::Tristate) && v == "n") {
                out += "# CONFIG_" + sym.name + " is not set\n";
            } else if (sym.type == SymType::String) {
                out += "CONFIG_" + sym.name + "=" + escape_string(v) + "\n";
            } else {
                out += "CONFIG_" + sym.name + "=" + v + "\n";
            }
        }
    }
    for (uint32_t c : menu.children) {
        write_menu(model, config, c, written, need_newline, out);
    }
    if (id != 0 && menu.sym == kNoSym && menu.kind == MenuKind::Menu && config.menu_visible[id]) {
        out += "# end of " + menu.prompt + "\n";
        need_newline = true;
    }
}

}  // namespace

std::string write_dotconfig(const Model& model, const Config& config) {
    std::string out = "#\n# Automatically generated file; DO NOT EDIT.\n# " + model.menus[0].prompt + "\n#\n";
    std::vector<bool> written(model.symbols.size(), false);
    bool need_newline = false;
    write_menu(model, config, 0, written, need_newline, out);
    return out;
}

}  // namespace hw::kconfig
