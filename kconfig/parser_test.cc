#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include <map>

using namespace hw::kconfig;

namespace {

class NoShell final : public ShellRunner {
public:
    std::string run(std::string_view) override { return "y"; }
};

ParseResult parse_files(const std::map<std::string, std::string>& files) {
    FileReader reader = [&files](std::string_view p) -> std::optional<std::string_view> {
        auto it = files.find(std::string(p));
        if (it == files.end()) {
            return std::nullopt;
        }
        return std::string_view(it->second);
    };
    Environment env;
    env.vars["SRCARCH"] = "x86";
    NoShell shell;
    return parse_kconfig(reader, "Kconfig", env, shell);
}

std::vector<std::string> formatted(const ParseResult& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
        out.push_back(d.format());
    }
    return out;
}

const Property& prop_of(const Model& m, SymId s, PropKind kind, int nth = 0) {
    for (uint32_t pi : m.symbols[s].props) {
        if (m.props[pi].kind == kind && nth-- == 0) {
            return m.props[pi];
        }
    }
    FAIL("no such property");
    return m.props[0];
}

}  // namespace

TEST_CASE("kconfig::parse: entries and properties") {
    ParseResult r = parse_files({{"Kconfig",
                                  "mainmenu \"Test $(SRCARCH)\"\n"
                                  "config MODULES\n"
                                  "\tbool \"modules\"\n"
                                  "\tmodules\n"
                                  "config A\n"
                                  "\ttristate \"A prompt\" if B\n"
                                  "\tdefault m if C\n"
                                  "\tselect D if !C && (B || E)\n"
                                  "\timply E\n"
                                  "\thelp\n"
                                  "\t  First line.\n"
                                  "\n"
                                  "\t    Indented.\n"
                                  "config N\n"
                                  "\tint\n"
                                  "\trange 1 \\\n"
                                  "\t      10\n"
                                  "\tdefault 4\n"
                                  "config S\n"
                                  "\tdef_bool y\n"
                                  "\tdepends on A = \"m\"\n"
                                  "\tdepends on N >= 3\n"}});
    REQUIRE(r.ok());
    CHECK(r.diagnostics.empty());
    const Model& m = r.model;
    CHECK(m.menus[0].prompt == "Test x86");
    CHECK(m.symbols[m.modules_sym].name == "MODULES");

    SymId a = m.find("A");
    REQUIRE(a != kNoSym);
    CHECK(m.symbols[a].type == SymType::Tristate);
    const Menu& am = m.menus[m.symbols[a].menus.at(0)];
    CHECK(am.prompt == "A prompt");
    CHECK(am.loc.line == 5);
    CHECK(am.help == "First line.\n\n  Indented.\n");
    CHECK(prop_of(m, a, PropKind::Select).target == m.find("D"));
    CHECK(prop_of(m, a, PropKind::Imply).target == m.find("E"));
    // select … if cond: the reverse dependency of D is A && cond.
    const Symbol& d = m.symbols[m.find("D")];
    REQUIRE(d.rev_dep != kNoExpr);
    CHECK(m.exprs.at(d.rev_dep).kind == ExprKind::And);
    CHECK(m.symbols[m.find("E")].implied != kNoExpr);

    SymId n = m.find("N");
    CHECK(m.symbols[n].type == SymType::Int);
    const Property& range = prop_of(m, n, PropKind::Range);
    CHECK(m.symbols[range.target].name == "1");
    CHECK(m.symbols[range.target2].name == "10");

    SymId s = m.find("S");
    CHECK(m.symbols[s].type == SymType::Bool);
    const Expr& dep = m.exprs.at(m.symbols[s].dir_dep);
    CHECK(dep.kind == ExprKind::And);
    const Expr& left = m.exprs.at(static_cast<ExprId>(dep.a));
    CHECK(left.kind == ExprKind::Equal);
    CHECK(m.symbols[static_cast<SymId>(left.b)].is_const);
    CHECK(m.exprs.at(static_cast<ExprId>(dep.b)).kind == ExprKind::GreaterEqual);
}

TEST_CASE("kconfig::parse: blocks, source and menus") {
    ParseResult r = parse_files({{"Kconfig",
                                  "DIR := sub\n"
                                  "menu \"Top\"\n"
                                  "\tvisible if V\n"
                                  "if X\n"
                                  "source \"$(DIR)/Kconfig\"\n"
                                  "endif\n"
                                  "endmenu\n"
                                  "choice\n"
                                  "\tprompt \"Pick\"\n"
                                  "\tdefault C2\n"
                                  "config C1\n"
                                  "\tbool \"one\"\n"
                                  "config C2\n"
                                  "\tbool \"two\"\n"
                                  "endchoice\n"
                                  "comment \"note\"\n"
                                  "\tdepends on X\n"},
                                 {"sub/Kconfig", "menuconfig IN\n\tbool \"inside\"\n"}});
    REQUIRE(r.ok());
    const Model& m = r.model;
    REQUIRE(m.files.size() == 2);
    CHECK(m.files[1] == "sub/Kconfig");
    // root -> menu "Top" -> if X -> menuconfig IN
    const Menu& top = m.menus[m.menus[0].children.at(0)];
    CHECK(top.kind == MenuKind::Menu);
    CHECK(top.prompt == "Top");
    const Menu& ifm = m.menus[top.children.at(0)];
    CHECK(ifm.kind == MenuKind::If);
    const Menu& in = m.menus[ifm.children.at(0)];
    CHECK(in.kind == MenuKind::MenuConfig);
    CHECK(m.files[in.loc.file] == "sub/Kconfig");
    // The prompt of IN is hidden by the menu's `visible if V`, its dependency is X.
    SymId ins = in.sym;
    CHECK(m.exprs.contains_symbol(prop_of(m, ins, PropKind::Prompt).cond, m.find("V")));
    CHECK(m.exprs.contains_symbol(m.symbols[ins].dir_dep, m.find("X")));
    CHECK_FALSE(m.exprs.contains_symbol(m.symbols[ins].dir_dep, m.find("V")));

    const Menu& ch = m.menus[m.menus[0].children.at(1)];
    REQUIRE(ch.kind == MenuKind::Choice);
    const Symbol& cs = m.symbols[ch.sym];
    CHECK(cs.is_choice);
    CHECK(cs.type == SymType::Bool);  // from its first value
    REQUIRE(cs.choice_values.size() == 2);
    CHECK(m.symbols[cs.choice_values[1]].name == "C2");
    CHECK(m.symbols[cs.choice_values[0]].is_choice_value);
    CHECK(m.menus[m.menus[0].children.at(2)].kind == MenuKind::Comment);
}

TEST_CASE("kconfig::parse: errors are reported and parsing goes on") {
    ParseResult r = parse_files({{"Kconfig",
                                  "config A\n"
                                  "\tbool \"a\"\n"
                                  "\tdepends on (B\n"
                                  "bogus\n"
                                  "config B\n"
                                  "\tbool\n"
                                  "\tint\n"
                                  "endmenu\n"
                                  "source \"missing/Kconfig\"\n"
                                  "if A\n"
                                  "config C\n"
                                  "\tbool \"c\" @\n"}});
    CHECK_FALSE(r.ok());
    std::vector<std::string> expected = {
        "Kconfig:3:15: error: expected ')', got end of line",
        "Kconfig:4:1: error: unknown statement \"bogus\"",
        "Kconfig:7:2: warning: ignoring type redefinition of 'B' from 'bool' to 'int'",
        "Kconfig:8:1: error: unexpected 'endmenu' outside any block",
        "Kconfig:9:1: error: can't open file \"missing/Kconfig\"",
        "Kconfig:12:11: warning: ignoring unsupported character '@'",
        "Kconfig:10: error: unterminated 'if' block",
    };
    CHECK(formatted(r) == expected);
    // Everything parseable was kept.
    CHECK(r.model.find("C") != kNoSym);
    CHECK(r.model.symbols[r.model.find("B")].type == SymType::Bool);
}
