// Small text helpers of the make evaluator (make_eval.cc and make_functions.cc), in one place.
#pragma once

#include "modalias-db/kbuild/cond_text.h"

#include <string>
#include <string_view>
#include <vector>

namespace hw::kbuild {

// Blanks as make's word splitting sees them.
bool is_space(char c);
std::string_view trim(std::string_view s);

// Splits function arguments at commas outside parentheses; the last of `max` pieces keeps the
// remaining commas (0 = no limit).
std::vector<std::string_view> split_args(std::string_view s, size_t max);

// make's %-patterns: at most one %, matched against the whole word; `stem` gets the % part.
bool match_pattern(std::string_view pattern, std::string_view word, std::string_view& stem);
// The replacement of $(patsubst) with the stem put where its % is.
std::string replace_pattern(std::string_view replacement, std::string_view stem);

// The condition under which a text with conditional alternatives is not empty.
Dnf non_empty(const std::vector<Word>& alts);

}  // namespace hw::kbuild
