// modalias -> modules, exactly as kmod resolves a device alias (modprobe -R, udev's kmod builtin):
// every alias pattern p with fnmatch(p, modalias, 0) counts, after both sides have had '-' folded
// to '_' outside [...] (see normalize.h). Like kmod's trie, the literal text before the first
// '*', '?' or '[' is compared byte for byte (a '\' there is an ordinary byte); the rest is
// matched with glob_match (glob.h).
//
// The index (docs/matching.md explains it with figures):
//  - patterns are grouped into buckets by their literal prefix; a hash table maps a prefix to its
//    bucket, and a query probes each distinct prefix length it is long enough for (one
//    incremental hash over the query), so every pattern whose literal prefix the query starts
//    with is found, and no other. Patterns that start with a wildcard have the empty prefix.
//  - a big bucket (many patterns behind one prefix: "acpi" for acpi*:HID:*, "dmi" for dmi*:...,
//    "usb:v" for class-based USB drivers) is split once more: each of its patterns is keyed by its
//    rarest 4-byte substring that must occur in any text it matches (taken from a literal run
//    after the prefix); a query looks up its own 4-byte windows. Patterns without such a run are
//    always tried.
// Only candidates that pass both filters are matched with glob_match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw::match {

class AliasIndex {
public:
    struct Stats {
        size_t patterns = 0;
        size_t buckets = 0;
        size_t prefix_lengths = 0;   // distinct literal-prefix lengths (probes per long query)
        size_t keyed_buckets = 0;    // buckets split by 4-byte keys
        size_t keyed_patterns = 0;   // patterns reached only through a key
        size_t largest_always = 0;   // most patterns tried unconditionally behind one prefix
        size_t bytes = 0;            // memory held by the index
    };

    // Built once from (pattern, module id) pairs as written in modules.alias (not yet folded);
    // immutable afterwards, so queries may run on any number of threads at once.
    static AliasIndex build(std::span<const std::pair<std::string, uint32_t>> patterns);

    // Replaces `out` with every module id that has a matching pattern, each once, ascending.
    // A modalias that libkmod rejects (a stray ']', an unterminated '[') matches nothing.
    void match(std::string_view modalias, std::vector<uint32_t>& out) const;

    size_t size() const { return m_patterns.size(); }
    Stats stats() const;

private:
    struct Pattern {
        uint32_t text_begin = 0;  // in m_text
        uint32_t text_len = 0;
        uint32_t prefix_len = 0;  // literal bytes before the first '*', '?' or '['
        uint32_t module = 0;
    };
    struct Bucket {
        uint32_t prefix_pattern = 0;  // a pattern whose first prefix_len bytes are the prefix
        uint32_t prefix_len = 0;
        uint32_t always_begin = 0;    // range in m_lists of patterns tried on every hit
        uint32_t always_count = 0;
        bool keyed = false;           // has entries in m_key_table
    };
    struct PrefixSlot {
        uint64_t hash = 0;
        uint32_t bucket = UINT32_MAX;  // UINT32_MAX: empty
    };
    struct KeySlot {
        uint64_t key = 0;    // bucket << 32 | 4 bytes
        uint32_t begin = 0;  // range in m_lists
        uint32_t count = 0;  // 0: empty
    };

    const Bucket* find_bucket(uint64_t hash, std::string_view prefix) const;
    const KeySlot* find_key(uint64_t key) const;
    void try_pattern(uint32_t id, std::string_view query, std::vector<uint32_t>& out) const;
    void try_bucket(uint32_t bucket, std::string_view query, std::vector<uint32_t>& out) const;

    std::string m_text;  // folded patterns, back to back
    std::vector<Pattern> m_patterns;
    std::vector<Bucket> m_buckets;
    std::vector<uint32_t> m_lists;           // pattern ids, ranges referenced by buckets and keys
    std::vector<uint32_t> m_prefix_lengths;  // distinct, ascending
    std::vector<PrefixSlot> m_prefix_table;  // open addressing, power-of-two size
    std::vector<KeySlot> m_key_table;        // open addressing, power-of-two size
};

}  // namespace hw::match
