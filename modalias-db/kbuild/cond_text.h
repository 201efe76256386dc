// Make text whose pieces are present only under a Kconfig condition.
//
// Kbuild files are evaluated once for all configurations, so a value such as obj-y holds words
// that exist only for some symbol states (`obj-$(CONFIG_X) += foo.o` puts foo.o in obj-y when
// X=y). Such a piece is kept inline in the string as a marker:
//
//   \x01 <id as 4-bit digits 0x10..0x1f> \x02 <content> \x03
//
// where <id> indexes a Marker (condition + "own symbol" hint) in a MarkerTable. Plain make
// functions can then work on the string (subst, concatenation) and word functions (patsubst,
// filter, addprefix, ...) use split_words/join_words to carry each word's condition along.
// Control bytes 0x01-0x1f never occur in makefiles, so markers cannot collide with text.
#pragma once

#include "modalias-db/kbuild/dnf.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw::kbuild {

inline constexpr char kMarkOpen = '\x01';
inline constexpr char kMarkBody = '\x02';
inline constexpr char kMarkClose = '\x03';

// One word (or one whole-text alternative) with the condition under which it is present and the
// symbol of the assignment that put it there ("" if none).
struct Word {
    std::string text;
    Dnf cond;
    std::string hint;
    bool sole = false;  // the hint's line added only this word (`obj-$(CONFIG_X) += x.o`)
};

// Keeps the better of two hints for one word: any over none, a sole-word line's over another.
void prefer_hint(Word& kept, const Word& other);

class MarkerTable {
public:
    // `text` present only when `cond`; `hint` names the symbol of the line that added it.
    // A true condition without hint returns `text` unchanged; a false one returns "".
    std::string wrap(const Dnf& cond, std::string_view hint, std::string_view text, bool sole = false);

    // Every text `s` can take, each with its condition; the conditions are mutually exclusive
    // and cover all cases. Equal texts are merged. Returns false (and a single alternative with
    // markers stripped, condition true) when there would be more than `kMaxAlternatives`.
    bool alternatives(std::string_view s, std::vector<Word>& out) const;

    // Whitespace-separated words with their conditions; a word present under several conditions
    // appears once (first position) with the conditions OR'ed. Lists where order and repetition
    // carry meaning (compiler flags: "-I a -I b") pass merge_duplicates=false.
    std::vector<Word> split_words(std::string_view s, bool merge_duplicates = true) const;

    // Inverse of split_words: words separated by single spaces, conditional ones wrapped.
    std::string join_words(const std::vector<Word>& words);

    // `s` without any marker bytes (every conditional piece taken as present).
    static std::string strip(std::string_view s);
    static bool has_markers(std::string_view s) { return s.find(kMarkOpen) != std::string_view::npos; }

    static constexpr size_t kMaxAlternatives = 256;

private:
    struct Marker {
        Dnf cond;
        Dnf negated;
        std::string hint;
        bool sole = false;
    };
    bool alternatives_rec(std::string_view s, std::vector<Word>& out) const;
    std::vector<Marker> m_markers;
    std::unordered_map<std::string, uint32_t> m_ids;
};

// Merges entries with equal text (OR of conditions, first hint kept), keeping first positions.
void merge_words(std::vector<Word>& words);

}  // namespace hw::kbuild
