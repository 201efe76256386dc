#include "resolve/profile.h"

#include "profiles.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

namespace hw::resolve {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_symbol_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// One line of text split into fields up to "--"; `line` has no newline.
DataLine split_line(std::string_view line, int line_no) {
    DataLine out;
    out.line = line_no;
    size_t i = 0;
    while (i < line.size()) {
        if (is_blank(line[i])) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < line.size() && !is_blank(line[end])) {
            ++end;
        }
        std::string_view word = line.substr(i, end - i);
        int col = static_cast<int>(i) + 1;
        if (word == "--") {
            out.dashes_col = col;
            std::string_view rest = line.substr(end);
            out.reason = trim(rest);
            size_t lead = out.reason.empty() ? 0 : rest.find_first_not_of(" \t");
            out.reason_col = static_cast<int>(end + lead) + 1;
            return out;
        }
        out.fields.push_back({word, col});
        i = end;
    }
    return out;
}

using Version = std::pair<int, int>;  // (MAJOR, MINOR), compared as numbers
using Problem = std::pair<int, std::string>;  // column, message
constexpr Version kLowest{0, 0};
constexpr Version kHighest{1 << 30, 0};

// Digits at the start of `s` as an int; `s` keeps what follows. No sign, no overflow.
std::optional<int> leading_number(std::string_view& s) {
    int n = 0;
    if (s.empty() || !is_digit(s.front())) {
        return std::nullopt;
    }
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec != std::errc()) {
        return std::nullopt;
    }
    s.remove_prefix(static_cast<size_t>(p - s.data()));
    return n;
}

// "MAJOR.MINOR" at the start of `s`; `s` keeps what follows ("", ".192", "-rc3").
std::optional<Version> leading_version(std::string_view& s) {
    std::optional<int> major = leading_number(s);
    if (!major || !s.starts_with('.')) {
        return std::nullopt;
    }
    s.remove_prefix(1);
    std::optional<int> minor = leading_number(s);
    if (!minor) {
        return std::nullopt;
    }
    return Version{*major, *minor};
}

// Exactly "MAJOR.MINOR".
std::optional<Version> parse_version(std::string_view s) {
    std::optional<Version> v = leading_version(s);
    if (!s.empty()) {
        return std::nullopt;
    }
    return v;
}

// An entry's bound as a version; "" gives `unbounded`, text that is no version gives nullopt
// (only entries made by hand can have that: the parser refuses them).
std::optional<Version> bound(std::string_view text, Version unbounded) {
    return text.empty() ? std::optional<Version>(unbounded) : parse_version(text);
}

bool overlap(const ProfileEntry& a, const ProfileEntry& b) {
    auto low_a = bound(a.since, kLowest);
    auto low_b = bound(b.since, kLowest);
    auto high_a = bound(a.until, kHighest);
    auto high_b = bound(b.until, kHighest);
    return std::max(*low_a, *low_b) < std::min(*high_a, *high_b);
}

class EntryParser {
public:
    explicit EntryParser(const DataLine& line) : m_line(line) {}

    // The entry, or the column and message of the first problem in the fields.
    std::expected<ProfileEntry, Problem> parse() {
        m_entry.line = m_line.line;
        const std::vector<DataField>& f = m_line.fields;
        if (f.empty()) {
            return fail(m_line.dashes_col, "expected a symbol before '--'");
        }
        if (auto err = symbol(f[0])) {
            return std::unexpected(*err);
        }
        if (f.size() < 2) {
            return fail(f[0].col + static_cast<int>(f[0].text.size()),
                        "expected a value (y, m or n) after '" + m_entry.symbol + "'");
        }
        if (auto err = value(f[1])) {
            return std::unexpected(*err);
        }
        for (size_t i = 2; i < f.size(); ++i) {
            if (auto err = option(f[i])) {
                return std::unexpected(*err);
            }
        }
        if (!m_entry.since.empty() && !m_entry.until.empty() &&
            !(*parse_version(m_entry.since) < *parse_version(m_entry.until))) {
            return fail(m_until_col, "empty version range: since=" + m_entry.since +
                                         " is not before until=" + m_entry.until);
        }
        m_entry.reason = std::string(m_line.reason);
        return m_entry;
    }

private:
    using Error = std::optional<Problem>;

    static std::unexpected<Problem> fail(int col, std::string message) {
        return std::unexpected(Problem{col, std::move(message)});
    }

    Error symbol(const DataField& f) {
        if (f.text.starts_with("CONFIG_")) {
            return std::pair{f.col, "write the symbol without CONFIG_: '" +
                                        std::string(f.text.substr(7)) + "'"};
        }
        for (char c : f.text) {
            if (!is_symbol_char(c)) {
                return std::pair{f.col, "invalid symbol name '" + std::string(f.text) + "'"};
            }
        }
        m_entry.symbol = std::string(f.text);
        return std::nullopt;
    }

    Error value(const DataField& f) {
        if (f.text != "y" && f.text != "m" && f.text != "n") {
            return std::pair{f.col, "unknown value '" + std::string(f.text) + "' for " +
                                        m_entry.symbol + " (expected y, m or n)"};
        }
        m_entry.value = f.text[0];
        return std::nullopt;
    }

    Error option(const DataField& f) {
        size_t eq = f.text.find('=');
        std::string_view key = f.text.substr(0, eq);
        if (eq == std::string_view::npos || (key != "since" && key != "until")) {
            return std::pair{f.col, "unknown option '" + std::string(f.text) +
                                        "' (expected since=MAJOR.MINOR or until=MAJOR.MINOR)"};
        }
        std::string& slot = key == "since" ? m_entry.since : m_entry.until;
        if (!slot.empty()) {
            return std::pair{f.col, std::string(key) + "= given twice"};
        }
        std::string_view version = f.text.substr(eq + 1);
        if (!parse_version(version)) {
            return std::pair{f.col + static_cast<int>(eq) + 1,
                             "bad version '" + std::string(version) + "' in " + std::string(key) +
                                 "= (expected MAJOR.MINOR, e.g. 6.1)"};
        }
        slot = std::string(version);
        if (key == "until") {
            m_until_col = f.col;
        }
        return std::nullopt;
    }

    const DataLine& m_line;
    ProfileEntry m_entry;
    int m_until_col = 0;
};

Diagnostic error_at(std::string_view path, int line, int col, std::string message) {
    return Diagnostic{std::string(path), line, col, Severity::Error, std::move(message)};
}

// The entry parsed earlier that `e` collides with: same symbol, overlapping versions.
const ProfileEntry* collision(const std::vector<ProfileEntry>& entries, const ProfileEntry& e) {
    for (const ProfileEntry& other : entries) {
        if (other.symbol == e.symbol && overlap(other, e)) {
            return &other;
        }
    }
    return nullptr;
}

}  // namespace

std::vector<DataLine> split_data_lines(std::string_view text) {
    std::vector<DataLine> out;
    int line_no = 0;
    while (!text.empty()) {
        size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        ++line_no;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        std::string_view body = trim(line);
        if (body.empty() || body.front() == '#') {
            continue;
        }
        out.push_back(split_line(line, line_no));
    }
    return out;
}

std::optional<Problem> check_reason(const DataLine& line) {
    if (line.dashes_col == 0) {
        const DataField& last = line.fields.back();
        return std::pair{last.col + static_cast<int>(last.text.size()),
                         "expected '-- reason (source)' after '" + std::string(last.text) + "'"};
    }
    if (line.reason.empty()) {
        return std::pair{line.reason_col, std::string("missing reason after '--'")};
    }
    size_t open = line.reason.rfind('(');
    if (!line.reason.ends_with(')') || open == std::string_view::npos ||
        trim(line.reason.substr(open + 1, line.reason.size() - open - 2)).empty()) {
        return std::pair{line.reason_col,
                         std::string("the reason must end with its source in parentheses, "
                                     "e.g. '(systemd README)'")};
    }
    return std::nullopt;
}

std::expected<Profile, Diagnostic> parse_profile(std::string_view text, std::string_view path,
                                                 std::string name) {
    Profile profile{std::move(name), {}};
    for (const DataLine& line : split_data_lines(text)) {
        auto entry = EntryParser(line).parse();
        if (!entry) {
            return std::unexpected(error_at(path, line.line, entry.error().first,
                                            std::move(entry.error().second)));
        }
        if (auto err = check_reason(line)) {
            return std::unexpected(error_at(path, line.line, err->first, std::move(err->second)));
        }
        if (const ProfileEntry* other = collision(profile.entries, *entry)) {
            return std::unexpected(error_at(
                path, line.line, line.fields[0].col,
                entry->symbol + " is already on line " + std::to_string(other->line) +
                    " for an overlapping range of kernel versions"));
        }
        profile.entries.push_back(std::move(*entry));
    }
    return profile;
}

bool applies(const ProfileEntry& e, std::string_view kernel_version) {
    std::optional<Version> v = leading_version(kernel_version);  // ".192", "-rc3" left over
    if (!v) {
        return e.since.empty() && e.until.empty();
    }
    std::optional<Version> low = bound(e.since, kLowest);
    std::optional<Version> high = bound(e.until, kHighest);
    return low && high && *low <= *v && *v < *high;
}

std::vector<std::string> builtin_profile_names() { return {"nixos"}; }

std::optional<std::pair<std::string_view, std::string_view>> builtin_profile(
    std::string_view name) {
    if (name == "nixos") {
        return std::pair{builtin::kNixosText, builtin::kNixosPath};
    }
    return std::nullopt;
}

}  // namespace hw::resolve
