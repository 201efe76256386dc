#include "kconfig/allnoconfig_walk.h"

#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include "kconfig/test_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace hw::kconfig;

using namespace hw::kconfig::testing;


TEST_CASE("kconfig::allnoconfig_walk: eval fixture") {
    Model m = load_fixture("eval");
    int passes = 0;
    Config c = allnoconfig_walk(m, &passes);
    // Same expectations as the evaluator's allnoconfig test (evaluator_test.cc), derived from
    // kconfig-language.rst: prompted symbols n, the visible choice picks its first visible value
    // (its default MODE_B depends on BUS=n), int/hex/string keep their defaults.
    CHECK(write_dotconfig(m, c) ==
          "#\n"
          "# Automatically generated file; DO NOT EDIT.\n"
          "# Eval test\n"
          "#\n"
          "# CONFIG_MODULES is not set\n"
          "\n"
          "#\n"
          "# Drivers\n"
          "#\n"
          "# CONFIG_BUS is not set\n"
          "# CONFIG_USER is not set\n"
          "# CONFIG_IMPLIER is not set\n"
          "# end of Drivers\n"
          "\n"
          "CONFIG_MODE_A=y\n"
          "CONFIG_NUM=5\n"
          "CONFIG_HEXV=0x1000\n"
          "CONFIG_STR=\"a\\\"b\"\n"
          "# CONFIG_GROUP is not set\n"
          "# CONFIG_SELECTOR is not set\n");
    CHECK(c.get(m.find("MOD_ONLY")) == "n");
    CHECK_FALSE(c.write[m.find("MOD_ONLY")]);
    CHECK(passes >= 2);  // the last pass changes nothing
}

TEST_CASE("kconfig::allnoconfig_walk: agrees with the kernel and the evaluator on every choice fixture") {
    std::filesystem::path root = std::filesystem::path(HW_TEST_DATA) / "kconfig/choices";
    int cases = 0;
    for (const auto& e : std::filesystem::directory_iterator(root)) {
        if (!std::filesystem::exists(e.path() / "allnoconfig.config")) {
            continue;
        }
        std::string dir = "choices/" + e.path().filename().string();
        CAPTURE(dir);
        Model m = load_fixture(dir);
        std::string walked = write_dotconfig(m, allnoconfig_walk(m));
        CHECK(assignments(walked) == assignments(slurp(e.path() / "allnoconfig.config")));
        CHECK(walked == write_dotconfig(m, allnoconfig(m, nullptr)));
        ++cases;
    }
    CHECK(cases >= 8);
}
