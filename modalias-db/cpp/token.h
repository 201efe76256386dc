// Preprocessing tokens of C (C11 6.4), as the kernel's sources use them.
//
// A Token's text is a view: into a file buffer owned by a SourceTree, into a macro definition,
// or into a TokenArena (for tokens made by ## pasting, # stringising, or spliced lines). Whoever
// holds tokens keeps the owner of those buffers alive.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace hw::cpp {

enum class TokKind : uint8_t {
    Identifier,  // also keywords
    Number,      // pp-number: 0x1F, 10UL, 1e5
    String,      // "..." with its prefix (L, u8, u, U) and quotes, escapes not decoded
    Char,        // '...' likewise
    Punct,       // operators and punctuators, "..." included; '#' and '##' too
    Other,       // a stray character (e.g. '\\' or '@'); kept so errors can point at it
};

struct Token {
    TokKind kind = TokKind::Other;
    bool at_line_start = false;  // first token on a (spliced) line: directives start here
    bool space_before = false;   // whitespace or comment before it (matters for # and macros)
    bool no_expand = false;      // preprocessor: an identifier met inside its own macro's expansion
                                 // (C11 6.10.3.4p2), never expanded again
    uint32_t file = 0;           // index into the caller's file table
    uint32_t line = 0;           // 1-based position of the first character
    uint32_t col = 0;
    uint32_t cond = 0;           // condition id set by the preprocessor (0: unconditional)
    std::string_view text;

    bool is(std::string_view s) const {
        // Sizes first: most tests are against one- or two-character punctuators.
        return text.size() == s.size() && kind != TokKind::String && kind != TokKind::Char &&
               std::char_traits<char>::compare(text.data(), s.data(), s.size()) == 0;
    }
    // Whether this is the one-character punctuator `c` (the hot loops' test).
    bool is_punct(char c) const { return kind == TokKind::Punct && text.size() == 1 && text[0] == c; }
    bool is_ident() const { return kind == TokKind::Identifier; }
};

using Tokens = std::vector<Token>;

// Owns the text of tokens that do not live in a source buffer. Addresses are stable.
class TokenArena {
public:
    std::string_view store(std::string text) {
        m_bytes += text.size();
        m_strings.push_back(std::move(text));
        return m_strings.back();
    }
    // Bytes of text stored so far.
    size_t bytes() const { return m_bytes; }

private:
    std::deque<std::string> m_strings;
    size_t m_bytes = 0;
};

// Decodes a string literal's contents (prefix and quotes removed, C escapes decoded; \x and
// octal escapes give bytes). Adjacent literals are concatenated by the caller.
std::string decode_string_literal(std::string_view literal);

// Decodes a character constant ('a', '\n', '\x41') to its value.
int64_t decode_char_literal(std::string_view literal);

}  // namespace hw::cpp
