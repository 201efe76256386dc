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
    // Substrings to search for: every name contains at least one (a name that contains an
    // earlier needle, like __MODULE_INFO and MODULE_, adds none of its own).
    const std::vector<std::string>& needles() const { return m_needles; }

private:
    // Cheap filters before the hash lookup: most identifiers fail on length or first 4 bytes.
    static uint32_t prefix_of(std::string_view ident);
    std::vector<uint32_t> m_prefixes;  // first 4 bytes (zero-padded) of every name
    uint64_t m_lengths = 0;            // bit n: some name has length n (names of 64+ chars: bit 63)
    std::vector<std::string> m_needles;
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
