#include "modalias-db/kbuild/make_text.h"

namespace hw::kbuild {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split_args(std::string_view s, size_t max) {
    std::vector<std::string_view> out;
    int depth = 0;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '(' || c == '{') {
            ++depth;
        } else if ((c == ')' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ',' && depth == 0 && (max == 0 || out.size() + 1 < max)) {
            out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    out.push_back(s.substr(start));
    return out;
}

bool match_pattern(std::string_view pattern, std::string_view word, std::string_view& stem) {
    size_t pct = pattern.find('%');
    if (pct == std::string_view::npos) {
        stem = {};
        return pattern == word;
    }
    std::string_view prefix = pattern.substr(0, pct);
    std::string_view suffix = pattern.substr(pct + 1);
    if (word.size() < prefix.size() + suffix.size() || !word.starts_with(prefix) ||
        !word.ends_with(suffix)) {
        return false;
    }
    stem = word.substr(prefix.size(), word.size() - prefix.size() - suffix.size());
    return true;
}

std::string replace_pattern(std::string_view replacement, std::string_view stem) {
    size_t pct = replacement.find('%');
    if (pct == std::string_view::npos) {
        return std::string(replacement);
    }
    std::string out(replacement.substr(0, pct));
    out += stem;
    out += replacement.substr(pct + 1);
    return out;
}

Dnf non_empty(const std::vector<Word>& alts) {
    Dnf out = Dnf::falsity();
    for (const Word& alt : alts) {
        if (!trim(alt.text).empty()) {
            out = out || alt.cond;
        }
    }
    return out;
}

}  // namespace hw::kbuild
