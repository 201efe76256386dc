#include "modalias-db/trigger_scan.h"

#include <doctest/doctest.h>

using hw::index::scan_triggers;
using hw::index::TriggerSet;

TEST_CASE("index::scan_triggers: whole identifiers only, and quoted includes") {
    TriggerSet t;
    t.add("MODULE_DEVICE_TABLE");
    t.add("MODULE_ALIAS");
    SUBCASE("found") {
        auto r = scan_triggers("static int x;\nMODULE_DEVICE_TABLE(pci, ids);\n", t);
        CHECK(r.has_trigger);
    }
    SUBCASE("prefix or suffix of a longer identifier does not count") {
        CHECK_FALSE(scan_triggers("MODULE_ALIAS_FS(x) XMODULE_ALIAS 1MODULE_ALIAS", t).has_trigger);
        CHECK(scan_triggers("foo(MODULE_ALIAS(\"x\"))", t).has_trigger);
    }
    SUBCASE("includes") {
        auto r = scan_triggers("#include <linux/pci.h>\n  #  include \"local.h\"\n#include \"../x/y.c\"\n"
                               "x = \"#include \\\"no.h\\\"\";\n#include \"unterminated\n",
                               t);
        CHECK_FALSE(r.has_trigger);
        REQUIRE(r.quote_includes.size() == 2);
        CHECK(r.quote_includes[0] == "local.h");
        CHECK(r.quote_includes[1] == "../x/y.c");
    }
}

TEST_CASE("index::TriggerSet: needles cover every name, without redundancy") {
    TriggerSet t;
    t.add("MODULE_DEVICE_TABLE");
    t.add("__MODULE_INFO");             // contains MODULE_: no needle of its own
    t.add("IRQCHIP_PLATFORM_DRIVER_END");
    t.add("MODULE_ALIAS");
    CHECK(t.needles() == std::vector<std::string>{"MODULE_", "IRQCHIP"});  // MODULE_ALIAS is shortest
    TriggerSet u;
    u.add("XMODULE_A");                 // needle XMODULE
    u.add("MODULE_B");                  // shorter, and XMODULE_A contains its needle: one is enough
    CHECK(u.needles() == std::vector<std::string>{"MODULE_"});
    CHECK(scan_triggers("a XMODULE_A b", u).has_trigger);
    CHECK(scan_triggers("__MODULE_INFO(alias, x)", t).has_trigger);
    CHECK_FALSE(scan_triggers("MODULE_LICENSE(\"GPL\"); IRQCHIP_OTHER", t).has_trigger);
    CHECK(scan_triggers("x\nIRQCHIP_PLATFORM_DRIVER_END(foo)", t).has_trigger);
}
