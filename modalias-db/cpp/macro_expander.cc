#include "modalias-db/cpp/macro_expander.h"

#include "modalias-db/cpp/lexer.h"

#include <algorithm>

namespace hw::cpp {

namespace {

bool is_ident_chars(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
    });
}

Token stamped(const Token& body, const Token& at) {
    Token t = body;
    t.file = at.file;
    t.line = at.line;
    t.col = at.col;
    t.cond = at.cond;
    t.at_line_start = false;
    return t;
}

bool is_punct(const Token& t, std::string_view p) { return t.kind == TokKind::Punct && t.text == p; }

}  // namespace

bool is_never_expanded(std::string_view name) {
    switch (name.empty() ? '\0' : name[0]) {
    case 'M': return name == "MODULE_DEVICE_TABLE";
    case '_': return name == "__MODULE_INFO";
    case 'I':
        return name == "IS_ENABLED" || name == "IS_BUILTIN" || name == "IS_MODULE" || name == "IS_REACHABLE";
    default: return false;
    }
}

// A macro invocation's arguments, raw and (on demand) fully expanded. Recycled through
// m_arg_pool so that the vectors keep their capacity from one invocation to the next.
struct MacroExpander::ArgList {
    std::vector<Tokens> raw;
    std::vector<Tokens> expanded;
    std::vector<uint8_t> have_expanded;
    size_t count = 0;

    void reset() { count = 0; }
    Tokens& add() {
        if (count == raw.size()) {
            raw.emplace_back();
            expanded.emplace_back();
            have_expanded.push_back(0);
        }
        raw[count].clear();
        have_expanded[count] = 0;
        return raw[count++];
    }
    size_t size() const { return count; }
    const Tokens& operator[](size_t i) const { return raw[i]; }
};

MacroExpander::MacroExpander(ExpansionHost& host, TokenArena& arena)
    : m_host(host), m_arena(arena), m_no_args(std::make_unique<ArgList>()) {}

MacroExpander::~MacroExpander() = default;

Tokens MacroExpander::take_vector() {
    if (m_pool.empty()) {
        return {};
    }
    Tokens v = std::move(m_pool.back());
    m_pool.pop_back();
    v.clear();
    return v;
}

void MacroExpander::recycle(Tokens&& v) {
    if (m_pool.size() < 64) {
        m_pool.push_back(std::move(v));
    }
}

std::unique_ptr<MacroExpander::ArgList> MacroExpander::take_args() {
    if (m_arg_pool.empty()) {
        return std::make_unique<ArgList>();
    }
    std::unique_ptr<ArgList> a = std::move(m_arg_pool.back());
    m_arg_pool.pop_back();
    a->reset();
    return a;
}

void MacroExpander::recycle_args(std::unique_ptr<ArgList> a) { m_arg_pool.push_back(std::move(a)); }

bool MacroExpander::next_raw(Token& out) {
    if (!m_pushback.empty()) {
        out = m_pushback.back();
        m_pushback.pop_back();
        return true;
    }
    while (!m_ctx.empty()) {
        Context& c = m_ctx.back();
        if (c.pos < c.toks.size()) {
            out = c.toks[c.pos++];
            return true;
        }
        if (c.barrier) {
            return false;
        }
        recycle(std::move(c.toks));
        m_ctx.pop_back();
    }
    return m_host.next_source_token(out);
}

bool MacroExpander::disabled(const MacroDef* m) const {
    return std::any_of(m_ctx.begin(), m_ctx.end(), [m](const Context& c) { return c.macro == m; });
}

void MacroExpander::push_context(const MacroDef* m, Tokens toks) {
    Context c;
    c.macro = m;
    c.toks = std::move(toks);
    m_ctx.push_back(std::move(c));
}

bool MacroExpander::next(Token& out) {
    for (;;) {
        Token t;
        if (!next_raw(t)) {
            return false;
        }
        if (t.kind != TokKind::Identifier || t.no_expand || is_never_expanded(t.text)) {
            out = t;
            return true;
        }
        const MacroDef* m = m_host.lookup(t.text);
        if (m == nullptr) {
            out = builtin_macro(t);
            return true;
        }
        if (disabled(m)) {
            t.no_expand = true;
            out = t;
            return true;
        }
        if (!m->function_like) {
            push_context(m, substitute(*m, t, *m_no_args));
            continue;
        }
        Token open;
        if (!next_raw(open)) {
            out = t;
            return true;
        }
        if (!is_punct(open, "(")) {
            m_pushback.push_back(open);
            out = t;
            return true;
        }
        std::unique_ptr<ArgList> args = take_args();
        Token close;
        ArgsResult r = collect_args(*m, t, *args, close);
        if (r == ArgsResult::CountMismatch) {
            // Left as written, the name and its parenthesised list, as a compiler does.
            put_back_invocation(open, *args, close);
            t.no_expand = true;
            out = t;
        } else if (r == ArgsResult::Ok) {
            Tokens body = substitute(*m, t, *args);
            push_context(m, std::move(body));
        }
        recycle_args(std::move(args));
        if (r == ArgsResult::CountMismatch) {
            return true;
        }
    }
}

void MacroExpander::put_back_invocation(const Token& open, const ArgList& args, const Token& close) {
    Context c;
    c.toks = take_vector();
    c.toks.push_back(open);
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) {
            Token comma = close;
            comma.text = ",";
            c.toks.push_back(comma);
        }
        c.toks.insert(c.toks.end(), args[i].begin(), args[i].end());
    }
    c.toks.push_back(close);
    m_ctx.push_back(std::move(c));
}

Token MacroExpander::builtin_macro(const Token& t) {
    if (t.text.size() < 8 || t.text[0] != '_' || t.text[1] != '_') {
        return t;
    }
    Token out = t;
    if (t.text == "__LINE__") {
        out.kind = TokKind::Number;
        out.text = m_arena.store(std::to_string(t.line));
    } else if (t.text == "__FILE__") {
        out.kind = TokKind::String;
        out.text = m_arena.store("\"" + m_host.path_of(t.file) + "\"");
    } else if (t.text == "__COUNTER__") {
        out.kind = TokKind::Number;
        out.text = m_arena.store(std::to_string(m_counter++));
    }
    return out;
}

// Reads the arguments after `(` up to the matching `)`, which goes to `close`.
MacroExpander::ArgsResult MacroExpander::collect_args(const MacroDef& m, const Token& name, ArgList& args,
                                                      Token& close) {
    Tokens* cur = &args.add();
    int depth = 0;
    for (;;) {
        Token a;
        if (!next_raw(a)) {
            m_host.report(name, Severity::Error,
                          "unterminated argument list invoking macro \"" + std::string(m.name) + "\"");
            return ArgsResult::Unterminated;
        }
        if (a.kind == TokKind::Punct) {
            if (a.text == "(") {
                ++depth;
            } else if (a.text == ")") {
                if (depth == 0) {
                    close = a;
                    break;
                }
                --depth;
            } else if (a.text == "," && depth == 0 && !(m.variadic && args.size() == m.params.size())) {
                cur = &args.add();
                continue;
            }
        }
        cur->push_back(a);
    }
    size_t given = args.size();
    if (m.params.empty() && given == 1 && args[0].empty()) {
        args.reset();
        given = 0;
    }
    if (given == m.params.size()) {
        return ArgsResult::Ok;
    }
    if (m.variadic && given + 1 == m.params.size()) {
        args.add();  // GNU: the variable arguments may be left out entirely
        return ArgsResult::Ok;
    }
    Severity severity = m_host.is_local(m) ? Severity::Error : Severity::Warning;
    std::string count = std::to_string(m.params.size());
    if (given < m.params.size()) {
        m_host.report(name, severity, "macro \"" + std::string(m.name) + "\" requires " + count +
                                          " arguments, but only " + std::to_string(given) + " given");
    } else {
        m_host.report(name, severity, "macro \"" + std::string(m.name) + "\" passed " + std::to_string(given) +
                                          " arguments, but takes just " + count);
    }
    return ArgsResult::CountMismatch;
}

void MacroExpander::expand_into(const Tokens& in, Tokens& out) {
    Context c;
    c.barrier = true;
    c.toks = take_vector();
    c.toks.assign(in.begin(), in.end());
    m_ctx.push_back(std::move(c));
    // Tokens put back before belong to what follows, not to this list.
    std::vector<Token> saved_pushback;
    saved_pushback.swap(m_pushback);
    Token t;
    while (next(t)) {
        out.push_back(t);
    }
    recycle(std::move(m_ctx.back().toks));
    m_ctx.pop_back();
    m_pushback.swap(saved_pushback);
}

// `#x` (C11 6.10.3.2): the argument's spelling, one space where there was white space, with `"`
// and `\` escaped inside string and character literals.
Token MacroExpander::stringify(const Tokens& arg, const Token& at) {
    std::string s = "\"";
    for (size_t i = 0; i < arg.size(); ++i) {
        const Token& t = arg[i];
        if (i > 0 && t.space_before) {
            s += ' ';
        }
        if (t.kind == TokKind::String || t.kind == TokKind::Char) {
            for (char c : t.text) {
                if (c == '"' || c == '\\') {
                    s += '\\';
                }
                s += c;
            }
        } else {
            s += t.text;
        }
    }
    s += '"';
    Token out = stamped(at, at);
    out.kind = TokKind::String;
    out.text = m_arena.store(std::move(s));
    out.no_expand = false;
    return out;
}

// Pastes `rhs` onto the last token of `out` (C11 6.10.3.3).
void MacroExpander::paste(Tokens& out, const Token& rhs) {
    Token& lhs = out.back();
    std::string text;
    text.reserve(lhs.text.size() + rhs.text.size());
    text += lhs.text;
    text += rhs.text;
    bool lhs_word = lhs.kind == TokKind::Identifier || lhs.kind == TokKind::Number;
    if (lhs_word && (rhs.kind == TokKind::Identifier || rhs.kind == TokKind::Number) && is_ident_chars(rhs.text)) {
        lhs.text = m_arena.store(std::move(text));
        lhs.no_expand = false;
        return;  // an identifier or pp-number: the left side's kind stays
    }
    std::string_view stored = m_arena.store(std::move(text));
    LexResult lexed = lex(stored, lhs.file, m_host.path_of(lhs.file), m_arena);
    if (lexed.tokens.size() == 1) {
        Token t = lexed.tokens[0];
        t.file = lhs.file;
        t.line = lhs.line;
        t.col = lhs.col;
        t.cond = lhs.cond;
        t.space_before = lhs.space_before;
        t.at_line_start = false;
        lhs = t;
        return;
    }
    m_host.report(lhs, Severity::Warning,
                  "pasting \"" + std::string(lhs.text) + "\" and \"" + std::string(rhs.text) +
                      "\" does not give a valid preprocessing token");
    out.push_back(rhs);
}

// The replacement list of `m` with its arguments substituted (C11 6.10.3.1-3), before rescanning.
Tokens MacroExpander::substitute(const MacroDef& m, const Token& name, ArgList& args) {
    Tokens out = take_vector();
    const Tokens& body = m.body;
    const size_t n = body.size();
    bool left_empty = false;  // the left operand of a following ## was an empty argument
    auto append = [&](const Token* toks, size_t count, const Token& where) {
        for (size_t i = 0; i < count; ++i) {
            out.push_back(toks[i]);
            if (i == 0) {
                out.back().space_before = where.space_before;
            }
        }
    };
    for (size_t k = 0; k < n; ++k) {
        const Token& bt = body[k];
        int p = m.param_of[k];
        if (m.function_like && is_punct(bt, "#") && k + 1 < n && m.param_of[k + 1] >= 0) {
            Token s = stringify(args[static_cast<size_t>(m.param_of[k + 1])], name);
            s.space_before = bt.space_before;
            out.push_back(s);
            ++k;
            left_empty = false;
            continue;
        }
        if (is_punct(bt, "##") && k + 1 < n) {
            ++k;
            int rp = m.param_of[k];
            if (rp >= 0 && m.variadic && static_cast<size_t>(rp) + 1 == m.params.size() && !left_empty &&
                !out.empty() && out.back().is(",")) {
                // GNU: `, ## __VA_ARGS__` drops the comma when there are no variable arguments.
                const Tokens& va = args[static_cast<size_t>(rp)];
                if (va.empty()) {
                    out.pop_back();
                } else {
                    append(va.data(), va.size(), body[k]);
                }
                left_empty = false;
                continue;
            }
            Token single;
            const Token* rhs = nullptr;
            size_t rhs_size = 1;
            if (rp >= 0) {
                rhs = args[static_cast<size_t>(rp)].data();
                rhs_size = args[static_cast<size_t>(rp)].size();
            } else {
                single = stamped(body[k], name);
                rhs = &single;
            }
            if (rhs_size == 0) {
                continue;  // a placemarker: the left operand stays as it is
            }
            if (left_empty || out.empty()) {
                append(rhs, rhs_size, body[k]);
            } else {
                paste(out, rhs[0]);
                out.insert(out.end(), rhs + 1, rhs + rhs_size);
            }
            left_empty = false;
            continue;
        }
        if (p >= 0) {
            size_t pi = static_cast<size_t>(p);
            const Tokens& arg = args[pi];
            if (k + 1 < n && is_punct(body[k + 1], "##")) {
                append(arg.data(), arg.size(), bt);
                left_empty = arg.empty();
            } else {
                if (args.have_expanded[pi] == 0) {
                    args.expanded[pi].clear();
                    expand_into(arg, args.expanded[pi]);
                    args.have_expanded[pi] = 1;
                }
                append(args.expanded[pi].data(), args.expanded[pi].size(), bt);
                left_empty = false;
            }
            continue;
        }
        out.push_back(stamped(bt, name));
        left_empty = false;
    }
    if (!out.empty()) {
        out.front().space_before = name.space_before;
    }
    return out;
}

}  // namespace hw::cpp
