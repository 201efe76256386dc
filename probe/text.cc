#include "probe/text.h"

namespace hw::probe::text {

std::vector<Line> split_lines(std::string_view s) {
    std::vector<Line> lines;
    int number = 0;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string_view::npos) {
            nl = s.size();
        }
        std::string_view line = s.substr(pos, nl - pos);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        lines.push_back({line, ++number});
        pos = nl + 1;
    }
    return lines;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

std::optional<int> parse_hex(std::string_view s) {
    if (s.empty() || s.size() > 8) {
        return std::nullopt;
    }
    unsigned v = 0;
    for (char c : s) {
        int d;
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            d = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            d = c - 'A' + 10;
        } else {
            return std::nullopt;
        }
        v = v * 16 + static_cast<unsigned>(d);
    }
    if (v > 0x7fffffffu) {
        return std::nullopt;
    }
    return static_cast<int>(v);
}

std::optional<int> parse_dec(std::string_view s) {
    if (s.empty() || s.size() > 9) {
        return std::nullopt;
    }
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + (c - '0');
    }
    return v;
}

std::string_view bracketed_id(std::string_view s) {
    s = trim(s);
    if (!s.ends_with(']')) {
        return s;
    }
    size_t open = s.rfind('[');
    if (open == std::string_view::npos) {
        return s;
    }
    return s.substr(open + 1, s.size() - open - 2);
}

hw::Diagnostic make_diag(std::string_view path, int line, hw::Severity severity, std::string message) {
    hw::Diagnostic d;
    d.path = std::string(path);
    d.line = line;
    d.severity = severity;
    d.message = std::move(message);
    return d;
}

}  // namespace hw::probe::text
