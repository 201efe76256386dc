// A problem found in an input file, reported the way a compiler does:
//   drivers/net/foo.c:123:9: error: expected '}' before ';'
// Libraries collect these as values; binaries decide how and whether to print them.
#pragma once

#include <string>
#include <vector>

namespace hw {

enum class Severity { Warning, Error };

struct Diagnostic {
    std::string path;  // relative to the tree root where there is one
    int line = 0;      // 1-based; 0 when the problem is not tied to a line
    int col = 0;       // 1-based; 0 when unknown
    Severity severity = Severity::Error;
    std::string message;

    // "path:line:col: error: message" (line/col left out when 0).
    std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace hw
