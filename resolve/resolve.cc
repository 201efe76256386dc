#include "resolve/resolve.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
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

// What the resolver has decided about one symbol.
struct Want {
    Tri value = Tri::N;
    bool off = false;    // must stay off (from a `!X`): written as X=n
    bool line = false;   // has a prompt: gets a line in the fragment
    std::vector<std::string> reasons;
};

class Resolver {
public:
    Resolver(const Model& model, const std::vector<ConfigLine>& base)
        : m_model(model), m_base(base) {}

    // One resolution of `needs`; fills the fragment and says which needs stayed off.
    std::vector<Line> run(const std::vector<std::pair<SymId, Need>>& needs,
                          std::vector<std::string>& unmet);
    size_t evaluations() const { return m_evaluations; }

private:
    // ---- the current configuration ----
    void evaluate(const std::vector<Line>& lines) {
        m_cfg = kconfig::olddefconfig(m_model, apply_fragment(m_base, lines));
        ++m_evaluations;
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
    }

    // ---- the fragment ----
    std::vector<Line> lines() const;
    bool need_met(SymId s, const Need& need) const {
        Tri got = tri_of(s);
        return need.want == Tristate::Builtin ? got == Tri::Y : got != Tri::N;
    }
    bool lines_kept(const std::vector<Line>& lines) const;
    std::vector<Line> minimize(std::vector<Line> lines,
                               const std::vector<std::pair<SymId, Need>>& needs);

    const Model& m_model;
    const std::vector<ConfigLine>& m_base;
    Config m_cfg;
    size_t m_evaluations = 0;
    std::unordered_map<SymId, Want> m_wants;
    std::vector<SymId> m_order;              // symbols in the order decided (prerequisites later)
    std::vector<Tri> m_done;                 // per round: highest value already worked on
    std::unordered_map<uint64_t, int> m_cost;  // per round: memo (s*4 + t), -1 while computing
    std::vector<std::string> m_failures;     // per round
    size_t m_changes = 0;
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
    if (tri_of(s) >= t || planned(s, t)) {
        return 0;
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
    m_cost[key] = total;
    return total;
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
    if (w.off) {
        fail(sym.name + " must be both on and off");
        return false;
    }
    if (w.value < t) {
        w.value = t;
        ++m_changes;
    }
    add_reason(w, reason);
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
        m_wants[s].line = !sym.is_choice && !sym.name.empty();
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
    if (e == kNoExpr || eval(e) >= t) {
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
        out.push_back(Line{m_model.symbols[*it].name, tri_text(w.value), w.reasons});
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

std::vector<Line> Resolver::minimize(std::vector<Line> lines,
                                     const std::vector<std::pair<SymId, Need>>& needs) {
    for (size_t i = 0; i < lines.size();) {
        std::vector<Line> trial = lines;
        trial.erase(trial.begin() + static_cast<std::ptrdiff_t>(i));
        evaluate(trial);
        bool ok = lines_kept(trial) &&
                  std::all_of(needs.begin(), needs.end(),
                              [&](const auto& n) { return need_met(n.first, n.second); });
        if (ok) {
            lines = std::move(trial);
        } else {
            ++i;
        }
    }
    return lines;
}

std::vector<Line> Resolver::run(const std::vector<std::pair<SymId, Need>>& needs,
                                std::vector<std::string>& unmet) {
    std::vector<Line> current;
    std::vector<std::vector<std::string>> failures;  // per need, of the last round
    for (int round = 0; round < kMaxRounds; ++round) {
        current = lines();
        evaluate(current);
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
            Tri t = need.want == Tristate::Builtin ? Tri::Y : Tri::M;
            size_t first = m_failures.size();
            want_sym(s, t, need.reason.empty() ? need.symbol : need.reason, 0);
            failures[i].assign(m_failures.begin() + static_cast<std::ptrdiff_t>(first),
                               m_failures.end());
        }
        // A line asking m for what a `=y` selector (or a bool dependency) forces to y.
        for (auto& [s, w] : m_wants) {
            if (w.line && !w.off && w.value == Tri::M && m_cfg.tri[s] == Tri::Y) {
                w.value = Tri::Y;
                ++m_changes;
            }
        }
        if (m_changes == before) {
            break;  // stuck: nothing new to try
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
            unmet.push_back(need.symbol + ": " + (why.empty() ? "not enabled" : why));
        }
    }
    if (!unmet.empty() || !lines_kept(current)) {
        return current;
    }
    return minimize(std::move(current), needs);
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
                                           const std::vector<Need>& needs) {
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
    Resolver first(model, base);
    std::vector<std::string> unmet;
    result.fragment = first.run(known, unmet);
    result.evaluations = first.evaluations();
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
        Resolver second(model, base);
        std::vector<std::string> unmet2;
        result.fragment = second.run(reachable, unmet2);
        result.evaluations += second.evaluations();
        result.unreachable.insert(result.unreachable.end(), unmet.begin(), unmet.end());
        result.unreachable.insert(result.unreachable.end(), unmet2.begin(), unmet2.end());
    }
    return result;
}

std::vector<std::string> check_fixed_point(const Model& model, const std::vector<ConfigLine>& base,
                                           const std::vector<Line>& fragment,
                                           const std::vector<Need>& needs) {
    std::vector<std::string> problems;
    Config cfg = kconfig::olddefconfig(model, apply_fragment(base, fragment));
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
        if (s == kconfig::kNoSym || cfg.tri[s] == Tri::N) {
            problems.push_back("need not enabled: " + need.symbol);
        }
    }
    return problems;
}

}  // namespace hw::resolve
