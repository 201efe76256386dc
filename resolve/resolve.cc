#include "resolve/resolve.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <unordered_map>

namespace hw::resolve {

namespace {

using kconfig::Config;
using kconfig::ConfigLine;
using kconfig::Expr;
using kconfig::ExprId;
using kconfig::ExprKind;
using kconfig::kNoExpr;
using kconfig::kSymMod;
using kconfig::kSymNo;
using kconfig::kSymYes;
using kconfig::Model;
using kconfig::PropKind;
using kconfig::SymId;
using kconfig::SymType;
using kconfig::Tri;

constexpr int kInf = 1'000'000;
constexpr int kMaxDepth = 24;
constexpr int kMaxRounds = 48;
// COMPILE_TEST switches on build coverage for foreign platforms; an `|| COMPILE_TEST` side is
// never the simple way to meet a dependency.
constexpr int kCompileTestPenalty = 1000;

int add_cost(int a, int b) { return std::min(kInf, a + b); }

bool parse_number(std::string_view s, long long& out) {
    int base = 10;
    if (s.starts_with("0x") || s.starts_with("0X")) {
        s.remove_prefix(2);
        base = 16;
    }
    if (s.empty()) {
        return false;
    }
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
    return ec == std::errc() && ptr == s.data() + s.size();
}

std::string tri_text(Tri t) { return std::string(1, kconfig::tri_char(t)); }

// Calls fn(symbol, tested) for every symbol an expression mentions; `tested` when it is read by
// value (under a negation, or in a comparison) rather than only needed on.
template <class Fn>
void for_each_symbol(const Model& model, ExprId e, std::vector<std::pair<ExprId, bool>>& stack, Fn&& fn) {
    stack.assign(1, {e, false});
    while (!stack.empty()) {
        auto [x, tested] = stack.back();
        stack.pop_back();
        if (x == kNoExpr) {
            continue;
        }
        const Expr& ex = model.exprs.at(x);
        switch (ex.kind) {
        case ExprKind::Symbol:
            fn(static_cast<SymId>(ex.a), tested);
            break;
        case ExprKind::Not:
            stack.push_back({static_cast<ExprId>(ex.a), true});
            break;
        case ExprKind::And:
        case ExprKind::Or:
            stack.push_back({static_cast<ExprId>(ex.a), tested});
            stack.push_back({static_cast<ExprId>(ex.b), tested});
            break;
        default:  // comparisons: both sides are symbols
            fn(static_cast<SymId>(ex.a), true);
            fn(static_cast<SymId>(ex.b), true);
            break;
        }
    }
}

// What the resolver has decided about one symbol.
struct Want {
    Tri value = Tri::N;
    bool off = false;    // must stay off (from a `!X`): written as X=n
    bool line = false;   // has a prompt: gets a line in the fragment
    bool keep_off = false;  // off already and needed off (a `!X` of an earlier need): no line
    std::vector<std::string> reasons;
    std::vector<SymId> via;  // the symbols it was wanted for (empty: a need itself)
};

class Resolver {
public:
    Resolver(const Model& model, const std::vector<ConfigLine>& base, const Options& options)
        : m_model(model), m_base(base), m_base_config(options.base_config), m_exhaustive(options.exhaustive),
          m_builtin(options.builtin), m_base_has_line(model.symbols.size(), false) {
        for (const ConfigLine& l : base) {
            SymId s = model.find(l.symbol);
            if (s != kconfig::kNoSym) {
                m_base_has_line[s] = true;
            }
        }
    }

    // One resolution of `needs`; fills the fragment and says which needs stayed off.
    std::vector<Line> run(const std::vector<std::pair<SymId, Need>>& needs,
                          std::vector<std::string>& unmet);
    size_t evaluations() const { return m_evaluations; }
    // `lines` (an earlier answer) minimized for `needs`, if it keeps its lines and meets them.
    std::optional<std::vector<Line>> reuse(std::vector<Line> lines, const std::vector<std::pair<SymId, Need>>& needs);
    // The evaluation of the lines run() returned.
    Config take_config() { return std::move(m_cfg); }

private:
    // ---- the current configuration ----
    void evaluate(const std::vector<Line>& lines) {
        if (m_evaluated && same_lines(lines, m_cfg_lines)) {
            return;  // m_cfg is this evaluation already
        }
        m_cfg = kconfig::olddefconfig(m_model, apply_fragment(m_base, lines));
        m_without.clear();
        remember(lines, true);
        ++m_evaluations;
    }
    // kconfig::values_without_line on m_cfg, remembered per symbol until m_cfg changes.
    std::vector<Tri> without_line(const std::vector<SymId>& ids) const {
        std::vector<SymId> missing;
        for (SymId s : ids) {
            if (!m_without.contains(s)) {
                missing.push_back(s);
            }
        }
        if (!missing.empty()) {
            std::vector<Tri> got = kconfig::values_without_line(m_model, m_cfg, missing, m_base);
            for (size_t i = 0; i < missing.size(); ++i) {
                m_without.emplace(missing[i], got[i]);
            }
        }
        std::vector<Tri> out;
        out.reserve(ids.size());
        for (SymId s : ids) {
            out.push_back(m_without.at(s));
        }
        return out;
    }
    // m_cfg is (fresh: computed as) the evaluation of `lines`.
    void remember(const std::vector<Line>& lines, bool fresh) {
        m_cfg_lines.clear();
        for (const Line& l : lines) {
            m_cfg_lines.emplace_back(l.symbol, l.value);
        }
        m_evaluated = true;
        m_cfg_fresh = fresh;
    }
    // The answer is always checked against a real evaluation of its lines.
    void evaluate_fresh(const std::vector<Line>& lines) {
        if (!m_cfg_fresh) {
            m_evaluated = false;
        }
        evaluate(lines);
    }
    static bool same_lines(const std::vector<Line>& a, const std::vector<std::pair<std::string, std::string>>& b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (size_t i = 0; i < a.size(); ++i) {
            if (a[i].symbol != b[i].first || a[i].value != b[i].second) {
                return false;
            }
        }
        return true;
    }
    Tri tri_of(SymId s) const { return s <= kSymYes ? static_cast<Tri>(s) : m_cfg.tri[s]; }
    std::string_view text_of(SymId s) const {
        return m_model.symbols[s].is_const ? std::string_view(m_model.symbols[s].name)
                                           : std::string_view(m_cfg.value[s]);
    }
    Tri eval(ExprId e) const;
    bool compare(ExprKind kind, SymId a, SymId b) const;
    bool planned(SymId s, Tri t) const {
        auto it = m_wants.find(s);
        return it != m_wants.end() && !it->second.off && it->second.value >= t;
    }
    Tri target_for(SymId s, Tri t) const {
        return m_model.symbols[s].type == SymType::Bool && t != Tri::N ? Tri::Y : t;
    }
    bool visible_prompt(SymId s) const;
    void or_terms(ExprId e, std::vector<ExprId>& out) const;

    // ---- estimated number of lines needed (a heuristic for choosing) ----
    int cost_sym(SymId s, Tri t, int depth);
    int cost_expr(ExprId e, Tri t, int depth);
    int cost_off(ExprId e, Tri limit, int depth);
    int cost_off_sym(SymId s) const;

    // ---- decisions ----
    bool want_sym(SymId s, Tri t, const std::string& reason, int depth);
    bool require(ExprId e, Tri t, const std::string& reason, int depth);
    bool require_off(ExprId e, Tri limit, const std::string& reason, int depth);
    bool switch_off(SymId s, const std::string& reason);
    void fail(std::string message) { m_failures.push_back(std::move(message)); }
    Want& want_entry(SymId s) {
        auto [it, inserted] = m_wants.try_emplace(s);
        if (inserted) {
            m_order.push_back(s);
            ++m_changes;
        }
        return it->second;
    }
    void add_reason(Want& w, const std::string& reason) {
        if (std::find(w.reasons.begin(), w.reasons.end(), reason) == w.reasons.end()) {
            w.reasons.push_back(reason);
        }
        if (m_via != kconfig::kNoSym && std::find(w.via.begin(), w.via.end(), m_via) == w.via.end()) {
            w.via.push_back(m_via);
        }
    }
    // Off already and needed off: kept off for this need, so that a need decided later cannot
    // switch it on under it (first come, first served; the planner puts the needs of drivers
    // that serve more devices first). No line.
    void keep_off(SymId s, const std::string& reason) {
        if (s <= kSymYes || m_model.symbols[s].is_const) {
            return;
        }
        Want& w = want_entry(s);
        if (!w.keep_off && !w.off && w.value == Tri::N) {
            w.keep_off = true;
            ++m_changes;
        }
        add_reason(w, reason);
    }
    // Whether a want gets a line of its own; a change is a change of the fragment.
    void set_line(SymId s, bool line) {
        Want& w = m_wants[s];
        if (w.line != line) {
            w.line = line;
            ++m_changes;
        }
    }
    // While a symbol's own conditions are worked on, what they ask for is wanted "via" it.
    class Via {
    public:
        Via(Resolver& r, SymId s) : m_r(r), m_saved(r.m_via) { r.m_via = s; }
        ~Via() { m_r.m_via = m_saved; }
        Via(const Via&) = delete;
        Via& operator=(const Via&) = delete;
    private:
        Resolver& m_r;
        SymId m_saved;
    };

    // ---- the fragment ----
    std::vector<Line> lines() const;
    bool need_met(SymId s, const Need& need) const {
        Tri got = tri_of(s);
        switch (need.want) {
        case Tristate::Builtin:
            return got == Tri::Y;
        case Tristate::Off:
            return got == Tri::N;
        default:
            return got != Tri::N;
        }
    }
    bool lines_kept(const std::vector<Line>& lines) const;
    bool all_needs_met(const std::vector<std::pair<SymId, Need>>& needs) const;
    SymId choice_default(SymId choice) const;
    bool default_path_allowed(SymId s) const;
    int cheapest_default(SymId s, Tri t, int depth, const kconfig::Property** out);
    std::string active_selectors(SymId target) const;
    std::vector<Line> drop_second_selectors(std::vector<Line> lines, const std::vector<std::pair<SymId, Need>>& needs);
    std::vector<size_t> soft_candidates(const std::vector<Line>& lines) const;
    std::vector<Line> drop_soft(std::vector<Line> lines, const std::vector<std::pair<SymId, Need>>& needs);
    std::vector<Line> drop_redundant(std::vector<Line> lines) const;
    std::vector<bool> need_closure(const std::vector<Line>& lines,
                                   const std::vector<std::pair<SymId, Need>>& needs, bool strict) const;
    std::vector<Line> drop_unsupported(std::vector<Line> lines,
                                       const std::vector<std::pair<SymId, Need>>& needs) const;
    std::vector<Line> minimize(std::vector<Line> lines,
                               const std::vector<std::pair<SymId, Need>>& needs);

    const Model& m_model;
    const std::vector<ConfigLine>& m_base;
    const Config* m_base_config = nullptr;
    bool m_exhaustive = false;
    bool m_builtin = false;
    std::vector<bool> m_base_has_line;      // the base sets the symbol (a user value)
    Config m_cfg;
    mutable std::unordered_map<SymId, Tri> m_without;  // without_line's, for this m_cfg
    std::vector<std::pair<std::string, std::string>> m_cfg_lines;  // the lines m_cfg evaluates
    bool m_evaluated = false;
    bool m_cfg_fresh = false;
    size_t m_evaluations = 0;
    std::unordered_map<SymId, Want> m_wants;
    std::vector<SymId> m_order;              // symbols in the order decided (prerequisites later)
    std::vector<Tri> m_done;                 // per round: highest value already worked on
    std::unordered_map<uint64_t, int> m_cost;  // per round: memo (s*4 + t), -1 while computing
    std::vector<std::string> m_failures;     // per round
    size_t m_changes = 0;
    SymId m_via = kconfig::kNoSym;           // whose conditions are being met (Via)
};

Tri Resolver::eval(ExprId e) const {
    if (e == kNoExpr) {
        return Tri::Y;
    }
    const Expr& x = m_model.exprs.at(e);
    switch (x.kind) {
    case ExprKind::Symbol:
        return tri_of(static_cast<SymId>(x.a));
    case ExprKind::Not:
        return kconfig::tri_not(eval(static_cast<ExprId>(x.a)));
    case ExprKind::And:
        return kconfig::tri_and(eval(static_cast<ExprId>(x.a)), eval(static_cast<ExprId>(x.b)));
    case ExprKind::Or:
        return kconfig::tri_or(eval(static_cast<ExprId>(x.a)), eval(static_cast<ExprId>(x.b)));
    default:
        return compare(x.kind, static_cast<SymId>(x.a), static_cast<SymId>(x.b)) ? Tri::Y
                                                                                  : Tri::N;
    }
}

bool Resolver::compare(ExprKind kind, SymId a, SymId b) const {
    std::string_view l = text_of(a);
    std::string_view r = text_of(b);
    int c = 0;
    long long ln = 0;
    long long rn = 0;
    if (parse_number(l, ln) && parse_number(r, rn)) {
        c = ln < rn ? -1 : ln > rn ? 1 : 0;
    } else {
        c = l.compare(r);
    }
    switch (kind) {
    case ExprKind::Equal:
        return c == 0;
    case ExprKind::Unequal:
        return c != 0;
    case ExprKind::Less:
        return c < 0;
    case ExprKind::LessEqual:
        return c <= 0;
    case ExprKind::Greater:
        return c > 0;
    default:
        return c >= 0;
    }
}

bool Resolver::visible_prompt(SymId s) const {
    for (uint32_t p : m_model.symbols[s].props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind == PropKind::Prompt && eval(prop.cond) != Tri::N) {
            return true;
        }
    }
    return false;
}

void Resolver::or_terms(ExprId e, std::vector<ExprId>& out) const {
    if (e == kNoExpr) {
        return;
    }
    const Expr& x = m_model.exprs.at(e);
    if (x.kind == ExprKind::Or) {
        or_terms(static_cast<ExprId>(x.a), out);
        or_terms(static_cast<ExprId>(x.b), out);
    } else {
        out.push_back(e);
    }
}

int Resolver::cost_sym(SymId s, Tri t, int depth) {
    const kconfig::Symbol& sym = m_model.symbols[s];
    t = target_for(s, t);
    if (m_builtin && t == Tri::M) {
        t = Tri::Y;  // Options::builtin: no line asks m
    }
    if (tri_of(s) >= t || planned(s, t)) {
        return 0;
    }
    if (auto it = m_wants.find(s); it != m_wants.end() && (it->second.off || it->second.keep_off)) {
        return kInf;  // kept off for an earlier need
    }
    if (sym.is_const || (sym.type != SymType::Bool && sym.type != SymType::Tristate)) {
        return kInf;
    }
    if (depth > kMaxDepth) {
        return 1;
    }
    uint64_t key = uint64_t{s} * 4 + static_cast<uint64_t>(t);
    auto [it, inserted] = m_cost.try_emplace(key, -1);
    if (!inserted) {
        return it->second < 0 ? kInf : it->second;  // a cycle is no way to get there
    }
    int own = sym.name == "COMPILE_TEST" ? kCompileTestPenalty : 1;
    if (t == Tri::M && m_model.modules_sym != kSymNo) {
        own = add_cost(own, cost_sym(m_model.modules_sym, Tri::Y, depth + 1));
    }
    int best = kInf;
    bool has_prompt = false;
    for (uint32_t p : sym.props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind == PropKind::Prompt) {
            has_prompt = true;
            best = std::min(best, cost_expr(prop.cond, t, depth + 1));
        }
    }
    if (!has_prompt) {
        own -= 1;  // no line of its own
        for (uint32_t p : sym.props) {
            const kconfig::Property& prop = m_model.props[p];
            if (prop.kind == PropKind::Default) {
                best = std::min(best, add_cost(cost_expr(prop.cond, t, depth + 1),
                                               cost_expr(prop.expr, t, depth + 1)));
            }
        }
        std::vector<ExprId> terms;
        or_terms(sym.rev_dep, terms);
        for (ExprId term : terms) {
            best = std::min(best, cost_expr(term, t, depth + 1));
        }
    }
    int total = add_cost(own, best);
    if (has_prompt && default_path_allowed(s)) {
        // Without a line of its own, through a default (also for a visible prompt).
        total = std::min(total, add_cost(own - 1, cheapest_default(s, t, depth, nullptr)));
    }
    m_cost[key] = total;
    return total;
}

// A symbol with a prompt can still get its value from a `default` when no line sets it: when
// neither the fragment nor the base has a line for it. Choices go by their own rules.
bool Resolver::default_path_allowed(SymId s) const {
    const kconfig::Symbol& sym = m_model.symbols[s];
    return !sym.is_choice && !sym.is_choice_value && !m_base_has_line[s];
}

// The cheapest default of s to make give `t`: its condition and its value. Out: that property.
int Resolver::cheapest_default(SymId s, Tri t, int depth, const kconfig::Property** out) {
    int best = kInf;
    for (uint32_t p : m_model.symbols[s].props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind != PropKind::Default) {
            continue;
        }
        int c = add_cost(cost_expr(prop.cond, t, depth + 1), cost_expr(prop.expr, t, depth + 1));
        if (c < best) {
            best = c;
            if (out != nullptr) {
                *out = &prop;
            }
        }
        // The first default whose condition holds is the one that applies: later ones do not
        // count while it does.
        if (eval(prop.cond) != Tri::N) {
            break;
        }
    }
    return best;
}

int Resolver::cost_expr(ExprId e, Tri t, int depth) {
    if (eval(e) >= t) {
        return 0;
    }
    const Expr& x = m_model.exprs.at(e);
    auto a = static_cast<ExprId>(x.a);
    auto b = static_cast<ExprId>(x.b);
    switch (x.kind) {
    case ExprKind::Symbol:
        return cost_sym(static_cast<SymId>(x.a), t, depth);
    case ExprKind::Not:
        return cost_off(a, kconfig::tri_not(t), depth);
    case ExprKind::And:
        return add_cost(cost_expr(a, t, depth), cost_expr(b, t, depth));
    case ExprKind::Or:
        return std::min(cost_expr(a, t, depth), cost_expr(b, t, depth));
    case ExprKind::Equal:
        if (static_cast<SymId>(x.b) == kSymYes || static_cast<SymId>(x.b) == kSymMod) {
            return cost_sym(static_cast<SymId>(x.a), static_cast<Tri>(x.b), depth);
        }
        if (static_cast<SymId>(x.b) == kSymNo) {
            return cost_off_sym(static_cast<SymId>(x.a));
        }
        return kInf;
    case ExprKind::Unequal:
        if (static_cast<SymId>(x.b) == kSymNo) {
            return cost_sym(static_cast<SymId>(x.a), Tri::M, depth);
        }
        return kInf;
    default:
        return kInf;
    }
}

int Resolver::cost_off_sym(SymId s) const {
    if (tri_of(s) == Tri::N) {
        return 0;
    }
    if (planned(s, Tri::M) || m_model.symbols[s].is_const || !visible_prompt(s)) {
        return kInf;
    }
    return 1;
}

int Resolver::cost_off(ExprId e, Tri limit, int depth) {
    if (e == kNoExpr) {
        return limit == Tri::Y ? 0 : kInf;
    }
    if (eval(e) <= limit) {
        return 0;
    }
    const Expr& x = m_model.exprs.at(e);
    auto a = static_cast<ExprId>(x.a);
    auto b = static_cast<ExprId>(x.b);
    switch (x.kind) {
    case ExprKind::Symbol: {
        return cost_off_sym(static_cast<SymId>(x.a));
    }
    case ExprKind::Not:
        return cost_expr(a, kconfig::tri_not(limit), depth);
    case ExprKind::And:
        return std::min(cost_off(a, limit, depth), cost_off(b, limit, depth));
    case ExprKind::Or:
        return add_cost(cost_off(a, limit, depth), cost_off(b, limit, depth));
    default:
        return kInf;
    }
}

bool Resolver::want_sym(SymId s, Tri t, const std::string& reason, int depth) {
    const kconfig::Symbol& sym = m_model.symbols[s];
    if (sym.is_const) {
        if (tri_of(s) >= t) {
            return true;
        }
        fail("a dependency is the constant " + sym.name);
        return false;
    }
    if (sym.type == SymType::Unknown) {
        fail(sym.name + " is not defined in this tree");
        return false;
    }
    if (sym.type != SymType::Bool && sym.type != SymType::Tristate) {
        fail(sym.name + " is not bool or tristate");
        return false;
    }
    t = target_for(s, t);
    if (m_builtin && t == Tri::M) {
        t = Tri::Y;  // Options::builtin: no line asks m
    }
    if (tri_of(s) >= t && !m_wants.contains(s)) {
        return true;
    }
    if (m_done.size() > s && m_done[s] >= t) {
        return true;
    }
    if (depth > kMaxDepth) {
        fail(sym.name + ": dependency chain too deep");
        return false;
    }
    m_done[s] = t;
    Want& w = want_entry(s);
    if (w.off || w.keep_off) {
        fail(sym.name + " must be both on and off");
        return false;
    }
    if (w.value < t) {
        w.value = t;
        ++m_changes;
    }
    add_reason(w, reason);
    Via via(*this, s);
    bool ok = true;
    if (t == Tri::M && m_model.modules_sym != kSymNo) {
        ok = want_sym(m_model.modules_sym, Tri::Y, reason, depth + 1) && ok;
    }
    // A bool is visible (and a default or select gives it) at m already: m rounds up to y.
    const Tri dep_t = sym.type == SymType::Bool ? Tri::M : t;
    // Pick the cheapest way in: a prompt's condition, else a default's, else a selector.
    ExprId best_cond = kNoExpr;
    ExprId best_value = kNoExpr;
    int best = kInf;
    bool has_prompt = false;
    for (uint32_t p : sym.props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind == PropKind::Prompt) {
            int c = cost_expr(prop.cond, dep_t, depth + 1);
            if (!has_prompt || c < best) {
                best = c;
                best_cond = prop.cond;
            }
            has_prompt = true;
        }
    }
    if (has_prompt) {
        const kconfig::Property* dflt = nullptr;
        if (default_path_allowed(s) && cheapest_default(s, dep_t, depth, &dflt) < add_cost(best, 1) &&
            dflt != nullptr) {
            // Its default gives it for less than its prompt's condition and a line of its own.
            set_line(s, false);
            ok = require(dflt->cond, dep_t, reason, depth + 1) && ok;
            return require(dflt->expr, dep_t, reason, depth + 1) && ok;
        }
        set_line(s, !sym.is_choice && !sym.name.empty());
        // Even when it cannot be met, going in finds the reason (recorded by fail()).
        return require(best_cond, dep_t, reason, depth + 1) && ok;
    }
    bool found = false;
    for (uint32_t p : sym.props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind == PropKind::Default) {
            int c = add_cost(cost_expr(prop.cond, dep_t, depth + 1), cost_expr(prop.expr, dep_t, depth + 1));
            if (!found || c < best) {
                best = c;
                best_cond = prop.cond;
                best_value = prop.expr;
                found = true;
            }
        }
    }
    std::vector<ExprId> terms;
    or_terms(sym.rev_dep, terms);
    for (ExprId term : terms) {
        int c = cost_expr(term, dep_t, depth + 1);
        if (!found || c < best) {
            best = c;
            best_cond = term;
            best_value = kNoExpr;
            found = true;
        }
    }
    if (!found || best >= kInf) {
        fail(sym.name + ": no prompt, and no default or selector that can be met");
        return false;
    }
    ok = require(best_cond, dep_t, reason, depth + 1) && ok;
    return require(best_value, dep_t, reason, depth + 1) && ok;
}

bool Resolver::require(ExprId e, Tri t, const std::string& reason, int depth) {
    if (e == kNoExpr) {
        return true;
    }
    if (eval(e) >= t) {
        // `X = n` and `!X` that hold already: X stays off for this need (keep_off).
        const Expr& x = m_model.exprs.at(e);
        if (x.kind == ExprKind::Equal && static_cast<SymId>(x.b) == kSymNo) {
            keep_off(static_cast<SymId>(x.a), reason);
        } else if (x.kind == ExprKind::Not && t == Tri::Y) {
            const Expr& inner = m_model.exprs.at(static_cast<ExprId>(x.a));
            if (inner.kind == ExprKind::Symbol) {
                keep_off(static_cast<SymId>(inner.a), reason);
            }
        }
        return true;
    }
    const Expr& x = m_model.exprs.at(e);
    auto a = static_cast<ExprId>(x.a);
    auto b = static_cast<ExprId>(x.b);
    switch (x.kind) {
    case ExprKind::Symbol:
        return want_sym(static_cast<SymId>(x.a), t, reason, depth);
    case ExprKind::Not:
        return require_off(a, kconfig::tri_not(t), reason, depth);
    case ExprKind::And: {
        bool left = require(a, t, reason, depth);
        return require(b, t, reason, depth) && left;
    }
    case ExprKind::Or: {
        // What is on already costs 0, so it wins; on a tie the left side (source order).
        int ca = cost_expr(a, t, depth);
        int cb = cost_expr(b, t, depth);
        return cb < ca ? require(b, t, reason, depth) : require(a, t, reason, depth);
    }
    case ExprKind::Equal:
        if (static_cast<SymId>(x.b) == kSymYes || static_cast<SymId>(x.b) == kSymMod) {
            return want_sym(static_cast<SymId>(x.a), static_cast<Tri>(x.b), reason, depth);
        }
        if (static_cast<SymId>(x.b) == kSymNo) {
            return switch_off(static_cast<SymId>(x.a), reason);
        }
        break;
    case ExprKind::Unequal:
        if (static_cast<SymId>(x.b) == kSymNo) {
            return want_sym(static_cast<SymId>(x.a), Tri::M, reason, depth);
        }
        break;
    default:
        break;
    }
    fail("cannot meet a comparison on " + m_model.symbols[static_cast<SymId>(x.a)].name);
    return false;
}

bool Resolver::require_off(ExprId e, Tri limit, const std::string& reason, int depth) {
    if (e == kNoExpr) {
        if (limit == Tri::Y) {
            return true;
        }
        fail("a condition would have to be off that is always on");
        return false;
    }
    if (eval(e) <= limit) {
        const Expr& x = m_model.exprs.at(e);
        if (x.kind == ExprKind::Symbol && limit == Tri::N) {
            keep_off(static_cast<SymId>(x.a), reason);
        }
        return true;
    }
    const Expr& x = m_model.exprs.at(e);
    auto a = static_cast<ExprId>(x.a);
    auto b = static_cast<ExprId>(x.b);
    switch (x.kind) {
    case ExprKind::Symbol:
        return switch_off(static_cast<SymId>(x.a), reason);
    case ExprKind::Not:
        return require(a, kconfig::tri_not(limit), reason, depth);
    case ExprKind::And:
        return cost_off(b, limit, depth) < cost_off(a, limit, depth)
                   ? require_off(b, limit, reason, depth)
                   : require_off(a, limit, reason, depth);
    case ExprKind::Or: {
        bool left = require_off(a, limit, reason, depth);
        return require_off(b, limit, reason, depth) && left;
    }
    default:
        fail("cannot switch off a comparison on " + m_model.symbols[static_cast<SymId>(x.a)].name);
        return false;
    }
}

bool Resolver::switch_off(SymId s, const std::string& reason) {
    {
        const kconfig::Symbol& sym = m_model.symbols[s];
        if (tri_of(s) == Tri::N && !planned(s, Tri::M)) {
            keep_off(s, reason);
            return true;
        }
        if (planned(s, Tri::M)) {
            fail(sym.name + " must be both on and off");
            return false;
        }
        if (sym.is_const || sym.is_choice || !visible_prompt(s)) {
            fail(sym.name + " is on and cannot be switched off");
            return false;
        }
        Want& w = want_entry(s);
        if (!w.off) {
            w.off = true;
            w.value = Tri::N;
            w.line = true;
            ++m_changes;
        }
        add_reason(w, reason);
        return true;
    }
}

std::vector<Line> Resolver::lines() const {
    std::vector<Line> out;
    // Prerequisites were decided after what needs them: reverse for dependency order.
    for (auto it = m_order.rbegin(); it != m_order.rend(); ++it) {
        const Want& w = m_wants.at(*it);
        if (!w.line) {
            continue;
        }
        Line line{m_model.symbols[*it].name, tri_text(w.value), w.reasons, {}};
        for (SymId v : w.via) {
            line.required_by.push_back(m_model.symbols[v].name);
        }
        out.push_back(std::move(line));
    }
    return out;
}

bool Resolver::lines_kept(const std::vector<Line>& lines) const {
    for (const Line& line : lines) {
        SymId s = m_model.find(line.symbol);
        if (s == kconfig::kNoSym || !m_cfg.write[s] || m_cfg.value[s] != line.value) {
            return false;
        }
    }
    return true;
}

// Lines that change nothing: a symbol whose default, implied and selected values give it the
// line's value anyway (kconfig::values_without_line on the current result).
std::vector<Line> Resolver::drop_redundant(std::vector<Line> lines) const {
    std::vector<SymId> ids;
    std::vector<size_t> at;
    for (size_t i = 0; i < lines.size(); ++i) {
        SymId s = m_model.find(lines[i].symbol);
        const kconfig::Symbol& sym = m_model.symbols[s];
        if (!sym.is_choice && !sym.is_choice_value) {
            ids.push_back(s);
            at.push_back(i);
        }
    }
    std::vector<Tri> without = without_line(ids);
    std::vector<bool> drop(lines.size(), false);
    for (size_t k = 0; k < ids.size(); ++k) {
        drop[at[k]] = tri_text(without[k]) == lines[at[k]].value;
    }
    // `V=y` for the value its choice takes by default anyway, when no other value of that
    // choice has a line.
    for (size_t i = 0; i < lines.size(); ++i) {
        SymId v = m_model.find(lines[i].symbol);
        const kconfig::Symbol& sym = m_model.symbols[v];
        if (!sym.is_choice_value || lines[i].value != "y" || sym.choice == kconfig::kNoSym) {
            continue;
        }
        const kconfig::Symbol& choice = m_model.symbols[sym.choice];
        bool alone = std::none_of(lines.begin(), lines.end(), [&](const Line& other) {
            SymId o = m_model.find(other.symbol);
            return o != v && m_model.symbols[o].choice == sym.choice;
        });
        drop[i] = alone && choice_default(sym.choice) == v && choice.choice_values.size() > 0;
    }
    std::vector<Line> out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (!drop[i]) {
            out.push_back(std::move(lines[i]));
        }
    }
    return out;
}

// What the needs depend on: from each need, every symbol its prompts, defaults, dependencies,
// selectors and imply-ers mention that is on now or has a line, and from those on (MODULES
// for anything at m; a choice value's choice and siblings). Strict, for drop_second_selectors:
// through an `A || B` whose sides both hold neither side is needed on its own (of a single side
// that holds, that side), and the selectors of a target are followed only when fewer than two
// of them are on.
std::vector<bool> Resolver::need_closure(const std::vector<Line>& lines,
                                         const std::vector<std::pair<SymId, Need>>& needs, bool strict) const {
    std::vector<bool> has_line(m_model.symbols.size(), false);
    for (const Line& l : lines) {
        has_line[m_model.find(l.symbol)] = true;
    }
    std::vector<bool> in(m_model.symbols.size(), false);
    std::vector<SymId> work;
    auto push = [&](SymId s) {
        if (s > kSymYes && s < in.size() && !in[s] && (has_line[s] || m_cfg.tri[s] != Tri::N)) {
            in[s] = true;
            work.push_back(s);
        }
    };
    std::vector<ExprId> stack;
    auto push_expr = [&](ExprId root) {
        stack.assign(1, root);
        while (!stack.empty()) {
            ExprId e = stack.back();
            stack.pop_back();
            if (e == kNoExpr) {
                continue;
            }
            const Expr& x = m_model.exprs.at(e);
            switch (x.kind) {
            case ExprKind::Symbol:
                push(static_cast<SymId>(x.a));
                break;
            case ExprKind::Not:
                stack.push_back(static_cast<ExprId>(x.a));
                break;
            case ExprKind::Or:
                if (strict) {
                    const bool a = eval(static_cast<ExprId>(x.a)) != Tri::N;
                    const bool b = eval(static_cast<ExprId>(x.b)) != Tri::N;
                    if (a != b) {
                        stack.push_back(static_cast<ExprId>(a ? x.a : x.b));
                    } else if (!a) {
                        stack.push_back(static_cast<ExprId>(x.a));
                        stack.push_back(static_cast<ExprId>(x.b));
                    }
                    break;
                }
                [[fallthrough]];
            case ExprKind::And:
                stack.push_back(static_cast<ExprId>(x.a));
                stack.push_back(static_cast<ExprId>(x.b));
                break;
            default:  // comparisons: both sides are symbols
                push(static_cast<SymId>(x.a));
                push(static_cast<SymId>(x.b));
                break;
            }
        }
    };
    // How many symbols that are on select a target now (with a line or not: a default brings
    // SND_SST_ATOM_HIFI2_PLATFORM_ACPI, which selects what the _PCI line selects too).
    std::vector<ExprId> terms;
    auto selectors_on = [&](SymId x) {
        terms.clear();
        or_terms(m_model.symbols[x].rev_dep, terms);
        return std::count_if(terms.begin(), terms.end(), [&](ExprId t) { return eval(t) != Tri::N; });
    };
    for (const auto& [s, need] : needs) {
        if (!in[s]) {
            in[s] = true;
            work.push_back(s);
        }
    }
    while (!work.empty()) {
        SymId s = work.back();
        work.pop_back();
        if (m_cfg.tri[s] == Tri::M && m_model.modules_sym != kSymNo) {
            push(m_model.modules_sym);  // a symbol at m is only m while MODULES is y
        }
        const kconfig::Symbol& sym = m_model.symbols[s];
        for (uint32_t p : sym.props) {
            const kconfig::Property& prop = m_model.props[p];
            if (prop.kind == PropKind::Prompt || prop.kind == PropKind::Default) {
                push_expr(prop.cond);
                push_expr(prop.expr);
            }
        }
        push_expr(sym.dir_dep);
        push_expr(sym.implied);
        if (!strict || selectors_on(s) < 2) {
            push_expr(sym.rev_dep);
        }
        if (sym.choice != kconfig::kNoSym) {
            push(sym.choice);
            for (SymId v : m_model.symbols[sym.choice].choice_values) {
                push(v);
            }
        }
    }
    return in;
}

// Lines nothing needs: symbols outside the dependency closure of the needs.
std::vector<Line> Resolver::drop_unsupported(std::vector<Line> lines,
                                             const std::vector<std::pair<SymId, Need>>& needs) const {
    const std::vector<bool> in = need_closure(lines, needs, false);
    std::vector<Line> out;
    for (Line& l : lines) {
        if (in[m_model.find(l.symbol)]) {
            out.push_back(std::move(l));
        }
    }
    return out;
}

// The value a choice takes without a user selection: its first `default` whose condition holds
// and whose symbol is visible, else its first visible value (sym_calc_choice).
SymId Resolver::choice_default(SymId choice) const {
    const kconfig::Symbol& c = m_model.symbols[choice];
    for (uint32_t p : c.props) {
        const kconfig::Property& prop = m_model.props[p];
        if (prop.kind != PropKind::Default || eval(prop.cond) == Tri::N || prop.expr == kNoExpr) {
            continue;
        }
        const Expr& x = m_model.exprs.at(prop.expr);
        if (x.kind == ExprKind::Symbol && visible_prompt(static_cast<SymId>(x.a))) {
            return static_cast<SymId>(x.a);
        }
    }
    for (SymId v : c.choice_values) {
        if (visible_prompt(v)) {
            return v;
        }
    }
    return kconfig::kNoSym;
}

// Lines whose symbol would still be on without them, only at another value (`HID=m` where HID
// defaults to y): dropping one changes the configuration, so each drop is checked by an
// evaluation: all together first, then one by one when there are few.
std::vector<size_t> Resolver::soft_candidates(const std::vector<Line>& lines) const {
    std::vector<SymId> ids;
    for (const Line& l : lines) {
        ids.push_back(m_model.find(l.symbol));
    }
    std::vector<Tri> without = without_line(ids);
    // A symbol another line's dependencies test by value (`!X`, `X != y`) may not change: keep it.
    std::vector<bool> tested(m_model.symbols.size(), false);
    std::vector<std::pair<ExprId, bool>> stack;
    auto mark = [&](ExprId e) {
        for_each_symbol(m_model, e, stack, [&](SymId s, bool by_value) { tested[s] = tested[s] || by_value; });
    };
    for (SymId s : ids) {
        for (uint32_t p : m_model.symbols[s].props) {
            mark(m_model.props[p].cond);
        }
        mark(m_model.symbols[s].dir_dep);
    }
    std::vector<size_t> soft;
    for (size_t i = 0; i < lines.size(); ++i) {
        const kconfig::Symbol& sym = m_model.symbols[ids[i]];
        if (!sym.is_choice && !sym.is_choice_value && !tested[ids[i]] && lines[i].value != "n" &&
            without[i] != Tri::N && tri_text(without[i]) != lines[i].value) {
            soft.push_back(i);
        }
    }
    return soft;
}

std::vector<Line> Resolver::drop_soft(std::vector<Line> lines, const std::vector<std::pair<SymId, Need>>& needs) {
    constexpr size_t kOneByOne = 8;
    std::vector<size_t> soft = soft_candidates(lines);
    if (soft.empty()) {
        return lines;
    }
    auto without_these = [&](const std::vector<size_t>& drop) {
        std::vector<Line> out;
        for (size_t i = 0; i < lines.size(); ++i) {
            if (std::find(drop.begin(), drop.end(), i) == drop.end()) {
                out.push_back(lines[i]);
            }
        }
        return out;
    };
    std::vector<Line> trial = without_these(soft);
    evaluate(trial);
    if (lines_kept(trial) && all_needs_met(needs)) {
        return trial;
    }
    std::vector<size_t> dropped;
    if (soft.size() <= kOneByOne) {
        for (size_t i : soft) {
            std::vector<size_t> attempt = dropped;
            attempt.push_back(i);
            trial = without_these(attempt);
            evaluate(trial);
            if (lines_kept(trial) && all_needs_met(needs)) {
                dropped = std::move(attempt);
            }
        }
    }
    std::vector<Line> out = without_these(dropped);
    evaluate(out);
    return out;
}

// "selected by A=m, B=y" for the selects that hold now, or "set by its default".
std::string Resolver::active_selectors(SymId target) const {
    std::string out;
    for (SymId e = kSymYes + 1; e < m_model.symbols.size(); ++e) {
        if (m_cfg.tri[e] == Tri::N) {
            continue;
        }
        for (uint32_t p : m_model.symbols[e].props) {
            const kconfig::Property& prop = m_model.props[p];
            if (prop.kind == PropKind::Select && prop.target == target && eval(prop.cond) != Tri::N) {
                out += (out.empty() ? "selected by " : ", ") + m_model.symbols[e].name + "=" + tri_text(m_cfg.tri[e]);
            }
        }
    }
    return out.empty() ? "its default or the base keeps it on" : out;
}

// A line whose symbol is (as far as the closure can tell) there to select something another
// line selects too (SND_SOC_INTEL_SKL and SND_SOC_INTEL_CFL both select
// SND_SOC_INTEL_SKYLAKE_FAMILY): the closure keeps both; each such line is tried without, one
// evaluation each. Lines of needs are never tried.
std::vector<Line> Resolver::drop_second_selectors(std::vector<Line> lines,
                                                  const std::vector<std::pair<SymId, Need>>& needs) {
    std::vector<bool> is_need(m_model.symbols.size(), false);
    for (const auto& [s, need] : needs) {
        is_need[s] = true;
    }
    const std::vector<bool> strong = need_closure(lines, needs, true);
    std::vector<std::string> candidates;
    for (const Line& l : lines) {
        SymId x = m_model.find(l.symbol);
        if (!strong[x] && !is_need[x] && l.value != "n" && m_cfg.tri[x] != Tri::N) {
            candidates.push_back(l.symbol);
        }
    }
    constexpr size_t kMaxTrials = 8;
    for (size_t k = 0; k < candidates.size() && k < kMaxTrials; ++k) {
        std::vector<Line> trial;
        for (const Line& l : lines) {
            if (l.symbol != candidates[k]) {
                trial.push_back(l);
            }
        }
        std::vector<Line> kept = lines;
        evaluate(trial);
        if (lines_kept(trial) && all_needs_met(needs)) {
            lines = std::move(trial);
        } else {
            evaluate(kept);
        }
    }
    return lines;
}

bool Resolver::all_needs_met(const std::vector<std::pair<SymId, Need>>& needs) const {
    return std::all_of(needs.begin(), needs.end(), [&](const auto& n) { return need_met(n.first, n.second); });
}

std::vector<Line> Resolver::minimize(std::vector<Line> lines,
                                     const std::vector<std::pair<SymId, Need>>& needs) {
    // Fast: drop what the closure and the what-if say is unneeded, checked with one evaluation
    // per pass (m_cfg is the evaluation of `lines` on entry).
    // The first pass also tries the soft drops (drop_soft) at once: usually all of it holds and
    // one evaluation does the whole job.
    bool soft_first = true;
    for (int pass = 0; pass < 4; ++pass) {
        std::vector<Line> start = lines;
        if (soft_first) {
            std::vector<size_t> soft = soft_candidates(lines);
            start.clear();
            for (size_t i = 0; i < lines.size(); ++i) {
                if (std::find(soft.begin(), soft.end(), i) == soft.end()) {
                    start.push_back(lines[i]);
                }
            }
        }
        std::vector<Line> trial = drop_unsupported(drop_redundant(std::move(start)), needs);
        if (trial.size() == lines.size()) {
            break;
        }
        std::vector<Line> kept = lines;
        evaluate(trial);
        if (!lines_kept(trial) || !all_needs_met(needs)) {
            evaluate(kept);
            if (soft_first) {
                soft_first = false;
                --pass;
                continue;  // again without the soft drops
            }
            break;  // the shortcut was wrong here: keep what worked
        }
        soft_first = false;
        lines = std::move(trial);
    }
    lines = drop_soft(std::move(lines), needs);
    lines = drop_second_selectors(std::move(lines), needs);
    if (!m_exhaustive) {
        return lines;
    }
    // Exhaustive: every remaining line is removed on trial (one evaluation each).
    for (size_t i = 0; i < lines.size();) {
        std::vector<Line> trial = lines;
        trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(i));
        evaluate(trial);
        if (lines_kept(trial) && all_needs_met(needs)) {
            lines = std::move(trial);
        } else {
            ++i;
        }
    }
    evaluate(lines);
    return lines;
}

std::optional<std::vector<Line>> Resolver::reuse(std::vector<Line> lines,
                                                 const std::vector<std::pair<SymId, Need>>& needs) {
    // The lines left out change nothing when each one's symbol has, without it, the value it has
    // now: then m_cfg stands for `lines` as well.
    std::vector<SymId> removed;
    for (const auto& [symbol, value] : m_cfg_lines) {
        bool kept = std::any_of(lines.begin(), lines.end(), [&](const Line& l) { return l.symbol == symbol; });
        SymId s = m_model.find(symbol);
        if (!kept) {
            removed.push_back(s);
        }
    }
    bool unchanged = m_evaluated;
    if (unchanged && !removed.empty()) {
        std::vector<Tri> without = without_line(removed);
        for (size_t i = 0; i < removed.size() && unchanged; ++i) {
            const kconfig::Symbol& sym = m_model.symbols[removed[i]];
            unchanged = !sym.is_choice && !sym.is_choice_value && without[i] == m_cfg.tri[removed[i]];
        }
    }
    if (unchanged) {
        remember(lines, false);
    } else {
        evaluate(lines);
    }
    if (!lines_kept(lines) || !all_needs_met(needs)) {
        return std::nullopt;
    }
    std::vector<Line> out = minimize(std::move(lines), needs);
    evaluate_fresh(out);
    return out;
}

std::vector<Line> Resolver::run(const std::vector<std::pair<SymId, Need>>& needs,
                                std::vector<std::string>& unmet) {
    std::vector<Line> current;
    std::vector<std::vector<std::string>> failures;  // per need, of the last round
    for (int round = 0; round < kMaxRounds; ++round) {
        current = lines();
        if (current.empty() && m_base_config != nullptr) {
            m_cfg = *m_base_config;  // olddefconfig(base), computed once by the caller
            m_without.clear();
            remember(current, true);
        } else {
            evaluate(current);
        }
        bool all_ok = lines_kept(current);
        for (const auto& [s, need] : needs) {
            all_ok = all_ok && need_met(s, need);
        }
        if (all_ok) {
            break;
        }
        size_t before = m_changes;
        m_done.assign(m_model.symbols.size(), Tri::N);
        m_cost.clear();
        m_failures.clear();
        failures.assign(needs.size(), {});
        for (size_t i = 0; i < needs.size(); ++i) {
            const auto& [s, need] = needs[i];
            size_t first = m_failures.size();
            const std::string& reason = need.reason.empty() ? need.symbol : need.reason;
            if (need.want == Tristate::Off) {
                switch_off(s, reason);
            } else {
                want_sym(s, need.want == Tristate::Builtin ? Tri::Y : Tri::M, reason, 0);
            }
            failures[i].assign(m_failures.begin() + static_cast<std::ptrdiff_t>(first),
                               m_failures.end());
        }
        // A line asking m for what a `=y` selector (or a bool dependency) forces to y.
        const size_t wanted = m_changes;
        bool plain = true;  // every adjusted symbol is a plain one (not a choice value)
        for (auto& [s, w] : m_wants) {
            if (w.line && !w.off && w.value == Tri::M && m_cfg.tri[s] == Tri::Y) {
                w.value = Tri::Y;
                ++m_changes;
                plain = plain && !m_model.symbols[s].is_choice_value;
            }
        }
        if (m_changes == before) {
            break;  // stuck: nothing new to try
        }
        std::vector<Line> next = lines();
        const bool same_symbols = m_evaluated && next.size() == m_cfg_lines.size() &&
                                  std::equal(next.begin(), next.end(), m_cfg_lines.begin(),
                                             [](const Line& l, const auto& c) { return l.symbol == c.first; });
        if (wanted == before && plain && same_symbols) {
            // Only m -> y on symbols that are y already: S = max(user value within its
            // visibility, its selectors) stays y, and nothing reads a user value but S itself,
            // so m_cfg is already the evaluation of the adjusted lines.
            remember(next, false);
        }
    }
    current = lines();
    evaluate(current);
    for (size_t i = 0; i < needs.size(); ++i) {
        const auto& [s, need] = needs[i];
        if (!need_met(s, need)) {
            std::string why;
            for (const std::string& f : i < failures.size() ? failures[i] : m_failures) {
                why += why.empty() ? f : "; " + f;
            }
            if (why.empty()) {
                why = need.want == Tristate::Off      ? "still on: " + active_selectors(s)
                      : need.want == Tristate::Builtin ? "not built in"
                                                       : "not enabled";
            }
            unmet.push_back(need.symbol + ": " + why);
        }
    }
    if (!unmet.empty()) {
        return current;  // resolve() goes on from here without the unmet needs (reuse)
    }
    if (!lines_kept(current)) {
        evaluate_fresh(current);
        return current;
    }
    std::vector<Line> out = minimize(std::move(current), needs);
    evaluate_fresh(out);
    return out;
}

}  // namespace

std::vector<ConfigLine> apply_fragment(const std::vector<ConfigLine>& base,
                                       const std::vector<Line>& fragment) {
    std::vector<ConfigLine> all = base;
    all.reserve(base.size() + fragment.size());
    for (const Line& line : fragment) {
        all.push_back(ConfigLine{line.symbol, line.value});
    }
    return all;
}

std::expected<Result, std::string> resolve(const Model& model, const std::vector<ConfigLine>& base,
                                           const std::vector<Need>& needs, const Options& options) {
    Result result;
    std::vector<std::pair<SymId, Need>> known;
    for (const Need& need : needs) {
        if (need.symbol.empty()) {
            return std::unexpected("a need without a symbol name");
        }
        SymId s = model.find(need.symbol);
        if (s == kconfig::kNoSym || model.symbols[s].type == SymType::Unknown) {
            result.unreachable.push_back(need.symbol + ": no such symbol in this tree");
            continue;
        }
        known.emplace_back(s, need);
    }
    Resolver first(model, base, options);
    std::vector<std::string> unmet;
    result.fragment = first.run(known, unmet);
    result.evaluations = first.evaluations();
    if (unmet.empty()) {
        result.config = first.take_config();
    }
    if (!unmet.empty()) {
        // Resolve again without the needs that cannot be met, so they leave no lines behind.
        std::vector<std::pair<SymId, Need>> reachable;
        for (const auto& entry : known) {
            bool bad = std::any_of(unmet.begin(), unmet.end(), [&](const std::string& u) {
                return u.starts_with(entry.second.symbol + ":");
            });
            if (!bad) {
                reachable.push_back(entry);
            }
        }
        result.unreachable.insert(result.unreachable.end(), unmet.begin(), unmet.end());
        // Usually the first answer without the unmet needs' own lines already serves the rest:
        // then minimizing it is enough (the closure leaves what only they needed behind).
        std::vector<Line> trimmed;
        for (const Line& l : result.fragment) {
            bool own = std::any_of(unmet.begin(), unmet.end(),
                                   [&](const std::string& u) { return u.starts_with(l.symbol + ":"); });
            if (!own) {
                trimmed.push_back(l);
            }
        }
        const size_t before = first.evaluations();
        if (auto reused = first.reuse(std::move(trimmed), reachable)) {
            result.fragment = std::move(*reused);
            result.evaluations += first.evaluations() - before;
            result.config = first.take_config();
            return result;
        }
        result.evaluations += first.evaluations() - before;
        Resolver second(model, base, options);
        std::vector<std::string> unmet2;
        result.fragment = second.run(reachable, unmet2);
        result.evaluations += second.evaluations();
        result.config = second.take_config();
        result.unreachable.insert(result.unreachable.end(), unmet2.begin(), unmet2.end());
    }
    return result;
}

std::vector<std::string> check_fixed_point(const Model& model, const std::vector<ConfigLine>& base,
                                           const std::vector<Line>& fragment,
                                           const std::vector<Need>& needs) {
    return check_result(model, kconfig::olddefconfig(model, apply_fragment(base, fragment)), fragment, needs);
}

std::vector<std::string> check_result(const Model& model, const Config& cfg, const std::vector<Line>& fragment,
                                           const std::vector<Need>& needs) {
    std::vector<std::string> problems;
    for (const Line& line : fragment) {
        SymId s = model.find(line.symbol);
        if (s == kconfig::kNoSym) {
            problems.push_back("unknown symbol: " + line.symbol);
        } else if (!cfg.write[s]) {
            problems.push_back("unused option: " + line.symbol);
        } else if (cfg.value[s] != line.value) {
            problems.push_back("option not set correctly: " + line.symbol + " (wanted '" +
                               line.value + "', got '" + cfg.value[s] + "')");
        }
    }
    for (const Need& need : needs) {
        SymId s = model.find(need.symbol);
        Tri got = s == kconfig::kNoSym ? Tri::N : cfg.tri[s];
        if (need.want == Tristate::Off) {
            if (got != Tri::N) {
                problems.push_back("need not off: " + need.symbol);
            }
        } else if (got == Tri::N) {
            problems.push_back("need not enabled: " + need.symbol);
        } else if (need.want == Tristate::Builtin && got != Tri::Y) {
            problems.push_back("need not built in: " + need.symbol);
        }
    }
    return problems;
}

}  // namespace hw::resolve
