#include "modalias-db/devtable/simple_expr.h"

#include <cctype>

namespace hw::devtable {

std::optional<uint64_t> parse_integer_literal(std::string_view text) {
    size_t end = text.size();
    while (end > 0 && (text[end - 1] == 'u' || text[end - 1] == 'U' || text[end - 1] == 'l' ||
                       text[end - 1] == 'L')) {
        --end;
    }
    std::string_view digits = text.substr(0, end);
    if (digits.empty()) {
        return std::nullopt;
    }
    unsigned base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
        base = 16;
        digits.remove_prefix(2);
    } else if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'b' || digits[1] == 'B')) {
        base = 2;
        digits.remove_prefix(2);
    } else if (digits.size() > 1 && digits[0] == '0') {
        base = 8;
        digits.remove_prefix(1);
    }
    uint64_t value = 0;
    for (char c : digits) {
        unsigned d = 0;
        if (c >= '0' && c <= '9') {
            d = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            d = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            d = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        if (d >= base) {
            return std::nullopt;
        }
        value = value * base + d;
    }
    return value;
}

namespace {

// Precedence climbing over a token span.
class Parser {
public:
    Parser(std::span<const cpp::Token> toks, const SimpleResolver& resolve) : m_toks(toks), m_resolve(resolve) {}

    std::optional<int64_t> run() {
        auto v = conditional();
        if (!v || m_pos != m_toks.size()) {
            return std::nullopt;
        }
        return v;
    }

private:
    bool at(std::string_view s) const { return m_pos < m_toks.size() && m_toks[m_pos].is(s); }

    static int precedence(std::string_view op) {
        if (op == "||") { return 1; }
        if (op == "&&") { return 2; }
        if (op == "|") { return 3; }
        if (op == "^") { return 4; }
        if (op == "&") { return 5; }
        if (op == "==" || op == "!=") { return 6; }
        if (op == "<" || op == "<=" || op == ">" || op == ">=") { return 7; }
        if (op == "<<" || op == ">>") { return 8; }
        if (op == "+" || op == "-") { return 9; }
        if (op == "*" || op == "/" || op == "%") { return 10; }
        return 0;
    }

    static std::optional<int64_t> apply(std::string_view op, int64_t a, int64_t b) {
        auto ua = static_cast<uint64_t>(a);
        auto ub = static_cast<uint64_t>(b);
        if (op == "||") { return (a || b) ? 1 : 0; }
        if (op == "&&") { return (a && b) ? 1 : 0; }
        if (op == "|") { return static_cast<int64_t>(ua | ub); }
        if (op == "^") { return static_cast<int64_t>(ua ^ ub); }
        if (op == "&") { return static_cast<int64_t>(ua & ub); }
        if (op == "==") { return a == b ? 1 : 0; }
        if (op == "!=") { return a != b ? 1 : 0; }
        if (op == "<") { return a < b ? 1 : 0; }
        if (op == "<=") { return a <= b ? 1 : 0; }
        if (op == ">") { return a > b ? 1 : 0; }
        if (op == ">=") { return a >= b ? 1 : 0; }
        if (op == "<<") { return (b < 0 || b > 63) ? std::nullopt : std::optional<int64_t>(static_cast<int64_t>(ua << b)); }
        if (op == ">>") { return (b < 0 || b > 63) ? std::nullopt : std::optional<int64_t>(a >> b); }
        if (op == "+") { return static_cast<int64_t>(ua + ub); }
        if (op == "-") { return static_cast<int64_t>(ua - ub); }
        if (op == "*") { return static_cast<int64_t>(ua * ub); }
        if (op == "/") { return b == 0 ? std::nullopt : std::optional<int64_t>(a / b); }
        if (op == "%") { return b == 0 ? std::nullopt : std::optional<int64_t>(a % b); }
        return std::nullopt;
    }

    std::optional<int64_t> conditional() {
        auto c = binary(1);
        if (!c || !at("?")) {
            return c;
        }
        ++m_pos;
        auto a = conditional();
        if (!a || !at(":")) {
            return std::nullopt;
        }
        ++m_pos;
        auto b = conditional();
        if (!b) {
            return std::nullopt;
        }
        return *c ? a : b;
    }

    std::optional<int64_t> binary(int min_prec) {
        auto left = unary();
        while (left && m_pos < m_toks.size() && m_toks[m_pos].kind == cpp::TokKind::Punct) {
            int prec = precedence(m_toks[m_pos].text);
            if (prec == 0 || prec < min_prec) {
                break;
            }
            std::string_view op = m_toks[m_pos].text;
            ++m_pos;
            auto right = binary(prec + 1);
            if (!right) {
                return std::nullopt;
            }
            left = apply(op, *left, *right);
        }
        return left;
    }

    std::optional<int64_t> unary() {
        if (m_pos >= m_toks.size()) {
            return std::nullopt;
        }
        const cpp::Token& t = m_toks[m_pos];
        if (t.kind == cpp::TokKind::Punct) {
            if (t.text == "(") {
                ++m_pos;
                auto v = conditional();
                if (!v || !at(")")) {
                    return std::nullopt;
                }
                ++m_pos;
                return v;
            }
            if (t.text == "-" || t.text == "+" || t.text == "~" || t.text == "!") {
                ++m_pos;
                auto v = unary();
                if (!v) {
                    return std::nullopt;
                }
                if (t.text == "-") { return static_cast<int64_t>(0 - static_cast<uint64_t>(*v)); }
                if (t.text == "~") { return ~*v; }
                if (t.text == "!") { return *v ? 0 : 1; }
                return v;
            }
            return std::nullopt;
        }
        ++m_pos;
        if (t.kind == cpp::TokKind::Number) {
            auto v = parse_integer_literal(t.text);
            if (!v) {
                return std::nullopt;
            }
            return static_cast<int64_t>(*v);
        }
        if (t.kind == cpp::TokKind::Char) {
            return cpp::decode_char_literal(t.text);
        }
        if (t.kind == cpp::TokKind::Identifier && m_resolve) {
            return m_resolve(t.text);
        }
        return std::nullopt;
    }

    std::span<const cpp::Token> m_toks;
    const SimpleResolver& m_resolve;
    size_t m_pos = 0;
};

}  // namespace

std::optional<int64_t> eval_simple(std::span<const cpp::Token> tokens, const SimpleResolver& resolve) {
    return Parser(tokens, resolve).run();
}

}  // namespace hw::devtable
