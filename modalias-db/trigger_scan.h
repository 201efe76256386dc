// Decides cheaply which C files need the preprocessor: one pass over a file's bytes that finds
// whole identifiers from a set (MODULE_DEVICE_TABLE, MODULE_ALIAS, ... and the header macros
// that expand to them) and the targets of its `#include "..."` lines. Pure: text in, facts out.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hw::index {

class TriggerSet {
public:
    void add(std::string name);
    bool contains(std::string_view ident) const;

private:
    std::vector<std::unique_ptr<std::string>> m_storage;
    std::unordered_set<std::string_view> m_names;
    size_t m_min_len = SIZE_MAX;
    size_t m_max_len = 0;
};

struct TriggerScan {
    bool has_trigger = false;
    std::vector<std::string> quote_includes;  // as written: "foo.h" -> foo.h (owned: the text may go)
};

TriggerScan scan_triggers(std::string_view text, const TriggerSet& triggers);

}  // namespace hw::index
