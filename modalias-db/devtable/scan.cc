#include "modalias-db/devtable/scan.h"

namespace hw::devtable {

namespace {

bool is_open(const cpp::Token& t) {
    return t.kind == cpp::TokKind::Punct && (t.text == "(" || t.text == "[" || t.text == "{");
}
bool is_close(const cpp::Token& t) {
    return t.kind == cpp::TokKind::Punct && (t.text == ")" || t.text == "]" || t.text == "}");
}

class Scanner {
public:
    explicit Scanner(std::span<const cpp::Token> toks) : m_toks(toks), m_n(static_cast<uint32_t>(toks.size())) {}

    Declarations run() {
        // Brace depth is not tracked: without a configuration both branches of an #ifdef are
        // kept, and `#ifdef X struct { #else union { #endif` leaves the braces unbalanced.
        // Array definitions with initializers cannot appear inside struct bodies, and function
        // bodies are dropped by the preprocessor, so the pattern alone is enough.
        uint32_t i = 0;
        while (i < m_n) {
            const cpp::Token& t = m_toks[i];
            if (t.kind == cpp::TokKind::Identifier) {
                if (t.text == "enum") {
                    i = enum_definition(i);
                    continue;
                }
                if (t.text == "MODULE_DEVICE_TABLE") {
                    i = device_table(i);
                    continue;
                }
                if (t.text == "__MODULE_INFO") {
                    i = module_info(i);
                    continue;
                }
                if (t.text == "struct") {
                    i = array_definition(i);
                    continue;
                }
            }
            ++i;
        }
        return std::move(m_out);
    }

private:
    bool is(uint32_t i, std::string_view s) const { return i < m_n && m_toks[i].is(s); }
    bool ident(uint32_t i) const { return i < m_n && m_toks[i].is_ident(); }

    // Skips `__attribute__((...))`-like groups: any identifier optionally followed by a
    // parenthesised group (after expansion __initconst is __attribute__((__section__(...))),
    // but unexpanded spellings such as __maybe_unused or __section(".x") are accepted too).
    uint32_t skip_attributes(uint32_t i) const {
        while (ident(i)) {
            ++i;
            if (is(i, "(")) {
                i = matching_bracket(m_toks, i) + 1;
            }
        }
        return i;
    }

    uint32_t enum_definition(uint32_t i) {
        uint32_t j = i + 1;
        if (ident(j)) {
            ++j;
        }
        if (!is(j, "{")) {
            return i + 1;
        }
        // The body ends at the first '}' (enum bodies hold no braces; an unbalanced '(' from
        // conditional code must not make us skip the rest of the unit).
        uint32_t close = j + 1;
        while (close < m_n && !is(close, "}")) {
            ++close;
        }
        int32_t previous = -1;
        uint32_t k = j + 1;
        while (k < close) {
            if (!ident(k)) {
                ++k;
                continue;
            }
            EnumConstant c;
            c.name = m_toks[k].text;
            c.token = k;
            c.previous = previous;
            ++k;
            if (is(k, "=")) {
                ++k;
                uint32_t start = k;
                k = skip_to_comma(k, close);
                c.expr = TokenRange{start, k};
            }
            previous = static_cast<int32_t>(m_out.enums.size());
            m_out.enums.push_back(c);
            k = skip_to_comma(k, close) + 1;
        }
        // Continue after the body: an enum body never holds the other declarations.
        return close < m_n ? close + 1 : m_n;
    }

    // The next ',' at parenthesis depth 0 before `end`, or `end`.
    uint32_t skip_to_comma(uint32_t k, uint32_t end) const {
        int parens = 0;
        while (k < end && !(parens == 0 && is(k, ","))) {
            if (is(k, "(")) {
                ++parens;
            } else if (is(k, ")")) {
                --parens;
            }
            ++k;
        }
        return k;
    }

    uint32_t device_table(uint32_t i) {
        if (is(i + 1, "(") && ident(i + 2) && is(i + 3, ",") && ident(i + 4) && is(i + 5, ")")) {
            m_out.tables.push_back(DeviceTableRef{m_toks[i + 2].text, m_toks[i + 4].text, i});
            return i + 6;
        }
        return i + 1;
    }

    uint32_t module_info(uint32_t i) {
        if (!(is(i + 1, "(") && ident(i + 2) && is(i + 3, ","))) {
            return i + 1;
        }
        uint32_t close = matching_bracket(m_toks, i + 1);
        // The second argument is an identifier used for a unique name; skip to the next comma.
        uint32_t k = i + 4;
        while (k < close && !is(k, ",")) {
            k = is_open(m_toks[k]) ? matching_bracket(m_toks, k) + 1 : k + 1;
        }
        if (k >= close) {
            return i + 1;
        }
        m_out.infos.push_back(ModuleInfo{m_toks[i + 2].text, TokenRange{k + 1, close}, i});
        return close < m_n ? close + 1 : m_n;
    }

    // At `struct`: a struct definition's body is skipped whole (its members are not file scope);
    // an array definition with an initializer is recorded.
    uint32_t array_definition(uint32_t i) {
        uint32_t j = i + 1;
        if (!ident(j)) {
            return i + 1;
        }
        std::string_view type = m_toks[j].text;
        ++j;
        while (is(j, "const") || is(j, "volatile")) {
            ++j;
        }
        // Attributes between the type and the name: `__maybe_unused`, `__section(".x")`.
        while (ident(j) && (is(j + 1, "(") || ident(j + 1))) {
            j = is(j + 1, "(") ? matching_bracket(m_toks, j + 1) + 1 : j + 1;
        }
        if (!ident(j) || !is(j + 1, "[")) {
            return i + 1;
        }
        ArrayDef def;
        def.type = type;
        def.name = m_toks[j].text;
        def.token = i;
        uint32_t close = matching_bracket(m_toks, j + 1);
        def.size = TokenRange{j + 2, close};
        j = skip_attributes(close + 1);
        if (!is(j, "=") || !is(j + 1, "{")) {
            return i + 1;
        }
        def.open = j + 1;
        def.close = matching_bracket(m_toks, j + 1);
        if (def.close >= m_n) {
            return i + 1;
        }
        m_out.arrays.push_back(def);
        return def.close + 1;
    }

    std::span<const cpp::Token> m_toks;
    uint32_t m_n;
    Declarations m_out;
};

}  // namespace

uint32_t matching_bracket(std::span<const cpp::Token> tokens, uint32_t open) {
    int depth = 0;
    auto n = static_cast<uint32_t>(tokens.size());
    for (uint32_t i = open; i < n; ++i) {
        if (is_open(tokens[i])) {
            ++depth;
        } else if (is_close(tokens[i])) {
            if (--depth == 0) {
                return i;
            }
        }
    }
    return n;
}

Declarations scan(std::span<const cpp::Token> tokens) { return Scanner(tokens).run(); }

}  // namespace hw::devtable
