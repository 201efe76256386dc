// Choices, the part of Kconfig that independent reimplementations get wrong: our evaluator
// against the kernel's own conf on every fixture in tests/data/kconfig/choices (its README says
// how the expected files were made: by conf, never by hwneeds), in every mode they have.
#include "kconfig/evaluator.h"
#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include "kconfig/test_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hw::kconfig;

using namespace hw::kconfig::testing;


TEST_CASE("kconfig::evaluator: every choice fixture, every mode, as the kernel's conf") {
    const std::filesystem::path root = std::filesystem::path(HW_TEST_DATA) / "kconfig/choices";
    int cases = 0;
    int checks = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        if (!std::filesystem::exists(entry.path() / "Kconfig")) {
            continue;
        }
        const std::string name = entry.path().filename().string();
        CAPTURE(name);
        hw::SourceTree tree(entry.path());
        NoShell shell;
        auto model = parse_tree(tree, "x86", Environment{}, shell);
        REQUIRE(model.has_value());
        ++cases;
        CHECK(assignments(write_dotconfig(*model, allnoconfig(*model, nullptr))) ==
              assignments(slurp(entry.path() / "allnoconfig.config")));
        CHECK(assignments(write_dotconfig(*model, alldefconfig(*model, nullptr))) ==
              assignments(slurp(entry.path() / "alldefconfig.config")));
        checks += 2;
        for (const auto& f : std::filesystem::directory_iterator(entry.path())) {
            const std::string file = f.path().filename().string();
            if (!file.starts_with("olddefconfig-") || !file.ends_with(".input")) {
                continue;
            }
            CAPTURE(file);
            std::filesystem::path expected = f.path();
            expected.replace_extension(".config");
            auto input = read_config_lines(slurp(f.path()));
            CHECK(assignments(write_dotconfig(*model, olddefconfig(*model, input))) ==
                  assignments(slurp(expected)));
            ++checks;
        }
    }
    CHECK(cases == 8);
    CHECK(checks >= 16 + 20);  // 8 x (allnoconfig + alldefconfig) + at least 20 olddefconfig inputs
}
