#include "modalias-db/kbuild/cond_text.h"

namespace hw::kbuild {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct MarkerSpan {
    uint32_t id = 0;
    std::string_view content;
    size_t end = 0;  // index just past the closing byte
};

// s[pos] is kMarkOpen. Unbalanced input (which only a bug could produce) ends at the string end.
MarkerSpan parse_marker(std::string_view s, size_t pos) {
    MarkerSpan m;
    size_t i = pos + 1;
    while (i < s.size() && s[i] != kMarkBody) {
        m.id = (m.id << 4) | static_cast<uint32_t>(s[i] - 0x10);
        ++i;
    }
    size_t body = i + 1;
    int depth = 1;
    size_t j = body;
    for (; j < s.size(); ++j) {
        if (s[j] == kMarkOpen) {
            ++depth;
        } else if (s[j] == kMarkClose && --depth == 0) {
            break;
        }
    }
    m.content = s.substr(std::min(body, s.size()), j - std::min(body, s.size()));
    m.end = std::min(j + 1, s.size());
    return m;
}

void split_plain(std::string_view s, const Dnf& cond, const std::string& hint, bool sole,
                 std::vector<Word>& out) {
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) {
            ++i;
        }
        size_t start = i;
        while (i < s.size() && !is_space(s[i])) {
            ++i;
        }
        if (i > start) {
            out.push_back(Word{std::string(s.substr(start, i - start)), cond, hint, sole});
        }
    }
}

}  // namespace

void prefer_hint(Word& kept, const Word& other) {
    if (other.hint.empty()) {
        return;
    }
    if (kept.hint.empty() || (other.sole && !kept.sole)) {
        kept.hint = other.hint;
        kept.sole = other.sole;
    }
}

void merge_words(std::vector<Word>& words) {
    if (words.size() < 2) {
        return;
    }
    std::unordered_map<std::string, size_t> first;
    std::vector<Word> out;
    out.reserve(words.size());
    for (Word& w : words) {
        auto [it, inserted] = first.try_emplace(w.text, out.size());
        if (inserted) {
            out.push_back(std::move(w));
            continue;
        }
        Word& kept = out[it->second];
        kept.cond = kept.cond || w.cond;
        prefer_hint(kept, w);
    }
    words = std::move(out);
}

std::string MarkerTable::wrap(const Dnf& cond, std::string_view hint, std::string_view text, bool sole) {
    if (cond.is_false() || text.empty()) {
        return {};
    }
    if (cond.is_true() && hint.empty()) {
        return std::string(text);
    }
    std::string key = cond.key();
    key += '\0';
    key += hint;
    key += sole ? "\1" : "";
    auto [it, inserted] = m_ids.try_emplace(std::move(key), static_cast<uint32_t>(m_markers.size()));
    if (inserted) {
        m_markers.push_back(Marker{cond, !cond, std::string(hint), sole && !hint.empty()});
    }
    std::string out;
    out.reserve(text.size() + 8);
    out += kMarkOpen;
    uint32_t id = it->second;
    char digits[8];
    int n = 0;
    do {
        digits[n++] = static_cast<char>(0x10 + (id & 0xF));
        id >>= 4;
    } while (id != 0);
    while (n > 0) {
        out += digits[--n];
    }
    out += kMarkBody;
    out += text;
    out += kMarkClose;
    return out;
}

bool MarkerTable::alternatives_rec(std::string_view s, std::vector<Word>& out) const {
    out.assign(1, Word{"", Dnf::truth(), ""});
    size_t i = 0;
    while (i < s.size()) {
        size_t next = s.find(kMarkOpen, i);
        if (next == std::string_view::npos) {
            next = s.size();
        }
        if (next > i) {
            for (Word& alt : out) {
                alt.text.append(s.substr(i, next - i));
            }
            i = next;
            continue;
        }
        MarkerSpan span = parse_marker(s, i);
        i = span.end;
        if (span.id >= m_markers.size()) {
            continue;
        }
        const Marker& m = m_markers[span.id];
        std::vector<Word> inner;
        if (!alternatives_rec(span.content, inner)) {
            return false;
        }
        std::vector<Word> next_alts;
        for (const Word& alt : out) {
            Dnf present = alt.cond && m.cond;
            for (const Word& in : present.is_false() ? std::vector<Word>() : inner) {
                Dnf both = present && in.cond;
                if (both.is_false()) {
                    continue;
                }
                // The outermost hint wins: it is the line that put the text into this variable.
                Word w{alt.text + in.text, std::move(both), alt.hint, alt.sole};
                if (w.hint.empty()) {
                    w.hint = !m.hint.empty() ? m.hint : in.hint;
                    w.sole = !m.hint.empty() ? m.sole : in.sole;
                }
                next_alts.push_back(std::move(w));
            }
            Dnf absent = alt.cond && m.negated;
            if (!absent.is_false()) {
                next_alts.push_back(Word{alt.text, absent, alt.hint, alt.sole});
            }
        }
        merge_words(next_alts);
        if (next_alts.size() > kMaxAlternatives) {
            return false;
        }
        out = std::move(next_alts);
    }
    return true;
}

bool MarkerTable::alternatives(std::string_view s, std::vector<Word>& out) const {
    if (!has_markers(s)) {
        out.assign(1, Word{std::string(s), Dnf::truth(), ""});
        return true;
    }
    if (!alternatives_rec(s, out)) {
        out.assign(1, Word{strip(s), Dnf::truth(), ""});
        return false;
    }
    return true;
}

std::vector<Word> MarkerTable::split_words(std::string_view s, bool merge_duplicates) const {
    std::vector<Word> out;
    if (!has_markers(s)) {
        split_plain(s, Dnf::truth(), std::string(), false, out);
        if (merge_duplicates) {
            merge_words(out);
        }
        return out;
    }
    // Groups: maximal runs without whitespace outside markers; each group is resolved on its own
    // so long conditional lists stay linear.
    size_t i = 0;
    std::vector<Word> alts;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) {
            ++i;
        }
        size_t start = i;
        bool marked = false;
        while (i < s.size() && !is_space(s[i])) {
            if (s[i] == kMarkOpen) {
                i = parse_marker(s, i).end;
                marked = true;
            } else {
                ++i;
            }
        }
        std::string_view group = s.substr(start, i - start);
        if (group.empty()) {
            continue;
        }
        if (!marked) {
            out.push_back(Word{std::string(group), Dnf::truth(), ""});
            continue;
        }
        alternatives(group, alts);
        for (const Word& alt : alts) {
            split_plain(alt.text, alt.cond, alt.hint, alt.sole, out);
        }
    }
    if (merge_duplicates) {
        merge_words(out);
    }
    return out;
}

std::string MarkerTable::join_words(const std::vector<Word>& words) {
    std::string out;
    for (const Word& w : words) {
        std::string piece = wrap(w.cond, w.hint, w.text, w.sole);
        if (piece.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += piece;
    }
    return out;
}

std::string MarkerTable::strip(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == kMarkOpen) {
            ++i;
            while (i < s.size() && s[i] != kMarkBody) {
                ++i;
            }
            ++i;
            continue;
        }
        if (c != kMarkClose) {
            out += c;
        }
        ++i;
    }
    return out;
}

}  // namespace hw::kbuild
