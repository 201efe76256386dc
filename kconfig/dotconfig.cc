#include "kconfig/dotconfig.h"

namespace hw::kconfig {

namespace {

constexpr std::string_view kPrefix = "CONFIG_";
constexpr std::string_view kNotSetSuffix = " is not set";

bool is_symbol_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_hex_digit(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

size_t symbol_length(std::string_view s) {
    size_t n = 0;
    while (n < s.size() && is_symbol_char(s[n])) {
        ++n;
    }
    return n;
}

bool is_number(std::string_view v) {
    if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
        for (char c : v.substr(2)) {
            if (!is_hex_digit(c)) {
                return false;
            }
        }
        return true;
    }
    if (!v.empty() && v[0] == '-') {
        v.remove_prefix(1);
    }
    if (v.empty()) {
        return false;
    }
    for (char c : v) {
        if (!is_digit(c)) {
            return false;
        }
    }
    return true;
}

// Length of the quoted string at the start of v (including both quotes, backslash escapes
// skipped), or npos when it is not closed.
size_t quoted_length(std::string_view v) {
    for (size_t i = 1; i < v.size(); ++i) {
        if (v[i] == '\\') {
            ++i;
        } else if (v[i] == '"') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

std::string_view trim_right(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// "# CONFIG_FOO is not set" -> "FOO"; anything else -> empty.
std::string_view not_set_symbol(std::string_view line) {
    constexpr std::string_view kLead = "# CONFIG_";
    if (!line.starts_with(kLead) || !line.ends_with(kNotSetSuffix)) {
        return {};
    }
    std::string_view name = line.substr(kLead.size(), line.size() - kLead.size() - kNotSetSuffix.size());
    if (name.empty() || symbol_length(name) != name.size()) {
        return {};
    }
    return name;
}

class Parser {
public:
    Parser(std::string_view path, DotConfig& out, Diagnostics& errors)
        : m_path(path), m_out(out), m_errors(errors) {}

    // Returns true when the line is a CONFIG_ line (well formed or not).
    bool parse_line(std::string_view line, int line_no) {
        m_line = line_no;
        line = trim_right(line);
        if (line.empty()) {
            return false;
        }
        if (line[0] == '#') {
            std::string_view name = not_set_symbol(line);
            if (name.empty()) {
                return false;
            }
            m_out.values.insert_or_assign(std::string(name), "n");
            m_out.lines.push_back({std::string(name), "n"});
            return true;
        }
        if (!line.starts_with(kPrefix)) {
            error(1, "expected 'CONFIG_NAME=value', '# CONFIG_NAME is not set' or a comment");
            return false;
        }
        parse_assignment(line);
        return true;
    }

private:
    void parse_assignment(std::string_view line) {
        std::string_view rest = line.substr(kPrefix.size());
        size_t name_len = symbol_length(rest);
        size_t col = kPrefix.size() + 1;  // 1-based column of the name
        if (name_len == 0) {
            error(static_cast<int>(col), "expected a symbol name after 'CONFIG_'");
            return;
        }
        std::string_view name = rest.substr(0, name_len);
        col += name_len;
        if (name_len == rest.size() || rest[name_len] != '=') {
            error(static_cast<int>(col), "expected '=' after 'CONFIG_" + std::string(name) + "'");
            return;
        }
        std::string_view value = rest.substr(name_len + 1);
        ++col;  // column of the value
        if (check_value(name, value, static_cast<int>(col))) {
            m_out.values.insert_or_assign(std::string(name), std::string(value));
            m_out.lines.push_back({std::string(name), std::string(value)});
        }
    }

    bool check_value(std::string_view name, std::string_view value, int col) {
        if (value.empty()) {
            error(col, "missing value for CONFIG_" + std::string(name));
            return false;
        }
        if (value == "y" || value == "m" || value == "n" || is_number(value)) {
            return true;
        }
        if (value[0] == '"') {
            size_t len = quoted_length(value);
            if (len == std::string_view::npos) {
                error(col, "unterminated string for CONFIG_" + std::string(name));
                return false;
            }
            if (len != value.size()) {
                error(col + static_cast<int>(len), "unexpected text after the string value of CONFIG_" +
                                                       std::string(name));
                return false;
            }
            return true;
        }
        error(col, "invalid value '" + std::string(value) + "' for CONFIG_" + std::string(name) +
                       " (expected y, m, n, a number or a quoted string)");
        return false;
    }

    void error(int col, std::string message) {
        m_errors.push_back(Diagnostic{std::string(m_path), m_line, col, Severity::Error,
                                      std::move(message)});
    }

    std::string_view m_path;
    DotConfig& m_out;
    Diagnostics& m_errors;
    int m_line = 0;
};

}  // namespace

char DotConfig::tristate(std::string_view symbol) const {
    auto it = values.find(symbol);
    if (it == values.end()) {
        return 'n';
    }
    if (it->second == "y") {
        return 'y';
    }
    if (it->second == "m") {
        return 'm';
    }
    return 'n';
}

std::expected<DotConfig, Diagnostics> parse_dotconfig(std::string_view text, std::string_view path) {
    DotConfig config;
    Diagnostics errors;
    Parser parser(path, config, errors);
    bool saw_config_line = false;
    int line_no = 0;
    while (!text.empty()) {
        size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        ++line_no;
        if (parser.parse_line(line, line_no)) {
            saw_config_line = true;
        }
    }
    if (!saw_config_line) {
        // Whatever else is wrong, one message says it best (think of a binary file given by mistake).
        return std::unexpected(Diagnostics{Diagnostic{std::string(path), 0, 0, Severity::Error,
                                                      "no CONFIG_ lines: not a .config file"}});
    }
    if (!errors.empty()) {
        return std::unexpected(std::move(errors));
    }
    return config;
}

}  // namespace hw::kconfig
