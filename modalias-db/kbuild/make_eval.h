// A GNU make evaluator for Kbuild files, run once for all configurations.
//
// It reads variable assignments (=, :=, ::=, +=, ?=, define), conditionals (ifeq/ifneq/ifdef/
// ifndef/else/endif), include, and the text functions Kbuild files use; rules and recipes are
// skipped. Nothing is configured: `$(CONFIG_X)` is "y" when X=y, "m" when X=m and "" otherwise,
// and every value carries these alternatives inline (see cond_text.h). So after
//
//   obj-$(CONFIG_FOO) += foo.o
//   ifeq ($(CONFIG_BAR),y)
//   obj-y += bar.o
//   endif
//
// words("obj-y") is [foo.o if FOO=y, bar.o if BAR=y] and words("obj-m") is [foo.o if FOO=m].
// A condition on anything other than CONFIG_ symbols is decided when its value is known; when it
// depends on a variable nobody defined (or $(shell ...)), both branches are taken and a warning
// is recorded.
#pragma once

#include "common/diagnostic.h"
#include "common/source_tree.h"
#include "modalias-db/kbuild/cond_text.h"
#include "modalias-db/kbuild/dnf.h"

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw::kbuild {

// Facts fixed for the whole scan.
struct MakeContext {
    std::string srcarch = "x86";  // $(SRCARCH)
    std::string arch;             // $(ARCH)
    int bits = 64;                // $(BITS)
    // Symbols whose state the architecture fixes (64BIT, X86_64, X86_32 on x86): 'y' or 'n'.
    std::vector<std::pair<std::string, char>> fixed_symbols;
};

// The fixed context for an architecture: ARCH and the word-size symbols.
MakeContext make_context(std::string_view srcarch, int bits);

class MakeEvaluator {
public:
    // `dir` is the tree-relative directory the makefile belongs to ("" for the top): it gives
    // $(src) and $(obj). Diagnostics are appended to `diags`; `ctx` must outlive the evaluator.
    MakeEvaluator(const SourceTree& tree, std::string dir, const MakeContext& ctx, Diagnostics& diags);

    // Defines a simple (:=) variable with plain text.
    void define(std::string_view name, std::string_view value);

    // Reads and evaluates a tree-relative makefile. False if it cannot be read.
    bool eval_file(std::string_view path);
    // Evaluates makefile text; `path` is used in diagnostics.
    void eval_text(std::string_view text, std::string_view path);

    // The expanded value of a variable, split into words with their conditions (duplicates
    // merged unless merge_duplicates is false, as for flag lists).
    std::vector<Word> words(std::string_view var, bool merge_duplicates = true);
    // Whether the variable expands to at least one word under some condition.
    bool has_words(std::string_view var);
    bool is_defined(std::string_view var) const { return m_vars.find(var) != m_vars.end(); }

    // Expands text (as on the right of :=) and returns the texts it can take with their conditions.
    std::vector<Word> expand_alternatives(std::string_view text);

    // Makefiles read so far (each include counts).
    size_t files_read() const { return m_files_read; }

private:
    struct Var {
        std::string value;
        bool recursive = false;
        bool tainted = false;  // computed from something unknown
    };
    struct Location {
        std::string_view path;
        int line = 0;
    };
    struct Frame {
        Dnf outer;           // block condition before the `if`
        Dnf taken;           // OR of the branches seen so far
        Dnf branch;          // current branch
        Dnf unknown_base;    // once a condition was unknown: what every later branch gets
        std::string outer_hint;
        bool unknown = false;
        bool seen_else = false;
        int line = 0;
        int col = 0;
    };

    // Lines and directives.
    void eval_line(std::string_view line, bool starts_with_tab);
    void eval_conditional(std::string_view keyword, std::string_view rest, int col);
    // The condition of an if-directive and whether it depends on unknown values.
    std::pair<Dnf, bool> condition_of(std::string_view keyword, std::string_view rest);
    void eval_include(std::string_view rest, bool optional);
    void eval_assignment(std::string_view name, std::string_view op, std::string_view value);
    void assign(const std::string& name, std::string_view op, std::string_view value, const Dnf& cond,
                std::string_view hint, bool sole);
    void start_define(std::string_view rest);
    void set_block(Dnf cond, std::string hint);
    int column_of(std::string_view part) const;

    // Expansion (make_functions.cc holds the built-in functions).
    std::string expand(std::string_view text);
    void expand_into(std::string_view text, std::string& out);
    void expand_reference(std::string_view ref, std::string& out);
    void expand_variable(std::string_view name, std::string& out);
    void expand_function(std::string_view name, std::string_view args, std::string& out);
    std::string config_value(std::string_view symbol);
    std::string wildcard(std::string_view patterns);
    // The words of an expanded argument, as plain strings (conditions dropped).
    std::vector<std::string> plain_words(std::string_view arg);

    // Diagnostics.
    void warn(const Location& loc, int col, std::string message);
    void error(const Location& loc, int col, std::string message);

    const SourceTree& m_tree;
    std::string m_dir;
    const MakeContext& m_ctx;
    Diagnostics& m_diags;
    MarkerTable m_marks;
    std::map<std::string, Var, std::less<>> m_vars;
    std::vector<std::vector<std::string>> m_call_args;
    std::vector<Frame> m_frames;
    Dnf m_block;               // condition of the lines being read
    std::string m_block_hint;  // symbol of the innermost conditional, for `obj-m += x.o` inside it
    bool m_tainted = false;    // the current expansion used an unknown variable or function
    bool m_in_recipe = false;
    int m_depth = 0;
    int m_include_depth = 0;
    size_t m_files_read = 0;
    // Where we are, for diagnostics.
    std::string_view m_path;
    std::string_view m_line_text;
    int m_lineno = 0;
    // An open `define`.
    bool m_define_active = false;
    int m_define_nesting = 0;
    std::string m_define_name;
    std::string m_define_op;
    std::string m_define_body;
    std::string m_define_file;
    Location m_define_line;
};

// Strips a tristate suffix made of several y/m letters down to one: "obj-ym" -> "obj-y".
// `obj-$(CONFIG_A)$(CONFIG_B)` relies on at most one of A, B being set; a concatenation
// containing y counts as y, otherwise m. Other names are returned unchanged.
std::string normalize_tristate_name(std::string_view name);

}  // namespace hw::kbuild
