// The Kconfig macro language (Documentation/kbuild/kconfig-macro-language.rst), applied while
// lexing: `$(name)` / `$(name,arg,…)` in words and quoted strings, and variable assignments
//
//   X := value   simple: expanded once, now
//   X = value    recursive: expanded at each use ($(1), $(2) … are the call's arguments)
//   X += value   appends " value" in X's own flavour (a new X is recursive)
//
// Built-in functions: $(shell,cmd) (stdout, trailing newlines dropped, other newlines become
// spaces), $(info,text), $(warning-if,cond,text), $(error-if,cond,text), $(filename), $(lineno).
// The tree's scripts/Kconfig.include builds success/failure/cc-option/ld-option/as-instr on top
// of $(shell). A name that is neither a variable nor a function is looked up in the
// Environment (ARCH, SRCARCH, CC, LD, srctree, …); unknown names expand to "".
#pragma once

#include "common/diagnostic.h"

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hw::kconfig {

// The variables make exports to scripts/kconfig/conf (and to the shell commands it runs).
struct Environment {
    std::map<std::string, std::string, std::less<>> vars;
};

// Runs `$(shell,…)` commands. Tests inject a fake; RealShellRunner runs them.
class ShellRunner {
public:
    virtual ~ShellRunner() = default;
    // Raw standard output of `/bin/sh -c command` (exit status is ignored, as the kernel does).
    virtual std::string run(std::string_view command) = 0;
};

// Runs /bin/sh -c in `workdir` with the process environment plus `env`, caching results by
// command line (the toolchain probes repeat). Not thread-safe.
class RealShellRunner final : public ShellRunner {
public:
    RealShellRunner(Environment env, std::string workdir);
    std::string run(std::string_view command) override;

    size_t commands_run() const { return m_runs; }
    // Every distinct command run so far with its raw output, in the order first run: what the
    // parse depended on (the indexer stores them; a ReplayShellRunner can answer from them).
    std::vector<std::pair<std::string, std::string>> probes() const;

private:
    Environment m_env;
    std::string m_workdir;
    std::unordered_map<std::string, std::string> m_cache;
    std::vector<std::string> m_order;  // m_cache keys, first run first
    size_t m_runs = 0;
};

enum class Flavor { Recursive, Simple, Append };

class Preprocessor {
public:
    Preprocessor(const Environment& env, ShellRunner& runner) : m_env(env), m_runner(runner) {}

    // Where expansion happens now: $(filename), $(lineno) and diagnostics use it.
    void set_location(std::string_view file, int line) {
        m_file = std::string(file);
        m_line = line;
    }

    void add_variable(std::string_view name, std::string_view value, Flavor flavor);

    // Expands every $(...) in `in`.
    std::string expand_string(std::string_view in);
    // Expands a word: stops at the first character that is not [A-Za-z0-9_-] outside a $(...).
    // `consumed` gets the number of input characters used.
    std::string expand_token(std::string_view in, size_t& consumed);
    // `in` starts just after a '$'; expands one reference. A '$' not followed by '(' is "$".
    std::string expand_dollar(std::string_view in, size_t& consumed);

    Diagnostics& diagnostics() { return m_diags; }
    // $(info,…) lines and $(warning-if,…) messages, in order.
    const std::vector<std::string>& messages() const { return m_messages; }

private:
    struct Variable {
        std::string value;
        Flavor flavor = Flavor::Recursive;
        int exp_count = 0;
    };

    std::string expand(std::string_view in, bool token, size_t& consumed,
                       const std::vector<std::string>& args);
    std::string dollar(std::string_view in, size_t& consumed, const std::vector<std::string>& args);
    std::string eval_clause(std::string_view clause, const std::vector<std::string>& args);
    bool call_function(std::string_view name, const std::vector<std::string>& args,
                       std::string& out);
    std::string shell(std::string_view command);
    void error(std::string message);

    const Environment& m_env;
    ShellRunner& m_runner;
    std::unordered_map<std::string, Variable> m_vars;
    std::string m_file;
    int m_line = 0;
    Diagnostics m_diags;
    std::vector<std::string> m_messages;
};

}  // namespace hw::kconfig
