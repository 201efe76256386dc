// Macro definitions, and the table of #define's found in the kernel's global headers.
//
// Following every <linux/...> include of every unit would mean preprocessing hundreds of headers
// per .c file, thousands of times. Instead every header under include/ and arch/<srcarch>/include
// is scanned once (in parallel) for its #define's, and the preprocessor looks global macros up in
// that table when a unit uses a name it did not define itself.
//
// Several definitions of one name are ordered deterministically, best first by (find() gives the
// best, next_candidate() the others):
//   1. unconditional over conditional: a definition under no #if except the include guard, an
//      `#ifndef NAME` around `#define NAME` (a default), `#ifdef __KERNEL__`, `#ifndef __ASSEMBLY__`,
//      and the x86_64 facts `CONFIG_64BIT`/`CONFIG_X86_64` (set) and `CONFIG_X86_32` (unset).
//      Branches that a kernel build never sees (`#if 0`, `#ifndef __KERNEL__`, `#ifdef
//      __ASSEMBLY__`, `#ifdef __cplusplus`, the other side of the x86_64 facts) are not recorded;
//   2. by directory: arch/<srcarch>/include/asm, arch/<srcarch>/include (uapi, ...),
//      include/linux, other include/* (net, sound, media, ...), include/uapi, include/asm-generic;
//   3. by path (byte order), then line: the first wins.
// A header's own `#undef NAME` drops its earlier definitions of NAME (x-macro helpers that a header
// defines and undefines again do not leak). Big-endian byteorder headers are skipped (x86 is
// little-endian).
#pragma once

#include "common/diagnostic.h"
#include "common/source_tree.h"
#include "modalias-db/cpp/token.h"

#include <cstdint>
#include <cstring>
#include <expected>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw::cpp {

struct MacroDef {
    std::string_view name;
    bool function_like = false;
    bool variadic = false;                 // the last parameter takes the rest (`...` or `args...`)
    std::vector<std::string_view> params;  // `...` is recorded as "__VA_ARGS__"
    Tokens body;
    std::vector<int16_t> param_of;         // per body token: index into params, or -1
    uint32_t file = 0;                     // index into the owner's file table (GlobalMacros); 0 for
                                           // a unit's own definitions (lex_file parses them)
    uint32_t line = 0;
};

struct DefineError {
    const Token* at = nullptr;  // the offending token (nullptr: the directive's end)
    std::string message;
};

// Parses the tokens of a #define directive after the word `define` (C11 6.10.3): the name, for a
// function-like macro `(` directly after it and the parameter list, then the body. Errors are
// GCC's: "macro names must be identifiers", "expected parameter name, found \"1\"",
// "missing ')' in macro parameter list", "'#' is not followed by a macro parameter",
// "'##' cannot appear at either end of a macro expansion".
std::expected<MacroDef, DefineError> parse_define(std::span<const Token> rest, uint32_t file, uint32_t line);

// Hash of a macro name (also used to look one name up in several tables). Inline and without a
// variable-length memcpy: the preprocessor hashes every identifier it may expand.
inline uint64_t hash_name(std::string_view name) {
    const char* p = name.data();
    const size_t n = name.size();
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 31;
    }
    uint64_t w = 0;
    if (size_t rest = n - i; rest > 0 && n >= 8) {
        std::memcpy(&w, p + n - 8, 8);  // the last 8 bytes; keep the `rest` new ones
        w >>= (8 - rest) * 8;
    } else {
        for (size_t k = 0; k < rest; ++k) {
            w |= uint64_t{static_cast<unsigned char>(p[k])} << (8 * k);
        }
    }
    h = (h ^ w) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    return h;
}

// Name -> definition, open addressing. A null definition is a valid value (the preprocessor uses
// it for #undef). Lookups are the preprocessor's hottest path, hence no std::unordered_map.
class MacroIndex {
public:
    // Inserts or replaces.
    void set(std::string_view name, const MacroDef* def) { set(name, hash_name(name), def); }
    void set(std::string_view name, uint64_t hash, const MacroDef* def);
    // nullptr when absent; `found` tells an absent name from a null definition.
    const MacroDef* find(std::string_view name, uint64_t hash, bool* found = nullptr) const;
    const MacroDef* find(std::string_view name) const { return find(name, hash_name(name)); }
    size_t size() const { return m_size; }

private:
    struct Entry {
        uint64_t hash = 0;
        std::string_view name;  // empty: unused slot
        const MacroDef* def = nullptr;
    };
    void grow();
    // Both bits of a name are in one word: a lookup costs at most one cache miss in the filter.
    static uint64_t bloom_bits(uint64_t hash) {
        return (uint64_t{1} << ((hash >> 40) & 63)) | (uint64_t{1} << ((hash >> 46) & 63));
    }
    uint64_t& bloom_word(uint64_t hash) { return m_bloom[(hash >> 20) & m_bloom_mask]; }
    bool maybe_contains(uint64_t hash) const {
        uint64_t bits = bloom_bits(hash);
        return (m_bloom[(hash >> 20) & m_bloom_mask] & bits) == bits;
    }
    std::vector<Entry> m_slots;
    // Two bits per name: most identifiers of a unit are not macros, and the filter answers that
    // without touching the (large, cache-cold) slot array.
    std::vector<uint64_t> m_bloom;
    uint64_t m_bloom_mask = 0;  // words - 1
    size_t m_size = 0;
};

class GlobalMacros {
public:
    GlobalMacros();
    ~GlobalMacros();
    GlobalMacros(GlobalMacros&&) noexcept;
    GlobalMacros& operator=(GlobalMacros&&) noexcept;

    // The next best definition of the same name after `def` (in the order described at the top),
    // or nullptr. The preprocessor walks this chain when a unit cannot see the better ones.
    const MacroDef* next_candidate(const MacroDef* def) const {
        auto it = m_next.find(def);
        return it == m_next.end() ? nullptr : it->second;
    }

    // The chosen definition of `name`, or nullptr.
    const MacroDef* find(std::string_view name) const { return m_index.find(name); }
    const MacroDef* find(std::string_view name, uint64_t hash) const { return m_index.find(name, hash); }
    size_t size() const { return m_index.size(); }

    // Calls fn(def) for every chosen definition (the one find() returns), in no set order.
    template <class Fn>
    void for_each(Fn&& fn) const {
        for (const auto& def : m_defs) {
            if (find(def->name) == def.get()) {
                fn(*def);
            }
        }
    }

    // File table for MacroDef::file: tree-relative header paths.
    const std::string& file_path(uint32_t file) const { return m_files[file]; }
    size_t file_count() const { return m_files.size(); }

    // Whether the scan saw this header (tree-relative path), and whether it defines any macro.
    bool has_header(std::string_view path) const;
    bool defines_anything(std::string_view path) const;

    // The header id (file table index) of a tree-relative path, or -1.
    int32_t header_id(std::string_view path) const;

    // The header that `#include <name>` finds, searched like a kernel build's -I list:
    // arch/<srcarch>/include, include, arch/<srcarch>/include/uapi, include/uapi, and for
    // <asm/x.h> the include/asm-generic/x.h that Kbuild's generic-y wraps. -1 when none.
    int32_t resolve_angled(std::string_view name) const;

    // Whether the header defines a device-id array at file scope (`..._device_id name[...] =`):
    // the preprocessor follows such a header like a local one, as its table is the unit's.
    bool defines_device_table(uint32_t header) const { return m_device_table[header] != 0; }

    // Every header reachable from `header` through the headers' own #include lines (itself
    // included), as a bitset over header ids with (file_count() + 63) / 64 words. Computed on first
    // use and kept; thread-safe.
    const std::vector<uint64_t>& reachable(uint32_t header) const;

    // The arch whose include/ directory was scanned ("x86").
    const std::string& srcarch() const { return m_srcarch; }

    // Definitions found in all, including the ones that lost to a better one.
    size_t candidates() const { return m_candidates; }

    // Builds a table from headers given as (path, contents) pairs, in the order given (for tests;
    // build_global_macros sorts paths first). `srcarch` decides the arch directory's rank.
    static GlobalMacros from_sources(const std::vector<std::pair<std::string, std::string_view>>& headers,
                                     std::string_view srcarch, unsigned threads, hw::Diagnostics& diags);

private:
    friend struct GlobalMacrosBuilder;
    std::vector<std::string> m_files;
    std::vector<uint8_t> m_defines;  // per file: defines anything
    std::vector<uint8_t> m_device_table;  // per file: defines a device-id array
    std::vector<std::vector<uint32_t>> m_includes;  // per file: the headers it #includes
    struct ReachCache;
    std::unique_ptr<ReachCache> m_reach;
    std::unordered_map<std::string_view, uint32_t> m_file_index;
    std::vector<std::unique_ptr<MacroDef>> m_defs;  // every candidate
    std::unordered_map<const MacroDef*, const MacroDef*> m_next;
    MacroIndex m_index;
    std::vector<std::unique_ptr<TokenArena>> m_arenas;
    size_t m_candidates = 0;
    std::string m_srcarch;
};

// Lists every .h under include/ and arch/<srcarch>/include of the tree and scans them with
// `threads` threads. Diagnostics: malformed #define's (as warnings; the table goes on without them).
GlobalMacros build_global_macros(const hw::SourceTree& tree, std::string_view srcarch, unsigned threads,
                                 hw::Diagnostics& diags);

}  // namespace hw::cpp
