#include "modalias-db/devtable/global_enums.h"

#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>

using namespace hw::devtable;
using hw::devtable::testing::LexedUnit;

TEST_CASE("devtable::GlobalEnums: enumerators of the kernel's headers") {
    const std::string hda = "enum hda_dev_type { HDA_DEV_CORE, HDA_DEV_LEGACY, HDA_DEV_ASOC, };\n"
                            "#ifdef CONFIG_X\n"
                            "enum {\n  A = 5,\n#if defined(CONFIG_Y)\n  B,\n#endif\n  C = OTHER + 1,\n  D\n};\n"
                            "#endif\n";
    const std::string other = "#define SOME_MACRO (2 + 2)\n#define BIT(n) (1UL << (n))\n"
                              "enum { OTHER = 10 };\n"
                              "enum { MACRO_BASED = SOME_MACRO << 1, FN = BIT(3), AFTER_FN, HDA_DEV_CORE = 7 };\n"
                              "struct s { int x; }; int f(void);\n";
    hw::Diagnostics diags;
    auto macros = hw::cpp::GlobalMacros::from_sources({{"include/a.h", hda}, {"include/b.h", other}}, "x86", 1, diags);
    auto enums = GlobalEnums::from_sources({{"include/a.h", hda}, {"include/b.h", other}}, &macros);
    CHECK(enums.find("HDA_DEV_LEGACY") == 1);
    CHECK(enums.find("HDA_DEV_ASOC") == 2);
    CHECK(enums.find("HDA_DEV_CORE") == 0);  // the first definition wins
    CHECK(enums.find("A") == 5);
    CHECK(enums.find("B") == 6);             // directives inside the body are skipped, all branches read
    CHECK(enums.find("C") == 11);            // from another header's constant
    CHECK(enums.find("D") == 12);
    CHECK(enums.find("OTHER") == 10);
    CHECK(enums.find("MACRO_BASED") == 8);   // object-like macros are expanded
    CHECK_FALSE(enums.find("FN").has_value());        // function-like ones are not
    CHECK_FALSE(enums.find("AFTER_FN").has_value());
    CHECK_FALSE(enums.find("SOME_MACRO").has_value());
    CHECK_FALSE(enums.find("x").has_value());

    SUBCASE("extraction uses them after the unit's own enums") {
        LexedUnit u(R"(enum { HDA_DEV_ASOC = 9 };
struct hda_device_id t[] = {
    { .vendor_id = 0x10ec0269, .rev_id = 0, .name = "ALC269", .api_version = HDA_DEV_LEGACY, .driver_data = (unsigned long)(patch_alc269) },
    { .vendor_id = 0x8086280b, .api_version = HDA_DEV_ASOC },
    {} };
MODULE_DEVICE_TABLE(hdaudio, t);)");
        auto with = extract(u.view(), hw::devtable::testing::fixture_layouts(), &enums);
        CHECK(with.diagnostics.empty());
        CHECK(hw::devtable::testing::patterns(with) == std::vector<std::string>{"hdaudio:v10EC0269r*a01*", "hdaudio:v8086280Br*a09*"});
        auto without = extract(u.view(), hw::devtable::testing::fixture_layouts());
        CHECK(hw::devtable::testing::patterns(without) == std::vector<std::string>{"hdaudio:v8086280Br*a09*"});
        CHECK(hw::devtable::testing::messages(without) ==
              std::vector<std::string>{"drivers/x.c:3:5: error: cannot evaluate 'api_version': 'HDA_DEV_LEGACY' is not a "
                                       "constant in 't' entry 0; entry skipped"});
    }
}
