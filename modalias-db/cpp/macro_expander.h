// Macro expansion (C11 6.10.3) for the preprocessor: object- and function-like macros, `#`, `##`,
// variadic macros (`...`/__VA_ARGS__, named `args...`), the GNU `, ## __VA_ARGS__` comma,
// __FILE__/__LINE__/__COUNTER__.
//
// The algorithm is GCC's: a stack of expansion contexts, a macro is disabled while its context is
// on the stack, and an identifier met while its macro is disabled is marked Token::no_expand for
// good (C11 6.10.3.4p2). Arguments are fully expanded on their own first (behind a barrier so that
// a function-like name at an argument's end cannot take its `(` from outside), then substituted,
// then the result is rescanned together with the rest of the input.
//
// Tokens a macro body contributes take the position and condition of the invocation (so a table
// entry made by a macro points at the line that wrote it); argument tokens keep their own.
#pragma once

#include "common/diagnostic.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/token.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hw::cpp {

// What the expander needs from the preprocessor around it.
class ExpansionHost {
public:
    virtual ~ExpansionHost() = default;
    // The next token of the unit's files, directives already executed; false at the end.
    virtual bool next_source_token(Token& out) = 0;
    // The definition of `name` in force, or nullptr.
    virtual const MacroDef* lookup(std::string_view name) const = 0;
    // Whether `def` is the unit's own (its misuse is an error) or a global header's (a warning:
    // the unit may not include that header at all).
    virtual bool is_local(const MacroDef& def) const = 0;
    virtual void report(const Token& at, Severity severity, std::string message) = 0;
    virtual const std::string& path_of(uint32_t file) const = 0;
};

// Names the preprocessor leaves alone for the indexer to read: MODULE_DEVICE_TABLE, __MODULE_INFO,
// IS_ENABLED, IS_BUILTIN, IS_MODULE, IS_REACHABLE.
bool is_never_expanded(std::string_view name);

class MacroExpander {
public:
    // Pasted and stringised text is stored in `arena`.
    MacroExpander(ExpansionHost& host, TokenArena& arena);
    ~MacroExpander();
    MacroExpander(const MacroExpander&) = delete;
    MacroExpander& operator=(const MacroExpander&) = delete;

    // The next token after macro expansion; false at the end of the input.
    bool next(Token& out);
    // The next token without expanding it (pending expansion output first, then the source).
    bool next_raw(Token& out);
    // Whether nothing is pending: the next token comes straight from the source.
    bool idle() const { return m_pushback.empty() && m_ctx.empty(); }
    // Makes `t` the next token returned.
    void push_back(const Token& t) { m_pushback.push_back(t); }

    // Fully expands `in` on its own (an argument, an #if or #include line) and appends it to `out`.
    void expand_into(const Tokens& in, Tokens& out);
    Tokens expand(const Tokens& in) {
        Tokens out;
        expand_into(in, out);
        return out;
    }

private:
    struct ArgList;
    struct Context {
        const MacroDef* macro = nullptr;  // nullptr: an argument being expanded, or tokens put back
        Tokens toks;
        size_t pos = 0;
        bool barrier = false;  // the end of an argument: expansion stops there
    };
    enum class ArgsResult { Ok, CountMismatch, Unterminated };

    bool disabled(const MacroDef* m) const;
    void push_context(const MacroDef* m, Tokens toks);
    Token builtin_macro(const Token& t);
    ArgsResult collect_args(const MacroDef& m, const Token& name, ArgList& args, Token& close);
    void put_back_invocation(const Token& open, const ArgList& args, const Token& close);
    Token stringify(const Tokens& arg, const Token& at);
    void paste(Tokens& out, const Token& rhs);
    Tokens substitute(const MacroDef& m, const Token& name, ArgList& args);

    Tokens take_vector();
    void recycle(Tokens&& v);
    std::unique_ptr<ArgList> take_args();
    void recycle_args(std::unique_ptr<ArgList> a);

    ExpansionHost& m_host;
    TokenArena& m_arena;
    std::vector<Context> m_ctx;
    std::vector<Token> m_pushback;
    std::vector<Tokens> m_pool;  // token vectors keep their capacity between expansions
    std::vector<std::unique_ptr<ArgList>> m_arg_pool;
    std::unique_ptr<ArgList> m_no_args;
    uint32_t m_counter = 0;
};

}  // namespace hw::cpp
