// The parsed Kconfig tree: symbols with their properties, and the menu tree that holds every
// entry in source order. Built by parse_tree() (parser.h), then finalize_model() propagates the
// dependencies of enclosing menus, ifs and choices into each entry the way scripts/kconfig/menu.c
// (menu_finalize) does:
//
//   * an entry's dependency is its own `depends on` && the enclosing menu/if dependency; inside a
//     choice the enclosing dependency is the choice symbol itself;
//   * each property condition (`prompt … if`, `default … if`, `select … if`, range) gets the
//     entry's dependency added; `m` written in a condition means `m && <modules symbol>`;
//   * `select S if C` in entry E adds `E && dep && C` to S's reverse dependency (select ignores
//     S's own dependencies), `imply` does the same into S's "implied" (weak) expression;
//   * a symbol's direct dependency is the || of the dependencies of all its definitions;
//   * a non-optional choice with a prompt gets `prompt-visibility && m` as reverse dependency
//     (it cannot be switched off while visible).
#pragma once

#include "kconfig/expr.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw::kconfig {

enum class SymType : uint8_t { Unknown, Bool, Tristate, Int, Hex, String };

std::string_view sym_type_name(SymType t);

struct Location {
    uint32_t file = 0;  // index into Model::files (paths relative to the tree root)
    int line = 0;
};

enum class PropKind : uint8_t { Prompt, Default, Select, Imply, Range, Choice };

struct Property {
    PropKind kind = PropKind::Prompt;
    ExprId expr = kNoExpr;   // Default: the value expression
    ExprId cond = kNoExpr;   // the `if` condition; after finalize: full visibility condition
    SymId target = kNoSym;   // Select/Imply: selected symbol; Range: low; Choice: the choice
    SymId target2 = kNoSym;  // Range: high
    uint32_t menu = 0;       // the menu entry (definition) that declared it
    Location loc;
};

struct Symbol {
    std::string name;         // empty for an unnamed choice
    SymType type = SymType::Unknown;
    bool is_const = false;    // y, m, n and quoted strings used in expressions
    bool is_choice = false;
    bool is_choice_value = false;
    bool optional = false;    // choice `optional`
    std::vector<uint32_t> props;  // indices into Model::props, in source order
    std::vector<uint32_t> menus;  // definitions (menu entries)
    ExprId dir_dep = kNoExpr;     // || of all definitions' dependencies (kNoExpr: y)
    ExprId rev_dep = kNoExpr;     // from select
    ExprId implied = kNoExpr;     // from imply
    SymId choice = kNoSym;        // for a choice value: its choice
    std::vector<SymId> choice_values;  // for a choice: its values in order
};

enum class MenuKind : uint8_t { Root, Config, MenuConfig, Choice, Menu, Comment, If };

struct Menu {
    MenuKind kind = MenuKind::Config;
    SymId sym = kNoSym;
    uint32_t parent = 0;
    std::vector<uint32_t> children;
    std::string prompt;               // menu/comment/mainmenu text, or a symbol's prompt here
    bool has_prompt = false;
    int prompt_prop = -1;             // Property index of the prompt (symbols, choices)
    ExprId dep = kNoExpr;             // `depends on` (after finalize: with enclosing deps)
    ExprId visibility = kNoExpr;      // `visible if`
    ExprId prompt_cond = kNoExpr;     // menus/comments: prompt visibility (after finalize)
    std::string help;
    Location loc;
};

struct Model {
    Model();

    std::vector<Symbol> symbols;   // 0,1,2 are n, m, y
    std::vector<Property> props;
    std::vector<Menu> menus;       // 0 is the root (mainmenu)
    ExprArena exprs;
    SymId modules_sym = kSymNo;    // the symbol with `modules` (MODULES), n when none
    std::deque<std::string> files;  // every Kconfig file read, in order

    // Non-constant, non-choice symbol by name.
    SymId find(std::string_view name) const;
    // Lookup or creation as the kernel does it: "y"/"m"/"n" are the constants; constant=true
    // gives the quoted-string constant of that text.
    SymId lookup(std::string_view name, bool constant);
    SymId new_choice(std::string_view name);

    std::unordered_map<std::string, SymId> m_by_name;
    std::unordered_map<std::string, SymId> m_consts;
    std::unordered_map<std::string, SymId> m_choices;
};

// Propagates dependencies as described at the top of this file. Called by parse_tree().
void finalize_model(Model& model);

}  // namespace hw::kconfig
