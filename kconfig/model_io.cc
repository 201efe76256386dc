#include "kconfig/model_io.h"

#include <cstring>

namespace hw::kconfig {

namespace {

constexpr std::string_view kMagic = "hwkcmodl";
constexpr uint64_t kEndTag = 0x4b43454eu;  // "NECK": catches a stream that is cut or misaligned

class Writer {
public:
    void u(uint64_t v) {
        while (v >= 0x80) {
            m_out += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        m_out += static_cast<char>(v);
    }
    void s(int64_t v) { u((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    // kNoSym is stored as 0, every other id as id + 1.
    void sym(SymId v) { u(v == kNoSym ? 0 : static_cast<uint64_t>(v) + 1); }
    void str(std::string_view v) {
        u(v.size());
        m_out.append(v);
    }
    void ids(const std::vector<uint32_t>& v) {
        u(v.size());
        for (uint32_t x : v) {
            u(x);
        }
    }
    void loc(const Location& l) {
        u(l.file);
        s(l.line);
    }
    std::string& out() { return m_out; }

private:
    std::string m_out;
};

// Reads with a sticky failure: after the first error every read yields 0 and the error stays.
class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}

    uint64_t u() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (m_pos >= m_in.size()) {
                truncated();
                return 0;
            }
            auto b = static_cast<unsigned char>(m_in[m_pos++]);
            v |= static_cast<uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        corrupt("overlong number");
        return 0;
    }
    int64_t s() {
        uint64_t v = u();
        return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
    uint32_t u32() {
        uint64_t v = u();
        if (v > UINT32_MAX) {
            corrupt("number out of range");
            return 0;
        }
        return static_cast<uint32_t>(v);
    }
    int32_t i32() {
        int64_t v = s();
        if (v < INT32_MIN || v > INT32_MAX) {
            corrupt("number out of range");
            return 0;
        }
        return static_cast<int32_t>(v);
    }
    SymId sym() {
        uint32_t v = u32();
        return v == 0 ? kNoSym : v - 1;
    }
    uint8_t byte() {
        uint64_t v = u();
        if (v > 0xff) {
            corrupt("number out of range");
            return 0;
        }
        return static_cast<uint8_t>(v);
    }
    // An element count; each element takes at least one byte, so more than what is left is
    // corrupt (and must not make us allocate gigabytes).
    size_t count() {
        uint64_t n = u();
        if (n > m_in.size() - m_pos) {
            if (ok()) {
                corrupt("count " + std::to_string(n) + " larger than the input");
            }
            return 0;
        }
        return static_cast<size_t>(n);
    }
    std::string str() {
        size_t n = count();
        std::string v(m_in.substr(m_pos, n));
        m_pos += n;
        return v;
    }
    void ids(std::vector<uint32_t>& v) {
        size_t n = count();
        v.resize(n);
        for (size_t i = 0; i < n; ++i) {
            v[i] = u32();
        }
    }
    Location loc() {
        Location l;
        l.file = u32();
        l.line = i32();
        return l;
    }
    bool raw(std::string_view expected) {
        if (m_in.size() - m_pos < expected.size()) {
            truncated();
            return false;
        }
        bool same = m_in.substr(m_pos, expected.size()) == expected;
        m_pos += expected.size();
        return same;
    }

    void corrupt(const std::string& what) {
        if (ok()) {
            m_error = "kconfig model corrupt: " + what + " (byte " + std::to_string(m_pos) + ")";
        }
    }
    void truncated() {
        if (ok()) {
            m_error = "kconfig model truncated at byte " + std::to_string(m_pos);
        }
    }
    bool ok() const { return m_error.empty(); }
    bool at_end() const { return m_pos == m_in.size(); }
    const std::string& error() const { return m_error; }

private:
    std::string_view m_in;
    size_t m_pos = 0;
    std::string m_error;
};

void write_symbol(Writer& w, const Symbol& s) {
    w.str(s.name);
    w.u(static_cast<uint8_t>(s.type));
    w.u((s.is_const ? 1u : 0u) | (s.is_choice ? 2u : 0u) | (s.is_choice_value ? 4u : 0u) |
        (s.optional ? 8u : 0u));
    w.ids(s.props);
    w.ids(s.menus);
    w.s(s.dir_dep);
    w.s(s.rev_dep);
    w.s(s.implied);
    w.sym(s.choice);
    w.ids(s.choice_values);
}

void write_prop(Writer& w, const Property& p) {
    w.u(static_cast<uint8_t>(p.kind));
    w.s(p.expr);
    w.s(p.cond);
    w.sym(p.target);
    w.sym(p.target2);
    w.u(p.menu);
    w.loc(p.loc);
}

void write_menu(Writer& w, const Menu& m) {
    w.u(static_cast<uint8_t>(m.kind));
    w.sym(m.sym);
    w.u(m.parent);
    w.ids(m.children);
    w.str(m.prompt);
    w.u(m.has_prompt ? 1 : 0);
    w.s(m.prompt_prop);
    w.s(m.dep);
    w.s(m.visibility);
    w.s(m.prompt_cond);
    w.str(m.help);
    w.loc(m.loc);
}

Symbol read_symbol(Reader& r) {
    Symbol s;
    s.name = r.str();
    uint8_t type = r.byte();
    if (type > static_cast<uint8_t>(SymType::String)) {
        r.corrupt("bad symbol type " + std::to_string(type));
    }
    s.type = static_cast<SymType>(type);
    uint8_t flags = r.byte();
    s.is_const = (flags & 1) != 0;
    s.is_choice = (flags & 2) != 0;
    s.is_choice_value = (flags & 4) != 0;
    s.optional = (flags & 8) != 0;
    r.ids(s.props);
    r.ids(s.menus);
    s.dir_dep = r.i32();
    s.rev_dep = r.i32();
    s.implied = r.i32();
    s.choice = r.sym();
    r.ids(s.choice_values);
    return s;
}

Property read_prop(Reader& r) {
    Property p;
    uint8_t kind = r.byte();
    if (kind > static_cast<uint8_t>(PropKind::Choice)) {
        r.corrupt("bad property kind " + std::to_string(kind));
    }
    p.kind = static_cast<PropKind>(kind);
    p.expr = r.i32();
    p.cond = r.i32();
    p.target = r.sym();
    p.target2 = r.sym();
    p.menu = r.u32();
    p.loc = r.loc();
    return p;
}

Menu read_menu(Reader& r) {
    Menu m;
    uint8_t kind = r.byte();
    if (kind > static_cast<uint8_t>(MenuKind::If)) {
        r.corrupt("bad menu kind " + std::to_string(kind));
    }
    m.kind = static_cast<MenuKind>(kind);
    m.sym = r.sym();
    m.parent = r.u32();
    r.ids(m.children);
    m.prompt = r.str();
    m.has_prompt = r.byte() != 0;
    m.prompt_prop = r.i32();
    m.dep = r.i32();
    m.visibility = r.i32();
    m.prompt_cond = r.i32();
    m.help = r.str();
    m.loc = r.loc();
    return m;
}

// Checks every reference between the tables, so that the evaluator and show() can index
// without checks. Returns an empty string when the model is consistent.
class Validator {
public:
    Validator(const Model& m, size_t nexprs) : m_m(m), m_nexprs(nexprs) {}

    std::string run() {
        size_t nsyms = m_m.symbols.size();
        if (nsyms < 3 || m_m.menus.empty() || m_m.menus[0].kind != MenuKind::Root) {
            return "missing constant symbols or root menu";
        }
        for (SymId i = 0; i <= kSymYes; ++i) {
            const Symbol& s = m_m.symbols[i];
            if (!s.is_const || s.name.size() != 1 || s.name[0] != "nmy"[i]) {
                return "symbol " + std::to_string(i) + " is not the constant " + "nmy"[i];
            }
        }
        if (m_m.modules_sym >= nsyms) {
            return "modules symbol out of range";
        }
        for (size_t i = 0; i < nsyms; ++i) {
            if (std::string e = symbol(m_m.symbols[i]); !e.empty()) {
                return "symbol " + std::to_string(i) + ": " + e;
            }
        }
        for (size_t i = 0; i < m_m.props.size(); ++i) {
            if (std::string e = prop(m_m.props[i]); !e.empty()) {
                return "property " + std::to_string(i) + ": " + e;
            }
        }
        for (size_t i = 0; i < m_m.menus.size(); ++i) {
            if (std::string e = menu(static_cast<uint32_t>(i)); !e.empty()) {
                return "menu " + std::to_string(i) + ": " + e;
            }
        }
        return {};
    }

private:
    bool expr_ok(ExprId e) const { return e >= -1 && static_cast<int64_t>(e) < static_cast<int64_t>(m_nexprs); }
    bool sym_ok(SymId s) const { return s < m_m.symbols.size(); }
    bool file_ok(const Location& l) const { return l.file < m_m.files.size() || l.file == 0; }

    std::string symbol(const Symbol& s) const {
        for (uint32_t p : s.props) {
            if (p >= m_m.props.size()) {
                return "property out of range";
            }
        }
        for (uint32_t m : s.menus) {
            if (m >= m_m.menus.size()) {
                return "menu out of range";
            }
        }
        if (!expr_ok(s.dir_dep) || !expr_ok(s.rev_dep) || !expr_ok(s.implied)) {
            return "expression out of range";
        }
        if (s.is_choice_value && (!sym_ok(s.choice) || !m_m.symbols[s.choice].is_choice)) {
            return "choice value without a choice";
        }
        if (!s.is_choice_value && s.choice != kNoSym && !sym_ok(s.choice)) {
            return "choice out of range";
        }
        for (SymId v : s.choice_values) {
            if (!sym_ok(v)) {
                return "choice value out of range";
            }
        }
        return {};
    }

    std::string prop(const Property& p) const {
        if (!expr_ok(p.expr) || !expr_ok(p.cond)) {
            return "expression out of range";
        }
        if (p.menu >= m_m.menus.size() || !file_ok(p.loc)) {
            return "menu or file out of range";
        }
        switch (p.kind) {
        case PropKind::Default:
            // The evaluator reads a default's value expression (a choice's must name a symbol).
            if (p.expr == kNoExpr) {
                return "default without a value";
            }
            break;
        case PropKind::Select:
        case PropKind::Imply:
            if (!sym_ok(p.target)) {
                return "target out of range";
            }
            break;
        case PropKind::Range:
            if (!sym_ok(p.target) || !sym_ok(p.target2)) {
                return "range bound out of range";
            }
            break;
        case PropKind::Choice:
            if (!sym_ok(p.target) || !m_m.symbols[p.target].is_choice) {
                return "choice out of range";
            }
            break;
        case PropKind::Prompt:
            break;
        }
        if (p.target != kNoSym && !sym_ok(p.target)) {
            return "target out of range";
        }
        if (p.target2 != kNoSym && !sym_ok(p.target2)) {
            return "target out of range";
        }
        return {};
    }

    std::string menu(uint32_t id) const {
        const Menu& m = m_m.menus[id];
        if (m.sym != kNoSym && !sym_ok(m.sym)) {
            return "symbol out of range";
        }
        if (id != 0 && (m.parent >= id || m.kind == MenuKind::Root)) {
            return "bad parent";
        }
        for (uint32_t c : m.children) {
            // Children come after their parent and name it: the menus form a tree.
            if (c <= id || c >= m_m.menus.size() || m_m.menus[c].parent != id) {
                return "bad child " + std::to_string(c);
            }
        }
        if (m.prompt_prop < -1 || (m.prompt_prop >= 0 && static_cast<size_t>(m.prompt_prop) >= m_m.props.size())) {
            return "prompt property out of range";
        }
        if (!expr_ok(m.dep) || !expr_ok(m.visibility) || !expr_ok(m.prompt_cond)) {
            return "expression out of range";
        }
        if (!file_ok(m.loc)) {
            return "file out of range";
        }
        return {};
    }

    const Model& m_m;
    size_t m_nexprs;
};

// Rebuilds the arena node by node through its public constructors; each must land on its index.
std::string read_exprs(Reader& r, size_t nsyms_hint, ExprArena& arena, size_t n) {
    (void)nsyms_hint;
    arena.reserve(n);
    for (size_t i = 0; i < n && r.ok(); ++i) {
        uint8_t kind = r.byte();
        int64_t a = r.s();
        int64_t b = r.s();
        if (!r.ok()) {
            break;
        }
        auto earlier = [&](int64_t x) { return x >= 0 && static_cast<size_t>(x) < i; };
        auto symbol = [&](int64_t x) { return x >= 0 && x <= static_cast<int64_t>(UINT32_MAX); };
        ExprId got = kNoExpr;
        auto k = static_cast<ExprKind>(kind);
        switch (k) {
        case ExprKind::Symbol:
            if (!symbol(a) || b != 0) {
                return "expression " + std::to_string(i) + ": bad symbol";
            }
            got = arena.symbol(static_cast<SymId>(a));
            break;
        case ExprKind::Not:
            if (!earlier(a) || b != 0) {
                return "expression " + std::to_string(i) + ": bad operand";
            }
            got = arena.unary_not(static_cast<ExprId>(a));
            break;
        case ExprKind::And:
        case ExprKind::Or:
            if (!earlier(a) || !earlier(b)) {
                return "expression " + std::to_string(i) + ": bad operand";
            }
            got = k == ExprKind::And ? arena.and_(static_cast<ExprId>(a), static_cast<ExprId>(b))
                                     : arena.or_(static_cast<ExprId>(a), static_cast<ExprId>(b));
            break;
        case ExprKind::Equal:
        case ExprKind::Unequal:
        case ExprKind::Less:
        case ExprKind::LessEqual:
        case ExprKind::Greater:
        case ExprKind::GreaterEqual:
            if (!symbol(a) || !symbol(b)) {
                return "expression " + std::to_string(i) + ": bad symbol";
            }
            got = arena.compare(k, static_cast<SymId>(a), static_cast<SymId>(b));
            break;
        default:
            return "expression " + std::to_string(i) + ": bad kind " + std::to_string(kind);
        }
        if (got != static_cast<ExprId>(i)) {
            return "expression " + std::to_string(i) + ": arena out of step";
        }
    }
    return {};
}

// Symbol ids inside expressions can only be checked once the symbol table is read.
std::string check_expr_symbols(const Model& m) {
    size_t nsyms = m.symbols.size();
    for (size_t i = 0; i < m.exprs.size(); ++i) {
        const Expr& x = m.exprs.at(static_cast<ExprId>(i));
        bool bad = false;
        switch (x.kind) {
        case ExprKind::Symbol:
            bad = static_cast<size_t>(x.a) >= nsyms;
            break;
        case ExprKind::Not:
        case ExprKind::And:
        case ExprKind::Or:
            break;
        default:
            bad = static_cast<size_t>(x.a) >= nsyms || static_cast<size_t>(x.b) >= nsyms;
            break;
        }
        if (bad) {
            return "expression " + std::to_string(i) + ": symbol out of range";
        }
    }
    // A choice's default names the value to pick: the evaluator reads it as a symbol.
    for (const Property& p : m.props) {
        if (p.kind == PropKind::Default && p.menu < m.menus.size()) {
            SymId owner = m.menus[p.menu].sym;
            if (owner < nsyms && m.symbols[owner].is_choice &&
                m.exprs.at(p.expr).kind != ExprKind::Symbol) {
                return "choice default is not a symbol";
            }
        }
    }
    return {};
}

void rebuild_maps(Model& m) {
    for (SymId i = kSymYes + 1; i < m.symbols.size(); ++i) {
        const Symbol& s = m.symbols[i];
        if (s.is_choice) {
            if (!s.name.empty()) {
                m.m_choices.emplace(s.name, i);
            }
        } else if (s.is_const) {
            m.m_consts.emplace(s.name, i);
        } else {
            m.m_by_name.emplace(s.name, i);
        }
    }
}

}  // namespace

std::string serialize_model(const Model& model) {
    Writer w;
    w.out().reserve(1 << 20);
    w.out().append(kMagic);
    w.u(kModelFormatVersion);
    w.u(model.files.size());
    for (const std::string& f : model.files) {
        w.str(f);
    }
    w.u(model.exprs.size());
    for (size_t i = 0; i < model.exprs.size(); ++i) {
        const Expr& x = model.exprs.at(static_cast<ExprId>(i));
        w.u(static_cast<uint8_t>(x.kind));
        w.s(x.a);
        w.s(x.b);
    }
    w.u(model.symbols.size());
    for (const Symbol& s : model.symbols) {
        write_symbol(w, s);
    }
    w.u(model.props.size());
    for (const Property& p : model.props) {
        write_prop(w, p);
    }
    w.u(model.menus.size());
    for (const Menu& m : model.menus) {
        write_menu(w, m);
    }
    w.sym(model.modules_sym);
    w.u(kEndTag);
    return std::move(w.out());
}

std::expected<Model, std::string> deserialize_model(std::string_view bytes) {
    Reader r(bytes);
    if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
        return std::unexpected("not a hwneeds kconfig model (bad magic)");
    }
    r.raw(kMagic);
    uint64_t version = r.u();
    if (!r.ok()) {
        return std::unexpected(r.error());
    }
    if (version != kModelFormatVersion) {
        return std::unexpected("kconfig model format " + std::to_string(version) + ", this hwneeds reads " +
                               std::to_string(kModelFormatVersion));
    }
    Model m;
    m.symbols.clear();
    m.menus.clear();
    size_t nfiles = r.count();
    for (size_t i = 0; i < nfiles && r.ok(); ++i) {
        m.files.push_back(r.str());
    }
    size_t nexprs = r.count();
    if (std::string e = read_exprs(r, 0, m.exprs, nexprs); !e.empty()) {
        r.corrupt(e);
    }
    size_t nsyms = r.count();
    m.symbols.reserve(nsyms);
    for (size_t i = 0; i < nsyms && r.ok(); ++i) {
        m.symbols.push_back(read_symbol(r));
    }
    size_t nprops = r.count();
    m.props.reserve(nprops);
    for (size_t i = 0; i < nprops && r.ok(); ++i) {
        m.props.push_back(read_prop(r));
    }
    size_t nmenus = r.count();
    m.menus.reserve(nmenus);
    for (size_t i = 0; i < nmenus && r.ok(); ++i) {
        m.menus.push_back(read_menu(r));
    }
    m.modules_sym = r.sym();
    if (r.ok() && r.u() != kEndTag) {
        r.corrupt("bad end tag");
    }
    if (r.ok() && !r.at_end()) {
        r.corrupt("trailing bytes");
    }
    if (!r.ok()) {
        return std::unexpected(r.error());
    }
    std::string e = Validator(m, m.exprs.size()).run();
    if (e.empty()) {
        e = check_expr_symbols(m);
    }
    if (!e.empty()) {
        return std::unexpected("kconfig model corrupt: " + e);
    }
    rebuild_maps(m);
    return m;
}

}  // namespace hw::kconfig
