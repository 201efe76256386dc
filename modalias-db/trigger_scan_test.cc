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
