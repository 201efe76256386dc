// Enum constants of the kernel's own headers (include/, arch/<arch>/include).
//
// The preprocessor does not copy <linux/...> headers into a unit (their macros come from
// cpp::GlobalMacros), so enumerators such as HDA_DEV_LEGACY (hdaudio api_version), DMI_SYS_VENDOR
// (dmi slots) or SSAM_SSH_TC_BAT (ssam categories) are unknown inside the unit. This table gives
// their values: every enum in those headers, all #if branches read (the first definition of a
// name wins), values evaluated with hw::cpp::eval_const, object-like macros of GlobalMacros
// expanded where a value uses them. Function-like macros in a value (BIT(3)) are not expanded;
// such constants, and implicit ones after them, are left out.
#pragma once

#include "common/source_tree.h"
#include "modalias-db/cpp/macro_table.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hw::devtable {

class GlobalEnums {
public:
    // Reads the headers `macros` was built from (cached by `tree`). Thread-safe to query.
    static GlobalEnums build(const hw::SourceTree& tree, const cpp::GlobalMacros& macros, unsigned threads);

    // From (path, contents) pairs, in that order (tests). `macros` may be null.
    static GlobalEnums from_sources(const std::vector<std::pair<std::string, std::string_view>>& headers,
                                    const cpp::GlobalMacros* macros, unsigned threads = 1);

    std::optional<int64_t> find(std::string_view name) const;
    size_t size() const { return m_values.size(); }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int64_t, Hash, std::equal_to<>> m_values;
};

}  // namespace hw::devtable
