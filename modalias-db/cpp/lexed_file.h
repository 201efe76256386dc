// A source file lexed once, with its #define directives already parsed, so that every unit that
// includes the file can share the work (a local header such as drivers/hid/hid-ids.h is included
// by over a hundred units; amdgpu's register headers hold tens of thousands of #define's).
//
// The tokens are the lexer's, except that Token::file is 0 in all of them: a unit numbers its
// files itself and stamps its own id on what it takes out. Nothing here changes after lex_file
// returns, so one LexedFile can be read by any number of threads.
#pragma once

#include "common/diagnostic.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/token.h"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hw::cpp {

struct LexedFile {
    // A `#define` line: `at` is the index of its `#` in `tokens`. The definition's name, params and
    // body point into this file's text; a DefineError's token points into `tokens`.
    struct Define {
        uint32_t at = 0;
        uint64_t hash = 0;  // hash_name() of the macro's name (unused for an error)
        std::expected<MacroDef, DefineError> def;
    };

    std::shared_ptr<const std::string> buffer;  // the file's bytes, which most token texts view
    std::unique_ptr<TokenArena> arena;          // the text of tokens that span a line splice
    Tokens tokens;
    hw::Diagnostics diagnostics;                // the lexer's, with the path given to lex_file
    std::vector<Define> defines;                // in file order

    // The parsed `#define` whose `#` is tokens[at], or nullptr.
    const Define* define_at(size_t at) const;
    // Memory held (for a cache's budget), approximately.
    size_t bytes() const;
};

// Whether the token vector is copied to its exact size (for a file kept a while, in a cache) or
// left with the lexer's worst-case capacity (for a file used once: no copy).
enum class Compact : bool { No, Yes };

// Lexes `buffer` (whose path, used in diagnostics, is `path`) and parses every #define line of it,
// whether or not a unit will reach it (parse_define needs no state).
std::shared_ptr<const LexedFile> lex_file(std::shared_ptr<const std::string> buffer, std::string_view path,
                                          Compact compact = Compact::Yes);

}  // namespace hw::cpp
