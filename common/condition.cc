#include "common/condition.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace hw {

struct Cond::Node {
    Kind kind;
    std::string symbol;
    std::vector<Cond> children;
    std::string text;  // canonical form, computed once
};

namespace {

bool is_symbol_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string render(Cond::Kind kind, const std::string& symbol, const std::vector<Cond>& children) {
    switch (kind) {
    case Cond::Kind::True: return "1";
    case Cond::Kind::False: return "0";
    case Cond::Kind::Enabled: return symbol;
    case Cond::Kind::Builtin: return symbol + "=y";
    case Cond::Kind::Module: return symbol + "=m";
    case Cond::Kind::InModule: return "MODULE";
    case Cond::Kind::Not: {
        const Cond& c = children.front();
        bool wrap = c.kind() == Cond::Kind::And || c.kind() == Cond::Kind::Or;
        return wrap ? "!(" + c.to_string() + ")" : "!" + c.to_string();
    }
    case Cond::Kind::And:
    case Cond::Kind::Or: {
        std::string out;
        const char* sep = kind == Cond::Kind::And ? " && " : " || ";
        for (const Cond& c : children) {
            if (!out.empty()) {
                out += sep;
            }
            // && binds tighter than ||: only an Or inside an And needs parentheses, but we
            // parenthesise every nested connective so the text is unambiguous to a reader.
            bool wrap = c.kind() == Cond::Kind::And || c.kind() == Cond::Kind::Or;
            out += wrap ? "(" + c.to_string() + ")" : c.to_string();
        }
        return out;
    }
    }
    return "0";
}

}  // namespace

Cond::Cond(std::shared_ptr<const Node> node) : m_node(std::move(node)) {}

Cond::Cond() : Cond(truth()) {}

static Cond make(Cond::Kind kind, std::string symbol, std::vector<Cond> children);

Cond Cond::truth() {
    static const std::shared_ptr<const Node> node =
        std::make_shared<const Node>(Node{Kind::True, "", {}, "1"});
    return Cond(node);
}

Cond Cond::falsity() {
    static const std::shared_ptr<const Node> node =
        std::make_shared<const Node>(Node{Kind::False, "", {}, "0"});
    return Cond(node);
}

Cond Cond::enabled(std::string_view symbol) { return make(Kind::Enabled, std::string(symbol), {}); }
Cond Cond::builtin(std::string_view symbol) { return make(Kind::Builtin, std::string(symbol), {}); }
Cond Cond::module(std::string_view symbol) { return make(Kind::Module, std::string(symbol), {}); }
Cond Cond::in_module() { return make(Kind::InModule, "", {}); }

Cond::Kind Cond::kind() const { return m_node->kind; }
const std::string& Cond::symbol() const { return m_node->symbol; }
const std::vector<Cond>& Cond::children() const { return m_node->children; }
std::string Cond::to_string() const { return m_node->text; }

struct CondFactory {
    static Cond build(Cond::Kind kind, std::string symbol, std::vector<Cond> children) {
        std::string text = render(kind, symbol, children);
        return Cond(std::make_shared<const Cond::Node>(
            Cond::Node{kind, std::move(symbol), std::move(children), std::move(text)}));
    }
};

static Cond make(Cond::Kind kind, std::string symbol, std::vector<Cond> children) {
    return CondFactory::build(kind, std::move(symbol), std::move(children));
}

static Cond combine(Cond::Kind kind, const Cond& a, const Cond& b) {
    const bool is_and = kind == Cond::Kind::And;
    const Cond::Kind absorbing = is_and ? Cond::Kind::False : Cond::Kind::True;
    const Cond::Kind neutral = is_and ? Cond::Kind::True : Cond::Kind::False;
    if (a.kind() == absorbing || b.kind() == absorbing) {
        return is_and ? Cond::falsity() : Cond::truth();
    }
    if (a.kind() == neutral) {
        return b;
    }
    if (b.kind() == neutral) {
        return a;
    }
    std::vector<Cond> children;
    std::set<std::string> seen;
    auto add = [&](const Cond& c) {
        if (c.kind() == kind) {
            for (const Cond& g : c.children()) {
                if (seen.insert(g.to_string()).second) {
                    children.push_back(g);
                }
            }
        } else if (seen.insert(c.to_string()).second) {
            children.push_back(c);
        }
    };
    add(a);
    add(b);
    if (children.size() == 1) {
        return children.front();
    }
    return make(kind, "", std::move(children));
}

Cond and_(const Cond& a, const Cond& b) { return combine(Cond::Kind::And, a, b); }
Cond or_(const Cond& a, const Cond& b) { return combine(Cond::Kind::Or, a, b); }

Cond not_(const Cond& a) {
    switch (a.kind()) {
    case Cond::Kind::True: return Cond::falsity();
    case Cond::Kind::False: return Cond::truth();
    case Cond::Kind::Not: return a.children().front();
    default: return make(Cond::Kind::Not, "", {a});
    }
}

bool Cond::evaluate(const Lookup& lookup, bool unit_is_module) const {
    switch (kind()) {
    case Kind::True: return true;
    case Kind::False: return false;
    case Kind::Enabled: return lookup(symbol()) != 'n';
    case Kind::Builtin: return lookup(symbol()) == 'y';
    case Kind::Module: return lookup(symbol()) == 'm';
    case Kind::InModule: return unit_is_module;
    case Kind::Not: return !children().front().evaluate(lookup, unit_is_module);
    case Kind::And:
        return std::all_of(children().begin(), children().end(),
                           [&](const Cond& c) { return c.evaluate(lookup, unit_is_module); });
    case Kind::Or:
        return std::any_of(children().begin(), children().end(),
                           [&](const Cond& c) { return c.evaluate(lookup, unit_is_module); });
    }
    return false;
}

std::vector<std::string> Cond::symbols() const {
    std::set<std::string> out;
    std::function<void(const Cond&)> walk = [&](const Cond& c) {
        if (!c.symbol().empty()) {
            out.insert(c.symbol());
        }
        for (const Cond& child : c.children()) {
            walk(child);
        }
    };
    walk(*this);
    return {out.begin(), out.end()};
}

namespace {

class CondParser {
public:
    explicit CondParser(std::string_view text) : m_text(text) {}

    std::expected<Cond, CondParseError> parse() {
        auto c = parse_or();
        if (!c) {
            return c;
        }
        skip_space();
        if (m_pos != m_text.size()) {
            return fail("unexpected '" + std::string(1, m_text[m_pos]) + "'");
        }
        return c;
    }

private:
    std::unexpected<CondParseError> fail(std::string message) const {
        return std::unexpected(CondParseError{m_pos, std::move(message)});
    }
    void skip_space() {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) {
            ++m_pos;
        }
    }
    bool eat(std::string_view op) {
        skip_space();
        if (m_text.substr(m_pos, op.size()) == op) {
            m_pos += op.size();
            return true;
        }
        return false;
    }
    std::expected<Cond, CondParseError> parse_or() {
        auto left = parse_and();
        while (left && eat("||")) {
            auto right = parse_and();
            if (!right) {
                return right;
            }
            left = or_(*left, *right);
        }
        return left;
    }
    std::expected<Cond, CondParseError> parse_and() {
        auto left = parse_unary();
        while (left && eat("&&")) {
            auto right = parse_unary();
            if (!right) {
                return right;
            }
            left = and_(*left, *right);
        }
        return left;
    }
    std::expected<Cond, CondParseError> parse_unary() {
        if (eat("!")) {
            auto inner = parse_unary();
            if (!inner) {
                return inner;
            }
            return not_(*inner);
        }
        if (eat("(")) {
            auto inner = parse_or();
            if (!inner) {
                return inner;
            }
            if (!eat(")")) {
                return fail("expected ')'");
            }
            return inner;
        }
        skip_space();
        size_t start = m_pos;
        while (m_pos < m_text.size() && is_symbol_char(m_text[m_pos])) {
            ++m_pos;
        }
        std::string_view word = m_text.substr(start, m_pos - start);
        if (word.empty()) {
            return fail(m_pos < m_text.size() ? "expected a symbol" : "unexpected end of condition");
        }
        if (word == "1") {
            return Cond::truth();
        }
        if (word == "0") {
            return Cond::falsity();
        }
        if (word == "MODULE") {
            return Cond::in_module();
        }
        if (m_pos + 1 < m_text.size() && m_text[m_pos] == '=') {
            char v = m_text[m_pos + 1];
            if (v == 'y' || v == 'm') {
                m_pos += 2;
                return v == 'y' ? Cond::builtin(word) : Cond::module(word);
            }
            return fail("expected 'y' or 'm' after '='");
        }
        return Cond::enabled(word);
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

}  // namespace

std::expected<Cond, CondParseError> parse_cond(std::string_view text) {
    return CondParser(text).parse();
}

}  // namespace hw
