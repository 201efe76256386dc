#include "match/glob.h"

#include <cstddef>
#include <optional>

namespace hw::match {

namespace {

using u8 = unsigned char;

enum class SetResult { Match, NoMatch, Invalid };

struct BracketOutcome {
    SetResult result = SetResult::NoMatch;
    size_t end = 0;  // index just past the closing ']'
};

bool in_class(std::string_view name, u8 c) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (name == "alpha") { return alpha; }
    if (name == "digit") { return digit; }
    if (name == "alnum") { return alpha || digit; }
    if (name == "upper") { return c >= 'A' && c <= 'Z'; }
    if (name == "lower") { return c >= 'a' && c <= 'z'; }
    if (name == "space") { return c == ' ' || (c >= '\t' && c <= '\r'); }
    if (name == "blank") { return c == ' ' || c == '\t'; }
    if (name == "punct") { return c > 32 && c < 127 && !alpha && !digit; }
    if (name == "print") { return c >= 32 && c < 127; }
    if (name == "graph") { return c > 32 && c < 127; }
    if (name == "cntrl") { return c < 32 || c == 127; }
    if (name == "xdigit") { return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
    return false;
}

bool is_class_name(std::string_view name) {
    for (std::string_view k : {"alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct",
                               "print", "graph", "cntrl", "xdigit"}) {
        if (name == k) {
            return true;
        }
    }
    return false;
}

// Reads one set member's byte at p[i] ('\' escapes, [=c=] / [.c.] name a byte). Returns the byte
// and advances i, or nullopt when the pattern ends first.
std::optional<u8> read_member(std::string_view p, size_t& i) {
    if (i >= p.size()) {
        return std::nullopt;
    }
    if (p[i] == '\\') {
        if (i + 1 >= p.size()) {
            return std::nullopt;
        }
        i += 2;
        return static_cast<u8>(p[i - 1]);
    }
    if (p[i] == '[' && i + 4 < p.size() && (p[i + 1] == '=' || p[i + 1] == '.') &&
        p[i + 3] == p[i + 1] && p[i + 4] == ']') {
        i += 5;
        return static_cast<u8>(p[i - 3]);
    }
    return static_cast<u8>(p[i++]);
}

// Matches byte c against the bracket expression starting at p[start] == '['. `end` is 0 when the
// bracket is unterminated (then '[' is an ordinary character).
BracketOutcome match_bracket(std::string_view p, size_t start, u8 c) {
    size_t i = start + 1;
    bool negate = false;
    if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
        negate = true;
        ++i;
    }
    bool matched = false;
    bool first = true;
    bool invalid = false;
    while (true) {
        if (i >= p.size()) {
            return {SetResult::NoMatch, 0};
        }
        if (p[i] == ']' && !first) {
            ++i;
            break;
        }
        first = false;
        if (p[i] == '[' && i + 1 < p.size() && p[i + 1] == ':') {
            size_t close = p.find(":]", i + 2);
            if (close != std::string_view::npos) {
                std::string_view name = p.substr(i + 2, close - i - 2);
                bool plausible = !name.empty();
                for (char ch : name) {
                    plausible = plausible && ch >= 'a' && ch <= 'z';
                }
                if (plausible) {
                    if (!is_class_name(name)) {
                        invalid = true;
                    } else if (in_class(name, c)) {
                        matched = true;
                    }
                    i = close + 2;
                    continue;
                }
            }
        }
        std::optional<u8> lo = read_member(p, i);
        if (!lo) {
            return {SetResult::NoMatch, 0};
        }
        u8 hi = *lo;
        if (i < p.size() && p[i] == '-' && (i + 1 == p.size() || p[i + 1] != ']')) {
            // glibc gives up on the whole match when the pattern ends inside a range.
            ++i;
            std::optional<u8> end = read_member(p, i);
            if (!end) {
                return {SetResult::Invalid, 0};
            }
            hi = *end;
        }
        if (c >= *lo && c <= hi) {
            matched = true;
        }
    }
    if (invalid) {
        return {SetResult::Invalid, i};
    }
    return {matched != negate ? SetResult::Match : SetResult::NoMatch, i};
}

}  // namespace

bool has_glob_chars(std::string_view pattern) {
    return pattern.find_first_of("*?[\\") != std::string_view::npos;
}

bool glob_match(std::string_view p, std::string_view t) {
    // Classic single-backtrack matcher: without FNM_PATHNAME a later '*' can absorb anything an
    // earlier one could, so only the most recent '*' needs to be retried.
    size_t pi = 0;
    size_t ti = 0;
    size_t star_p = std::string_view::npos;
    size_t star_t = 0;
    while (true) {
        if (pi < p.size() && p[pi] == '*') {
            while (pi < p.size() && p[pi] == '*') {
                ++pi;
            }
            if (pi == p.size()) {
                return true;
            }
            star_p = pi;
            star_t = ti;
            continue;
        }
        if (ti == t.size() && pi == p.size()) {
            return true;
        }
        bool step = false;
        if (ti < t.size() && pi < p.size()) {
            char pc = p[pi];
            if (pc == '?') {
                step = true;
                ++pi;
            } else if (pc == '[') {
                BracketOutcome b = match_bracket(p, pi, static_cast<u8>(t[ti]));
                if (b.result == SetResult::Invalid) {
                    return false;
                }
                if (b.end == 0) {
                    step = t[ti] == '[';
                    ++pi;
                } else {
                    step = b.result == SetResult::Match;
                    pi = b.end;
                }
            } else if (pc == '\\') {
                if (pi + 1 >= p.size()) {
                    return false;
                }
                step = p[pi + 1] == t[ti];
                pi += 2;
            } else {
                step = pc == t[ti];
                ++pi;
            }
        } else if (pi + 1 == p.size() && p[pi] == '\\') {
            return false;
        }
        if (step) {
            ++ti;
            continue;
        }
        if (star_p == std::string_view::npos || star_t >= t.size()) {
            return false;
        }
        ++star_t;
        pi = star_p;
        ti = star_t;
    }
}

}  // namespace hw::match
