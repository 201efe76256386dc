#include "modalias-db/cpp/lexer.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace hw::cpp {

namespace {

// Character classes by table: the <cctype> functions are locale-aware calls, and the lexer
// asks for every byte of the tree.
struct CharClasses {
    bool ident_start[256] = {};
    bool ident[256] = {};
    bool digit[256] = {};
    bool punct[256] = {};
    constexpr CharClasses() {
        for (int c = 0; c < 256; ++c) {
            bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            bool dig = c >= '0' && c <= '9';
            ident_start[c] = alpha || c == '_' || c == '$';
            ident[c] = alpha || dig || c == '_' || c == '$';
            digit[c] = dig;
        }
        for (const char* p = "[](){}.&*+-~!/%<>^|?:;=,#"; *p != '\0'; ++p) {
            punct[static_cast<unsigned char>(*p)] = true;
        }
    }
};
constexpr CharClasses kClass;

bool is_ident_start(unsigned char c) { return kClass.ident_start[c]; }
bool is_ident_char(unsigned char c) { return kClass.ident[c]; }

// Length of the punctuator at s[i] (C11 6.4.6): "...", "<<=", ">>=", the two-character ones, else 1.
size_t punct_length(std::string_view s, size_t i) {
    char c = s[i];
    char d = i + 1 < s.size() ? s[i + 1] : '\0';
    char e = i + 2 < s.size() ? s[i + 2] : '\0';
    switch (c) {
    case '.': return d == '.' && e == '.' ? 3 : 1;
    case '<':
    case '>':
        if (d == c) {
            return e == '=' ? 3 : 2;
        }
        return d == '=' ? 2 : 1;
    case '-': return d == '>' || d == '-' || d == '=' ? 2 : 1;
    case '+':
    case '&':
    case '|': return d == c || d == '=' ? 2 : 1;
    case '=':
    case '!':
    case '*':
    case '/':
    case '%':
    case '^': return d == '=' ? 2 : 1;
    case '#': return d == '#' ? 2 : 1;
    default: return 1;
    }
}

// The buffer the tokens point into, with backslash-newline splices removed, and where each
// physical line starts in it (for line/column numbers of the original file).
struct Spliced {
    std::string_view text;
    std::vector<uint32_t> line_starts;  // offset in `text` where physical line i+1 begins
};

// Every byte of every file passes through here: newlines and backslashes are found with memchr.
Spliced splice(std::string_view source, TokenArena& arena) {
    Spliced out;
    out.line_starts.reserve(source.size() / 32 + 1);
    out.line_starts.push_back(0);
    const char* const begin = source.data();
    const char* const end = begin + source.size();
    bool has_splice = false;
    for (const char* p = begin; p < end;) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (nl == nullptr) {
            break;
        }
        if ((nl > begin && nl[-1] == '\\') || (nl > begin + 1 && nl[-1] == '\r' && nl[-2] == '\\')) {
            has_splice = true;
            break;
        }
        out.line_starts.push_back(static_cast<uint32_t>(nl - begin + 1));
        p = nl + 1;
    }
    if (!has_splice) {
        out.text = source;
        return out;
    }
    out.line_starts.assign(1, 0);
    std::string buf;
    buf.reserve(source.size());
    for (const char* p = begin; p < end;) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* line_end = nl == nullptr ? end : nl;
        // A backslash right before the newline (or before "\r\n") joins the next line.
        const char* cut = line_end;
        bool spliced = false;
        if (nl != nullptr) {
            if (cut > p && cut[-1] == '\r' && cut - 1 > p && cut[-2] == '\\') {
                cut -= 2;
                spliced = true;
            } else if (cut > p && cut[-1] == '\\') {
                cut -= 1;
                spliced = true;
            }
        }
        buf.append(p, static_cast<size_t>(cut - p));
        if (nl == nullptr) {
            break;
        }
        if (!spliced) {
            buf.push_back('\n');
        }
        out.line_starts.push_back(static_cast<uint32_t>(buf.size()));
        p = nl + 1;
    }
    out.text = arena.store(std::move(buf));
    return out;
}

}  // namespace

LexResult lex(std::string_view source, uint32_t file, std::string_view path, TokenArena& arena) {
    LexResult result;
    Spliced sp = splice(source, arena);
    std::string_view s = sp.text;
    result.tokens.reserve(s.size() / 4 + 16);

    size_t line_idx = 0;  // index into sp.line_starts of the line containing `i`
    auto locate = [&](size_t off, uint32_t& line, uint32_t& col) {
        while (line_idx + 1 < sp.line_starts.size() && sp.line_starts[line_idx + 1] <= off) {
            ++line_idx;
        }
        line = static_cast<uint32_t>(line_idx + 1);
        col = static_cast<uint32_t>(off - sp.line_starts[line_idx] + 1);
    };
    auto error = [&](size_t off, std::string msg) {
        uint32_t line = 0;
        uint32_t col = 0;
        locate(off, line, col);
        result.diagnostics.push_back(
            Diagnostic{std::string(path), static_cast<int>(line), static_cast<int>(col), Severity::Error, std::move(msg)});
    };

    bool at_line_start = true;
    bool space_before = false;
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\n') {
            at_line_start = true;
            space_before = false;
            ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            space_before = true;
            ++i;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            size_t end = s.find("*/", i + 2);
            if (end == std::string_view::npos) {
                error(i, "unterminated comment");
                break;
            }
            // A comment spanning lines does not start a new logical line for directives
            // (C11 5.1.1.2 phase 3 replaces it by one space).
            i = end + 2;
            space_before = true;
            continue;
        }
        if (c == '/' && i + 1 < n && s[i + 1] == '/') {
            size_t end = s.find('\n', i);
            i = end == std::string_view::npos ? n : end;
            space_before = true;
            continue;
        }
        Token tok;
        tok.file = file;
        tok.at_line_start = at_line_start;
        tok.space_before = space_before;
        locate(i, tok.line, tok.col);
        size_t start = i;
        // String/char prefixes: L"", u"", U"", u8"".
        size_t prefix = 0;
        if (c == 'L' || c == 'U' || c == 'u') {
            prefix = (c == 'u' && i + 2 < n && s[i + 1] == '8') ? 2 : 1;
            if (!(i + prefix < n && (s[i + prefix] == '"' || s[i + prefix] == '\''))) {
                prefix = 0;
            }
        }
        unsigned char q = static_cast<unsigned char>(i + prefix < n ? s[i + prefix] : 0);
        if (q == '"' || q == '\'') {
            size_t j = i + prefix + 1;
            while (j < n && s[j] != q && s[j] != '\n') {
                j += (s[j] == '\\' && j + 1 < n) ? 2 : 1;
            }
            if (j >= n || s[j] != q) {
                error(i, q == '"' ? "missing terminating '\"' character" : "missing terminating ' character");
                i = j;
                tok.kind = TokKind::Other;
                tok.text = s.substr(start, i - start);
            } else {
                i = j + 1;
                tok.kind = q == '"' ? TokKind::String : TokKind::Char;
                tok.text = s.substr(start, i - start);
            }
        } else if (is_ident_start(c)) {
            while (i < n && is_ident_char(static_cast<unsigned char>(s[i]))) {
                ++i;
            }
            tok.kind = TokKind::Identifier;
            tok.text = s.substr(start, i - start);
        } else if (kClass.digit[c] || (c == '.' && i + 1 < n && kClass.digit[static_cast<unsigned char>(s[i + 1])])) {
            // pp-number: digit or .digit, then [0-9a-zA-Z_.] and e+/e-/p+/p- sequences.
            ++i;
            while (i < n) {
                unsigned char d = static_cast<unsigned char>(s[i]);
                if ((d == '+' || d == '-') && (s[i - 1] == 'e' || s[i - 1] == 'E' || s[i - 1] == 'p' || s[i - 1] == 'P')) {
                    ++i;
                } else if (kClass.ident[d] || d == '.') {
                    ++i;
                } else {
                    break;
                }
            }
            tok.kind = TokKind::Number;
            tok.text = s.substr(start, i - start);
        } else {
            size_t len = punct_length(s, i);
            tok.kind = kClass.punct[c] ? TokKind::Punct : TokKind::Other;
            i += len;
            tok.text = s.substr(start, len);
        }
        result.tokens.push_back(tok);
        at_line_start = false;
        space_before = false;
    }
    return result;
}

namespace {

// Decodes one (possibly escaped) character at s[i], advancing i.
uint32_t decode_one(std::string_view s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i++]);
    if (c != '\\' || i >= s.size()) {
        return c;
    }
    char e = s[i++];
    switch (e) {
    case 'n': return '\n';
    case 't': return '\t';
    case 'r': return '\r';
    case 'a': return 7;
    case 'b': return 8;
    case 'f': return 12;
    case 'v': return 11;
    case 'e': return 27;
    case 'x': {
        uint32_t v = 0;
        while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i]))) {
            char h = s[i++];
            v = v * 16 + static_cast<uint32_t>(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : (std::tolower(h) - 'a' + 10));
        }
        return v;
    }
    default:
        if (e >= '0' && e <= '7') {
            uint32_t v = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && i < s.size() && s[i] >= '0' && s[i] <= '7'; ++k) {
                v = v * 8 + static_cast<uint32_t>(s[i++] - '0');
            }
            return v;
        }
        return static_cast<unsigned char>(e);
    }
}

std::string_view strip_quotes(std::string_view lit, char q) {
    size_t open = lit.find(q);
    if (open == std::string_view::npos) {
        return {};
    }
    std::string_view body = lit.substr(open + 1);
    if (!body.empty() && body.back() == q) {
        body.remove_suffix(1);
    }
    return body;
}

}  // namespace

std::string decode_string_literal(std::string_view literal) {
    std::string_view body = strip_quotes(literal, '"');
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size();) {
        out.push_back(static_cast<char>(decode_one(body, i) & 0xFF));
    }
    return out;
}

int64_t decode_char_literal(std::string_view literal) {
    std::string_view body = strip_quotes(literal, '\'');
    if (body.empty()) {
        return 0;
    }
    size_t i = 0;
    // Plain char is signed on x86: '\xff' is -1.
    uint32_t v = decode_one(body, i);
    return literal.front() == '\'' ? static_cast<int64_t>(static_cast<signed char>(v & 0xFF)) : static_cast<int64_t>(v);
}

}  // namespace hw::cpp
