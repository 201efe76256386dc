// A C preprocessor for one kernel compilation unit, without a kernel configuration.
//
// What it does (C11 6.10 plus the GNU extensions the kernel uses):
//   - Object- and function-like macros, `#`, `##`, variadic macros (`...`/__VA_ARGS__ and named
//     `args...`), GNU `, ## __VA_ARGS__` comma swallowing, rescanning with no re-expansion of a
//     macro inside its own expansion (Token::no_expand), #undef, __FILE__, __LINE__, __COUNTER__.
//   - Macros come from the unit and its local includes first (a local #define or #undef shadows
//     the global one), then from the predefined set (KBUILD_MODNAME, KBUILD_BASENAME, __KERNEL__,
//     __x86_64__, __GNUC__ = 12, ..., and LINUX_VERSION_CODE/KERNEL_VERSION() from the tree's top
//     Makefile: <linux/version.h> is generated), then from GlobalMacros (the kernel's headers,
//     scanned once). Kconfig symbols are conditions, not values; a CONFIG_ name that a header
//     #defines (include/sound/core.h: CONFIG_SND_MAJOR 116) expands like any global macro.
//   - An invocation with the wrong number of arguments is left as written. That is an error for
//     the unit's own macros and a warning for global ones: the global table holds every header's
//     macros, and the unit may not include the header that defines this name.
//   - `#include "x.h"` is searched in the including file's directory, the unit's directory, then
//     options.include_dirs. `#include <x.h>` that names a header of include/ or
//     arch/<arch>/include (uapi and asm-generic included) is not followed: its macros are in
//     GlobalMacros; other <...> includes are searched like "...". A missing include is a warning.
//     Exception: a global header that defines a device-id array (include/linux/input/
//     elan-i2c-ids.h) is preprocessed like a local include, as its table is the unit's.
//   - A global macro is visible to a unit only if its header is reachable from the global headers
//     the unit (or its local includes) has included so far, through the headers' own #include
//     lines, or from the headers the build forces in (-include linux/kconfig.h,
//     linux/compiler_types.h, linux/compiler-version.h); when the best definition of a name is not
//     visible, the next best visible one is used. A unit that includes no global header sees all.
//   - Conditions instead of a configuration: in #if/#ifdef/#elif, `defined(CONFIG_X)` and
//     `#ifdef CONFIG_X` are X=y, `defined(CONFIG_X_MODULE)` X=m, IS_ENABLED(CONFIG_X) X,
//     IS_BUILTIN X=y, IS_MODULE X=m, IS_REACHABLE X=y || (X=m && MODULE), a bare CONFIG_X in a
//     truth context X=y, and MODULE (defined or bare) the MODULE atom. An #if whose value depends
//     on them has all of its branches processed, each under its condition (the #if's, or the
//     negation of the earlier ones and the #elif's); known values (include guards, `#if 0`,
//     version checks) select one branch as usual. A CONFIG value used in arithmetic
//     (`CONFIG_HZ > 100`) cannot be known: the #if is taken as false, with a warning.
//     __has_attribute() and __has_builtin() are true (GCC 12), __has_include() false.
//     #define/#undef in symbolically conditional branches are all applied, in file order (so
//     after `#ifdef CONFIG_X / #define A 1 / #else / #define A 2 / #endif`, A is 2). But
//     definedness is tracked symbolically: a #define under condition C makes `defined(NAME)`,
//     `#ifdef NAME` and `#ifndef NAME` mean (C || what it meant before), an #undef under C
//     (!C && before); so `#ifndef CONFIG_A / #define NO_A / #endif ... #ifdef NO_A` is !A=y.
//   - MODULE_DEVICE_TABLE, __MODULE_INFO and IS_ENABLED/IS_BUILTIN/IS_MODULE/IS_REACHABLE are
//     never expanded: they stay in the output as ordinary tokens followed by their argument
//     list, whose macros are expanded (MODULE_ALIAS("x") becomes __MODULE_INFO(alias, alias, "x")).
//
// Work shared between units: a file that units #include "..." is lexed (and its #define's parsed)
// once and kept in a bounded cache (lexed_file_cache.h), so the next unit of the same directory
// does not lex drivers/hid/hid-ids.h again. Output does not depend on what the cache holds.
//
// Output: the unit's file-scope tokens after expansion. Function bodies are not expanded: a `{`
// right after a `)` at file scope starts one, and the body is replaced by the two tokens `{ }`
// (directives inside it still take effect). Each token carries its position (for tokens made by
// a macro expansion: the invocation's) and the id of the condition it is under.
#pragma once

#include "common/condition.h"
#include "common/diagnostic.h"
#include "common/source_tree.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/token.h"

#include <memory>
#include <string>
#include <vector>

namespace hw::cpp {

struct PreprocessOptions {
    std::string path;                       // tree-relative .c path, e.g. "drivers/usb/storage/usb.c"
    std::string module_name;                // KBUILD_MODNAME, already with '-' -> '_' (defined as "\"name\"")
    std::vector<std::string> include_dirs;  // extra tree-relative -I dirs for "..." includes (from ccflags)
};

struct TranslationUnit {
    Tokens tokens;                          // the expanded file-scope token stream of the unit
    std::vector<std::string> files;         // Token::file -> tree-relative path (0 = the unit itself)
    std::vector<hw::Cond> conds;            // Token::cond -> condition (conds[0] is true)
    hw::Diagnostics diagnostics;
    std::unique_ptr<TokenArena> arena;      // owns pasted/stringised/spliced text
    // The unit's and its local includes' file buffers, in the order the unit first used them (not
    // in the SourceTree's cache). Each one also keeps its LexedFile alive (arena and all): the
    // unit's .c is lexed for the unit alone, its local includes come from the Preprocessor's
    // cache of lexed files, shared with other units. Tokens from global headers point into the
    // SourceTree's cache.
    std::vector<std::shared_ptr<const std::string>> buffers;
};

class LexedFileCache;

class Preprocessor {
public:
    // Local headers lexed for one unit are kept for the next ones in a cache of `cache_budget`
    // bytes (see lexed_file_cache.h).
    static constexpr size_t kDefaultCacheBudget = size_t{64} << 20;

    Preprocessor(const GlobalMacros& globals, const hw::SourceTree& tree,
                 size_t cache_budget = kDefaultCacheBudget);
    ~Preprocessor();

    // Thread-safe: any number of units may be run at once.
    TranslationUnit run(const PreprocessOptions& options) const;

private:
    struct Predefined;
    const GlobalMacros& m_globals;
    const hw::SourceTree& m_tree;
    std::unique_ptr<Predefined> m_predefined;
    std::unique_ptr<LexedFileCache> m_cache;
    friend class UnitRun;
};

}  // namespace hw::cpp
