// The '-' -> '_' folding that kmod applies before matching, on both sides:
//  - depmod folds every alias *pattern* it writes to modules.alias.bin: each '-' outside a
//    bracket expression becomes '_'; a '[' skips to the next ']' unchanged (so "[a-f]" keeps its
//    range); an unmatched bracket only draws a warning from depmod and the text stays as it is.
//  - libkmod folds the *query* (modprobe's argument, a device's modalias) the same way, but is
//    strict: a ']' outside a bracket, or a '[' without its ']', makes the lookup fail, so such a
//    query matches nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hw::match {

// The pattern as depmod stores it.
std::string normalize_pattern(std::string_view pattern);

// The query as libkmod looks it up, written into `out`; false when libkmod would reject it. `out`
// is reused storage: no allocation once it is large enough.
bool normalize_query(std::string_view query, std::string& out);

}  // namespace hw::match
