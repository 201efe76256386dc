// Helpers shared by the devtable tests (not part of the library).
#pragma once

#include "common/source_tree.h"
#include "modalias-db/cpp/lexer.h"
#include "modalias-db/devtable/extract.h"
#include "modalias-db/devtable/layout.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

// Lets doctest print both sides of a failed comparison of string lists.
namespace doctest {
template <>
struct StringMaker<std::vector<std::string>> {
    static String convert(const std::vector<std::string>& v) {
        std::string out = "{";
        for (const auto& s : v) {
            out += "\n  \"" + s + "\"";
        }
        out += "}";
        return String(out.c_str());
    }
};
}  // namespace doctest

namespace hw::devtable::testing {

inline std::string fixture(const std::string& rel) {
    auto text = hw::read_file(std::string(HW_TEST_DATA) + "/devtable/" + rel);
    return text ? *text : std::string();
}

// Layouts of the fixture header tests/data/devtable/tree/include/linux/mod_devicetable.h.
inline const Layouts& fixture_layouts() {
    static const Layouts layouts = Layouts::parse(fixture("tree/include/linux/mod_devicetable.h"), "mod_devicetable.h");
    return layouts;
}

// A unit made by lexing already-expanded text as "drivers/x.c". Conditions: lines listed in
// `cond_lines` get the condition with the same index in `conds` (1-based ids; 0 is true).
struct LexedUnit {
    std::string text;
    cpp::TokenArena arena;
    cpp::Tokens tokens;
    std::vector<std::string> files{"drivers/x.c"};
    std::vector<Cond> conds{Cond()};

    explicit LexedUnit(std::string source) : text(std::move(source)) {
        tokens = cpp::lex(text, 0, files[0], arena).tokens;
    }
    // Puts every token of lines [from, to] under `cond`.
    void set_cond(uint32_t from, uint32_t to, const Cond& cond) {
        conds.push_back(cond);
        for (auto& t : tokens) {
            if (t.line >= from && t.line <= to) {
                t.cond = static_cast<uint32_t>(conds.size() - 1);
            }
        }
    }
    UnitView view() const { return UnitView{tokens, files, conds}; }
};

inline std::vector<std::string> patterns(const Extracted& e) {
    std::vector<std::string> out;
    for (const auto& a : e.aliases) {
        out.push_back(a.pattern);
    }
    return out;
}

inline std::vector<std::string> messages(const Extracted& e) {
    std::vector<std::string> out;
    for (const auto& d : e.diagnostics) {
        out.push_back(d.format());
    }
    return out;
}

// Aliases of a unit given as text, with the fixture layouts.
inline std::vector<std::string> aliases_of(const std::string& text) {
    LexedUnit u(text);
    return patterns(extract(u.view(), fixture_layouts()));
}

}  // namespace hw::devtable::testing
