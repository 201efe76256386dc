// Reads alias lines in the modules.alias format ("alias PATTERN MODULE", as depmod and
// `hwneeds aliases` write them) into what AliasIndex::build takes, interning module names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw::match {

struct AliasTable {
    std::vector<std::pair<std::string, uint32_t>> patterns;  // (pattern, index into modules)
    std::vector<std::string> modules;                        // in order of first appearance
};

// Lines that are empty, start with '#' or do not have the form "alias PATTERN MODULE" (exactly
// three fields) are skipped. Module names are taken as written (depmod writes them with '_').
AliasTable parse_alias_lines(std::string_view text);

}  // namespace hw::match
