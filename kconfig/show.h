// `hwneeds kconfig show SYMBOL`: what the Kconfig files say about one symbol, from a Model
// alone (a deserialized one is enough). The text lists, for each definition (a symbol may be
// defined in several places), its file:line, type, prompt, defaults, ranges, selects and
// implies, each with its condition; then the menu path, the direct dependency (|| of all
// definitions' `depends on` with enclosing menus/ifs), what selects or implies it (with
// file:line and condition) and the help text. Conditions are shown as the evaluator uses them:
// with the dependencies inherited from `depends on`, `if` blocks and menus already added.
#pragma once

#include "kconfig/model.h"

#include <expected>
#include <string>
#include <string_view>

namespace hw::kconfig {

// `name` with or without "CONFIG_". Unknown: "unknown symbol 'FOO'", followed by
// "; did you mean A, B or C?" with up to 3 close names (case-insensitive edit distance).
std::expected<std::string, std::string> show_symbol(const Model& model, std::string_view name);

// An expression in Kconfig syntax, parenthesised only where precedence needs it.
std::string expr_to_string(const Model& model, ExprId e);

}  // namespace hw::kconfig
