// Splits a C source buffer into preprocessing tokens. Comments become whitespace, backslash-
// newline splices are honoured (a token that spans one gets its spelling from the arena),
// and every token records whether it starts a line. Errors (an unterminated comment or
// literal) are reported as diagnostics and lexing goes on.
#pragma once

#include "common/diagnostic.h"
#include "modalias-db/cpp/token.h"

#include <string_view>

namespace hw::cpp {

struct LexResult {
    Tokens tokens;
    Diagnostics diagnostics;
};

// `path` is only used in diagnostics; `file` is stored in every token.
LexResult lex(std::string_view source, uint32_t file, std::string_view path, TokenArena& arena);

}  // namespace hw::cpp
