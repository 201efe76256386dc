// The resolver's core: from the Kconfig symbols a machine needs, the minimal fragment F of
// .config lines to put on top of a base configuration (tinyconfig by default) such that
//
//   * olddefconfig(base + F) keeps every line of F exactly as written (a fixed point: nixpkgs'
//     generate-config.pl fails with "unused option" when a line's symbol is not written, and with
//     "option not set correctly" when it has another value);
//   * every needed symbol is enabled (m or y);
//   * F is minimal: no line whose value olddefconfig produces anyway from the rest, so removing
//     any single line breaks the fixed point or drops a need.
//
// How a symbol gets enabled (Documentation/kbuild/kconfig-language.rst):
//   * with a prompt: make the prompt's condition (it includes `depends on` and the enclosing
//     menus/ifs) true, then write `S=y|m`; `A || B` picks what is already on, then the cheaper
//     side; `!X` keeps X off (written `X=n` when X is on and visible);
//   * without a prompt: through a `default` whose condition can be met, else through a selector
//     (`select S` in E: E and its condition must be on; select ignores S's own dependencies);
//   * a choice value: its choice must be visible; writing `V=y` selects it;
//   * `m` needs MODULES=y and every dependency at least m; a `=y` selector forces y, and then
//     the line says y (it would fail as m).
#pragma once

#include "kconfig/evaluator.h"
#include "kconfig/model.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <vector>

namespace hw::resolve {

// What a need asks of its symbol: enabled (m or y; a bool is always y, and so is a tristate
// that a `=y` selector or a bool dependency forces), built in (y), or off (n).
enum class Tristate : uint8_t { Module, Builtin, Off };

struct Need {
    std::string symbol;  // without CONFIG_
    Tristate want = Tristate::Module;
    std::string reason;  // why it is needed (a module name, a device); copied into Line::reasons
};

// One line of the fragment: `CONFIG_<symbol>=<value>`, value "y", "m" or "n" (written
// "# CONFIG_X is not set").
struct Line {
    std::string symbol;
    std::string value;
    std::vector<std::string> reasons;  // the needs this line serves, and through what
    // The symbols whose dependencies, defaults or selectors this line was written for (empty
    // for a line that is itself a need): the chain `hwneeds explain` prints.
    std::vector<std::string> required_by;
};

struct Result {
    std::vector<Line> fragment;           // in dependency order: prerequisites first
    std::vector<std::string> unreachable; // "SYMBOL: why" for needs that cannot be met
    size_t evaluations = 0;               // olddefconfig runs it took
    kconfig::Config config;               // olddefconfig(base + fragment), as the last run gave it
};

// A need whose symbol the model lacks, or that cannot be enabled, goes to Result::unreachable
// ("SYM: why") and the rest is resolved without it. Error (as a value): a need with an empty
// symbol name.
struct Options {
    // Minimality: by default, lines are dropped when the what-if evaluation says their symbol
    // gets that value anyway and when nothing the needs depend on mentions them (one evaluation
    // per pass). Exhaustive also tries removing every remaining line (one evaluation per line):
    // then no single line can go, by construction.
    bool exhaustive = false;
    // olddefconfig(base), when the caller has it already (the daemon computes it once): saves
    // the first evaluation. Must be exactly that.
    const kconfig::Config* base_config = nullptr;
    // Everything built in: every line that would say m says y (`--tristate builtin`).
    bool builtin = false;
};

std::expected<Result, std::string> resolve(const kconfig::Model& model,
                                           const std::vector<kconfig::ConfigLine>& base,
                                           const std::vector<Need>& needs, const Options& options = {});

// Checks F on the base with our evaluator. Returns one message per problem, empty when F is a
// fixed point that enables every need:
//   "unknown symbol: X", "unused option: X" (not written by olddefconfig),
//   "option not set correctly: X (wanted 'm', got 'y')", "need not enabled: X".
std::vector<std::string> check_fixed_point(const kconfig::Model& model,
                                           const std::vector<kconfig::ConfigLine>& base,
                                           const std::vector<Line>& fragment,
                                           const std::vector<Need>& needs);

// The same check on an already evaluated olddefconfig(base + fragment).
std::vector<std::string> check_result(const kconfig::Model& model, const kconfig::Config& result,
                                           const std::vector<Line>& fragment,
                                           const std::vector<Need>& needs);

// base + fragment lines, as olddefconfig reads them.
std::vector<kconfig::ConfigLine> apply_fragment(const std::vector<kconfig::ConfigLine>& base,
                                                const std::vector<Line>& fragment);

}  // namespace hw::resolve
