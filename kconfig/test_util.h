// Helpers of the tests that need a Kconfig model: fixture trees under tests/data/, parsed without a
// toolchain (kconfig/, resolve/, needs/ tests).
#pragma once

#include "kconfig/evaluator.h"
#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace hw::kconfig::testing {

// Answers every $(shell,...) with nothing: fixtures do not probe a toolchain.
class NoShell final : public ShellRunner {
public:
    std::string run(std::string_view) override { return {}; }
};

// The model of tests/data/<path>/Kconfig (x86): a small tree of any test kind.
inline Model load_tree(const std::string& path) {
    hw::SourceTree tree(std::string(HW_TEST_DATA) + "/" + path);
    NoShell shell;
    auto m = parse_tree(tree, "x86", Environment{}, shell);
    REQUIRE(m.has_value());
    return std::move(*m);
}

// The model of tests/data/kconfig/<dir>/Kconfig (x86).
inline Model load_fixture(const std::string& dir) { return load_tree("kconfig/" + dir); }

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// The assignments of a .config in written order; headings and menu comments do not count.
inline std::string assignments(std::string_view text) {
    std::string out;
    for (const ConfigLine& l : read_config_lines(text)) {
        out += l.symbol + "=" + l.value + "\n";
    }
    return out;
}

}  // namespace hw::kconfig::testing
