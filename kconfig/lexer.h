// Tokens of one Kconfig file (scripts/kconfig/lexer.l semantics): keywords, words, quoted
// strings (with \-escapes), operators, end of line. Words and strings go through the
// preprocessor; `NAME = value` / `:=` / `+=` at the start of a statement yield the raw rest of
// the line as an AssignValue token; `\` + newline joins lines; `#` starts a comment. Blank lines
// are not reported (an Eol only ends a statement). After `help`, the parser calls read_help().
#pragma once

#include "kconfig/preprocess.h"

#include <string>
#include <string_view>

namespace hw::kconfig {

enum class Tok : uint8_t {
    Eof, Eol, Word, String, AssignValue,
    // keywords
    Bool, Choice, Comment, Config, DefBool, DefTristate, Default, Depends, EndChoice, EndIf,
    EndMenu, Help, Hex, If, Imply, Int, MainMenu, Menu, MenuConfig, Modules, On, Optional,
    Prompt, Range, Select, Source, StringType, Tristate, Visible,
    // operators
    Or, And, Equal, Unequal, Less, LessEqual, Greater, GreaterEqual, Not, OpenParen, CloseParen,
    ColonEqual, PlusEqual,
};

std::string_view tok_name(Tok t);

struct Token {
    Tok kind = Tok::Eof;
    std::string text;  // Word/String/AssignValue: value after expansion; keywords: spelling
    int line = 0;
    int col = 0;
};

class Lexer {
public:
    Lexer(std::string_view text, std::string_view path, Preprocessor& pp, Diagnostics& diags)
        : m_text(text), m_path(path), m_pp(pp), m_diags(diags) {}

    Token next();
    // Reads a help block that follows `help` + newline; returns its text.
    std::string read_help();

    std::string_view path() const { return m_path; }

private:
    Token lex();
    Token lex_string(char quote, int line, int col);
    Token lex_assign_value();
    void warn(int line, int col, std::string message);
    char peek(size_t ahead = 0) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void advance(size_t n = 1);

    std::string_view m_text;
    std::string_view m_path;
    Preprocessor& m_pp;
    Diagnostics& m_diags;
    size_t m_pos = 0;
    int m_line = 1;
    size_t m_line_start = 0;
    Tok m_prev = Tok::Eol;
    Tok m_prev_prev = Tok::Eol;
    bool m_assign_mode = false;
};

}  // namespace hw::kconfig
