#include "kconfig/lexer.h"

#include <array>
#include <utility>

namespace hw::kconfig {

namespace {

constexpr std::array<std::pair<std::string_view, Tok>, 32> kKeywords = {{
    {"bool", Tok::Bool},         {"choice", Tok::Choice},       {"comment", Tok::Comment},
    {"config", Tok::Config},     {"def_bool", Tok::DefBool},    {"def_tristate", Tok::DefTristate},
    {"default", Tok::Default},   {"depends", Tok::Depends},     {"endchoice", Tok::EndChoice},
    {"endif", Tok::EndIf},       {"endmenu", Tok::EndMenu},     {"help", Tok::Help},
    {"hex", Tok::Hex},           {"if", Tok::If},               {"imply", Tok::Imply},
    {"int", Tok::Int},           {"mainmenu", Tok::MainMenu},   {"menu", Tok::Menu},
    {"menuconfig", Tok::MenuConfig}, {"modules", Tok::Modules}, {"on", Tok::On},
    {"optional", Tok::Optional}, {"prompt", Tok::Prompt},       {"range", Tok::Range},
    {"select", Tok::Select},     {"source", Tok::Source},       {"string", Tok::StringType},
    {"tristate", Tok::Tristate}, {"visible", Tok::Visible},     {"", Tok::Eof},
    {"", Tok::Eof},              {"", Tok::Eof},
}};

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string_view tok_name(Tok t) {
    for (const auto& [name, tok] : kKeywords) {
        if (tok == t && !name.empty()) {
            return name;
        }
    }
    switch (t) {
    case Tok::Eof:
        return "end of file";
    case Tok::Eol:
        return "end of line";
    case Tok::Word:
        return "word";
    case Tok::String:
        return "string";
    case Tok::AssignValue:
        return "value";
    case Tok::Or:
        return "'||'";
    case Tok::And:
        return "'&&'";
    case Tok::Equal:
        return "'='";
    case Tok::Unequal:
        return "'!='";
    case Tok::Less:
        return "'<'";
    case Tok::LessEqual:
        return "'<='";
    case Tok::Greater:
        return "'>'";
    case Tok::GreaterEqual:
        return "'>='";
    case Tok::Not:
        return "'!'";
    case Tok::OpenParen:
        return "'('";
    case Tok::CloseParen:
        return "')'";
    case Tok::ColonEqual:
        return "':='";
    case Tok::PlusEqual:
        return "'+='";
    default:
        return "token";
    }
}

void Lexer::advance(size_t n) {
    for (size_t i = 0; i < n && m_pos < m_text.size(); ++i) {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_line_start = m_pos + 1;
        }
        ++m_pos;
    }
}

void Lexer::warn(int line, int col, std::string message) {
    m_diags.push_back({std::string(m_path), line, col, Severity::Warning, std::move(message)});
}

Token Lexer::next() {
    for (;;) {
        Token t = m_assign_mode ? lex_assign_value() : lex();
        bool at_statement_start = m_prev == Tok::Eol;
        if (at_statement_start && t.kind == Tok::Eol) {
            continue;  // blank lines and comment-only lines
        }
        if (m_prev_prev == Tok::Eol && m_prev == Tok::Word &&
            (t.kind == Tok::Equal || t.kind == Tok::ColonEqual || t.kind == Tok::PlusEqual)) {
            m_assign_mode = true;
        }
        m_prev_prev = m_prev;
        m_prev = t.kind;
        return t;
    }
}

Token Lexer::lex_assign_value() {
    while (is_blank(peek())) {
        advance();
    }
    m_assign_mode = false;
    int line = m_line;
    int col = static_cast<int>(m_pos - m_line_start) + 1;
    if (peek() == '\n' || m_pos >= m_text.size()) {
        return lex();
    }
    size_t start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
        advance();
    }
    Token t{Tok::AssignValue, std::string(m_text.substr(start, m_pos - start)), line, col};
    return t;
}

Token Lexer::lex() {
    for (;;) {
        char c = peek();
        int line = m_line;
        int col = static_cast<int>(m_pos - m_line_start) + 1;
        if (m_pos >= m_text.size()) {
            if (m_prev != Tok::Eol && m_prev != Tok::Eof) {
                // The kernel ends every file with an implicit end of line.
                return {Tok::Eol, {}, line, col};
            }
            return {Tok::Eof, {}, line, col};
        }
        if (c == '#') {
            while (m_pos < m_text.size() && m_text[m_pos] != '\n') {
                advance();
            }
            continue;
        }
        if (is_blank(c)) {
            advance();
            continue;
        }
        if (c == '\\' && peek(1) == '\n') {
            advance(2);
            continue;
        }
        if (c == '\n') {
            advance();
            return {Tok::Eol, {}, line, col};
        }
        if (c == '"' || c == '\'') {
            advance();
            return lex_string(c, line, col);
        }
        if (is_word_char(c) || c == '$') {
            size_t start = m_pos;
            bool has_dollar = false;
            size_t end = m_pos;
            while (end < m_text.size() && (is_word_char(m_text[end]) || m_text[end] == '$')) {
                has_dollar = has_dollar || m_text[end] == '$';
                ++end;
            }
            if (!has_dollar) {
                std::string_view word = m_text.substr(start, end - start);
                advance(end - start);
                for (const auto& [name, tok] : kKeywords) {
                    if (!name.empty() && name == word) {
                        return {tok, std::string(word), line, col};
                    }
                }
                return {Tok::Word, std::string(word), line, col};
            }
            size_t eol = m_text.find('\n', start);
            std::string_view rest = m_text.substr(start, eol == std::string_view::npos ? std::string_view::npos : eol - start);
            m_pp.set_location(m_path, m_line);
            size_t consumed = 0;
            std::string value = m_pp.expand_token(rest, consumed);
            advance(consumed == 0 ? 1 : consumed);
            if (value.empty()) {
                continue;
            }
            return {Tok::Word, std::move(value), line, col};
        }
        struct Op {
            std::string_view text;
            Tok tok;
        };
        static constexpr Op kOps[] = {{"||", Tok::Or},         {"&&", Tok::And},
                                      {"!=", Tok::Unequal},    {"<=", Tok::LessEqual},
                                      {">=", Tok::GreaterEqual}, {":=", Tok::ColonEqual},
                                      {"+=", Tok::PlusEqual},  {"=", Tok::Equal},
                                      {"<", Tok::Less},        {">", Tok::Greater},
                                      {"!", Tok::Not},         {"(", Tok::OpenParen},
                                      {")", Tok::CloseParen}};
        std::string_view here = m_text.substr(m_pos);
        for (const Op& op : kOps) {
            if (here.starts_with(op.text)) {
                advance(op.text.size());
                return {op.tok, std::string(op.text), line, col};
            }
        }
        warn(line, col, std::string("ignoring unsupported character '") + c + "'");
        advance();
    }
}

Token Lexer::lex_string(char quote, int line, int col) {
    std::string out;
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == '$') {
            size_t eol = m_text.find('\n', m_pos);
            std::string_view rest =
                m_text.substr(m_pos + 1, eol == std::string_view::npos ? std::string_view::npos : eol - m_pos - 1);
            m_pp.set_location(m_path, m_line);
            size_t consumed = 0;
            out += m_pp.expand_dollar(rest, consumed);
            advance(1 + consumed);
            continue;
        }
        if (c == '\\') {
            advance();
            if (m_pos < m_text.size() && m_text[m_pos] != '\n') {
                out += m_text[m_pos];
                advance();
            }
            continue;
        }
        if (c == quote) {
            advance();
            return {Tok::String, std::move(out), line, col};
        }
        if (c == '\n') {
            warn(m_line, static_cast<int>(m_pos - m_line_start) + 1, "multi-line strings not supported");
            return {Tok::String, std::move(out), line, col};
        }
        out += c;
        advance();
    }
    return {Tok::String, std::move(out), line, col};
}

std::string Lexer::read_help() {
    // Indentation of the first text line sets the block's indent; a line indented less (or a
    // non-blank line at column 0) ends the block. Tabs count to the next multiple of 8.
    std::string text;
    int first_ts = 0;
    int pending_blank = 0;
    while (m_pos < m_text.size()) {
        size_t eol = m_text.find('\n', m_pos);
        if (eol == std::string_view::npos) {
            eol = m_text.size();
        }
        std::string_view line = m_text.substr(m_pos, eol - m_pos);
        int ts = 0;
        size_t i = 0;
        for (; i < line.size() && is_blank(line[i]); ++i) {
            ts = line[i] == '\t' ? (ts & ~7) + 8 : ts + 1;
        }
        std::string_view body = line.substr(i);
        while (!body.empty() && is_blank(body.back())) {
            body.remove_suffix(1);
        }
        if (body.empty()) {
            ++pending_blank;
            advance(eol - m_pos + (eol < m_text.size() ? 1 : 0));
            continue;
        }
        if (ts == 0 || (first_ts != 0 && ts < first_ts)) {
            break;
        }
        if (first_ts == 0) {
            first_ts = ts;
        }
        text.append(static_cast<size_t>(pending_blank), '\n');
        pending_blank = 0;
        text.append(static_cast<size_t>(ts - first_ts), ' ');
        text.append(body);
        text += '\n';
        advance(eol - m_pos + (eol < m_text.size() ? 1 : 0));
    }
    m_prev_prev = Tok::Eol;
    m_prev = Tok::Eol;
    return text;
}

}  // namespace hw::kconfig
