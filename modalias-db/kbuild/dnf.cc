#include "modalias-db/kbuild/dnf.h"

#include <algorithm>

namespace hw::kbuild {

namespace {

// Kbuild conditions stay tiny; a cap keeps pathological makefiles from blowing up products.
constexpr size_t kMaxTerms = 64;

// AND of two terms; false (nullopt-like: returns false) when some symbol gets no state left.
bool and_terms(const Term& a, const Term& b, Term& out) {
    out.clear();
    size_t i = 0;
    size_t j = 0;
    while (i < a.size() || j < b.size()) {
        if (j == b.size() || (i < a.size() && a[i].symbol < b[j].symbol)) {
            out.push_back(a[i++]);
        } else if (i == a.size() || b[j].symbol < a[i].symbol) {
            out.push_back(b[j++]);
        } else {
            uint8_t states = a[i].states & b[j].states;
            if (states == 0) {
                return false;
            }
            out.push_back(Literal{a[i].symbol, states});
            ++i;
            ++j;
        }
    }
    return true;
}

// True when every assignment satisfying `narrow` satisfies `wide`.
bool implies(const Term& narrow, const Term& wide) {
    for (const Literal& w : wide) {
        auto it = std::find_if(narrow.begin(), narrow.end(),
                               [&](const Literal& n) { return n.symbol == w.symbol; });
        if (it == narrow.end() || (it->states & ~w.states) != 0) {
            return false;
        }
    }
    return true;
}

// Two terms that differ only in the states of one symbol merge into one term.
bool try_merge(const Term& a, const Term& b, Term& out) {
    if (a.size() != b.size()) {
        return false;
    }
    size_t diff = a.size();
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].symbol != b[i].symbol) {
            return false;
        }
        if (a[i].states != b[i].states) {
            if (diff != a.size()) {
                return false;
            }
            diff = i;
        }
    }
    if (diff == a.size()) {
        return false;
    }
    out = a;
    out[diff].states = a[diff].states | b[diff].states;
    if (out[diff].states == kStateAny) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(diff));
    }
    return true;
}

char state_letter(uint8_t bit) {
    return bit == kStateY ? 'y' : bit == kStateM ? 'm' : 'n';
}

}  // namespace

Dnf::Dnf() : m_terms{Term{}} {}

Dnf Dnf::truth() { return Dnf(); }

Dnf Dnf::falsity() {
    Dnf d;
    d.m_terms.clear();
    return d;
}

Dnf Dnf::literal(std::string_view symbol, uint8_t states) {
    states &= kStateAny;
    if (states == 0) {
        return falsity();
    }
    Dnf d;
    if (states != kStateAny) {
        d.m_terms.front().push_back(Literal{std::string(symbol), states});
    }
    return d;
}

bool Dnf::is_true() const {
    return std::any_of(m_terms.begin(), m_terms.end(), [](const Term& t) { return t.empty(); });
}

std::string_view Dnf::first_symbol() const {
    for (const Term& t : m_terms) {
        if (!t.empty()) {
            return t.front().symbol;
        }
    }
    return {};
}

std::string Dnf::key() const {
    if (is_false()) {
        return "0";
    }
    std::string out;
    for (const Term& t : m_terms) {
        if (!out.empty()) {
            out += " || ";
        }
        if (t.empty()) {
            out += "1";
        }
        for (size_t i = 0; i < t.size(); ++i) {
            if (i > 0) {
                out += " && ";
            }
            out += t[i].symbol;
            out += '=';
            for (uint8_t bit : {kStateY, kStateM, kStateN}) {
                if (t[i].states & bit) {
                    out += state_letter(bit);
                }
            }
        }
    }
    return out;
}

Dnf Dnf::minimized() const {
    if (m_terms.size() < 2) {
        return *this;
    }
    std::vector<std::string> symbols;
    for (const Term& t : m_terms) {
        for (const Literal& l : t) {
            if (std::find(symbols.begin(), symbols.end(), l.symbol) == symbols.end()) {
                symbols.push_back(l.symbol);
            }
        }
    }
    if (symbols.size() > kMinimizeSymbols) {
        return *this;
    }
    std::sort(symbols.begin(), symbols.end());
    const size_t k = symbols.size();
    size_t points = 1;
    for (size_t i = 0; i < k; ++i) {
        points *= 3;
    }
    // Truth table over all state assignments (digit i in base 3 = state bit index of symbol i).
    auto state_of = [](size_t point, size_t i) {
        for (size_t j = 0; j < i; ++j) {
            point /= 3;
        }
        return static_cast<uint8_t>(1u << (point % 3));
    };
    std::vector<bool> table(points, false);
    for (size_t p = 0; p < points; ++p) {
        for (const Term& t : m_terms) {
            bool sat = true;
            for (const Literal& l : t) {
                size_t i = static_cast<size_t>(std::find(symbols.begin(), symbols.end(), l.symbol) - symbols.begin());
                sat = sat && (l.states & state_of(p, i)) != 0;
            }
            if (sat) {
                table[p] = true;
                break;
            }
        }
    }
    // Boxes (one state set per symbol) inside the function; the maximal ones are the primes.
    size_t boxes = 1;
    for (size_t i = 0; i < k; ++i) {
        boxes *= 7;
    }
    auto mask_of = [](size_t box, size_t i) {
        for (size_t j = 0; j < i; ++j) {
            box /= 7;
        }
        return static_cast<uint8_t>(box % 7 + 1);
    };
    auto inside = [&](size_t box, size_t p) {
        for (size_t i = 0; i < k; ++i) {
            if ((mask_of(box, i) & state_of(p, i)) == 0) {
                return false;
            }
        }
        return true;
    };
    std::vector<bool> implicant(boxes, false);
    for (size_t b = 0; b < boxes; ++b) {
        bool ok = true;
        for (size_t p = 0; p < points && ok; ++p) {
            ok = !inside(b, p) || table[p];
        }
        implicant[b] = ok;
    }
    std::vector<size_t> primes;
    for (size_t b = 0; b < boxes; ++b) {
        if (!implicant[b]) {
            continue;
        }
        bool maximal = true;
        size_t weight = 1;
        for (size_t i = 0; i < k && maximal; ++i, weight *= 7) {
            uint8_t m = mask_of(b, i);
            for (uint8_t bigger = 1; bigger <= 7 && maximal; ++bigger) {
                if (bigger != m && (bigger & m) == m && implicant[b + (bigger - m) * weight]) {
                    maximal = false;
                }
            }
        }
        if (maximal) {
            primes.push_back(b);
        }
    }
    // Greedy cover of the true points, biggest prime first.
    std::vector<bool> covered(points, false);
    Dnf out = falsity();
    for (;;) {
        size_t best = boxes;
        size_t best_gain = 0;
        for (size_t b : primes) {
            size_t gain = 0;
            for (size_t p = 0; p < points; ++p) {
                gain += (table[p] && !covered[p] && inside(b, p)) ? 1 : 0;
            }
            if (gain > best_gain) {
                best = b;
                best_gain = gain;
            }
        }
        if (best == boxes) {
            break;
        }
        Term t;
        for (size_t i = 0; i < k; ++i) {
            uint8_t m = mask_of(best, i);
            if (m != kStateAny) {
                t.push_back(Literal{symbols[i], m});
            }
        }
        out.m_terms.push_back(std::move(t));
        for (size_t p = 0; p < points; ++p) {
            covered[p] = covered[p] || inside(best, p);
        }
    }
    if (out.is_true()) {
        return truth();
    }
    std::sort(out.m_terms.begin(), out.m_terms.end(), [](const Term& a, const Term& b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](const Literal& x, const Literal& y) {
            return x.symbol != y.symbol ? x.symbol < y.symbol : x.states < y.states;
        });
    });
    return out;
}

namespace {

Cond literal_cond(const Literal& l) {
    switch (l.states) {
    case kStateY | kStateM: return Cond::enabled(l.symbol);
    case kStateY: return Cond::builtin(l.symbol);
    case kStateM: return Cond::module(l.symbol);
    case kStateN: return not_(Cond::enabled(l.symbol));
    case kStateY | kStateN: return not_(Cond::module(l.symbol));
    case kStateM | kStateN: return not_(Cond::builtin(l.symbol));
    default: return Cond::truth();
    }
}

}  // namespace

Cond Dnf::to_cond() const {
    const std::vector<Term> terms = minimized().m_terms;
    if (terms.empty()) {
        return Cond::falsity();
    }
    // Literals every term shares are factored out: (A && X) || (B && X) -> X && (A || B).
    Term common = terms.front();
    for (const Term& t : terms) {
        std::erase_if(common, [&](const Literal& l) { return std::find(t.begin(), t.end(), l) == t.end(); });
    }
    if (terms.size() < 2) {
        common.clear();
    }
    Cond rest = Cond::falsity();
    for (const Term& t : terms) {
        Cond conj = Cond::truth();
        for (const Literal& l : t) {
            if (std::find(common.begin(), common.end(), l) == common.end()) {
                conj = and_(conj, literal_cond(l));
            }
        }
        rest = or_(rest, conj);
    }
    Cond out = Cond::truth();
    for (const Literal& l : common) {
        out = and_(out, literal_cond(l));
    }
    return and_(out, rest);
}

void Dnf::simplify() {
    if (is_true()) {
        m_terms.assign(1, Term{});
        return;
    }
    bool changed = true;
    while (changed) {
        changed = false;
        for (size_t i = 0; i < m_terms.size() && !changed; ++i) {
            for (size_t j = 0; j < m_terms.size() && !changed; ++j) {
                if (i == j) {
                    continue;
                }
                Term merged;
                if (implies(m_terms[j], m_terms[i])) {
                    m_terms.erase(m_terms.begin() + static_cast<std::ptrdiff_t>(j));
                    changed = true;
                } else if (try_merge(m_terms[i], m_terms[j], merged)) {
                    m_terms[i] = std::move(merged);
                    m_terms.erase(m_terms.begin() + static_cast<std::ptrdiff_t>(j));
                    changed = true;
                }
            }
        }
    }
    if (is_true()) {
        m_terms.assign(1, Term{});
    }
}

Dnf operator&&(const Dnf& a, const Dnf& b) {
    if (a.is_true()) {
        return b;
    }
    if (b.is_true()) {
        return a;
    }
    Dnf out = Dnf::falsity();
    Term t;
    for (const Term& x : a.m_terms) {
        for (const Term& y : b.m_terms) {
            if (and_terms(x, y, t)) {
                out.m_terms.push_back(t);
            }
        }
    }
    out.simplify();
    if (out.m_terms.size() > kMaxTerms) {
        return a;  // widen: keep the first operand's constraint only
    }
    return out;
}

Dnf operator||(const Dnf& a, const Dnf& b) {
    if (a.is_false()) {
        return b;
    }
    if (b.is_false()) {
        return a;
    }
    Dnf out = a;
    out.m_terms.insert(out.m_terms.end(), b.m_terms.begin(), b.m_terms.end());
    out.simplify();
    if (out.m_terms.size() > kMaxTerms) {
        return Dnf::truth();
    }
    return out;
}

Dnf operator!(const Dnf& a) {
    Dnf out = Dnf::truth();
    for (const Term& t : a.m_terms) {
        // !(l1 && l2 && ...) = !l1 || !l2 || ...
        Dnf negated = Dnf::falsity();
        for (const Literal& l : t) {
            negated = negated || Dnf::literal(l.symbol, static_cast<uint8_t>(~l.states & kStateAny));
        }
        out = out && negated;
        if (out.is_false()) {
            break;
        }
    }
    return out;
}

}  // namespace hw::kbuild
