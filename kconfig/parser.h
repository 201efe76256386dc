// Parses a whole Kconfig tree (top file plus everything it `source`s, paths relative to the
// tree root) into a Model, running the macro preprocessor (preprocess.h) on the way, then
// finalizes the model (model.h). Errors do not stop the parse: each bad statement gives a
// diagnostic "path:line:col: error: …" and parsing goes on with the next line.
#pragma once

#include "common/diagnostic.h"
#include "common/source_tree.h"
#include "kconfig/model.h"
#include "kconfig/preprocess.h"

#include <expected>
#include <functional>
#include <optional>
#include <string_view>

namespace hw::kconfig {

// Returns the contents of a file (path relative to the tree root), or nullopt if it is missing.
using FileReader = std::function<std::optional<std::string_view>(std::string_view path)>;

struct ParseResult {
    Model model;
    Diagnostics diagnostics;            // errors and warnings, in order
    std::vector<std::string> messages;  // $(info,…) / $(warning-if,…) output
    bool ok() const;                    // no diagnostic of severity Error
};

ParseResult parse_kconfig(const FileReader& read, std::string_view top_file, const Environment& env,
                          ShellRunner& shell);

// The tree's own top file ("Kconfig"); srcarch is put into env as SRCARCH when missing there.
// Fails (with all diagnostics) when any error was found.
std::expected<Model, Diagnostics> parse_tree(const hw::SourceTree& tree, std::string_view srcarch,
                                             const Environment& env, ShellRunner& shell);

}  // namespace hw::kconfig
