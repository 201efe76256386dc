#include "modalias-db/devtable/extract.h"

#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/preprocessor.h"
#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>

using namespace hw::devtable;
using hw::Cond;
using hw::devtable::testing::fixture_layouts;
using hw::devtable::testing::LexedUnit;
using hw::devtable::testing::messages;
using hw::devtable::testing::patterns;
using V = std::vector<std::string>;

namespace {

std::string where(const Alias& a) { return a.path + ":" + std::to_string(a.line) + " [" + a.cond.to_string() + "]"; }

}  // namespace

TEST_CASE("devtable::extract: enum constants of the unit") {
    LexedUnit u(R"(enum { VID = 0x8086, DID_A = 0x10, DID_B, DID_C = DID_B + 2, };
enum board { B0, B1, B2 } ;
static const struct pci_device_id t[] = {
    { .vendor = VID, .device = DID_B, .subvendor = ~0, .subdevice = ~0 },
    { .vendor = VID, .device = DID_C, .subvendor = ~0, .subdevice = ~0, .driver_data = B2 },
    { .vendor = VID, .device = (B2 << 8) | DID_A, .subvendor = ~0, .subdevice = ~0 },
    {}
};
MODULE_DEVICE_TABLE(pci, t);)");
    auto e = extract(u.view(), fixture_layouts());
    CHECK(e.diagnostics.empty());
    CHECK(patterns(e) == V{"pci:v00008086d00000011sv*sd*bc*sc*i*", "pci:v00008086d00000013sv*sd*bc*sc*i*",
                           "pci:v00008086d00000210sv*sd*bc*sc*i*"});
}

TEST_CASE("devtable::extract: GCC builtins in ID macros") {
    // PHY_ID_MATCH_MODEL(0x00225610) with GENMASK's BUILD_BUG_ON_ZERO, and SSAM_SDEV's
    // __builtin_choose_expr, as the preprocessor expands them. (GENMASK(31, 4) checks 4 > 31:
    // a true check would be a negative bit-field width, which does not compile.)
    LexedUnit u(R"(struct mdio_device_id m[] = {
    { .phy_id = (0x00225610), .phy_id_mask = (((int)(sizeof(struct { int:(-!!(__builtin_constant_p((4) > (31)) && ((4) > (31)))); }))) + (((~(0UL)) - ((1UL) << (4)) + 1) & (~(0UL) >> (64 - 1 - (31))))) },
    { } };
MODULE_DEVICE_TABLE(mdio, m);
struct ssam_device_id s[] = {
    { .match_flags = 0x1 | 0x2 | 0x4, .domain = 0x01, .category = 0x02,
      .target = __builtin_choose_expr((0x01) != 0xff, (0x01), 0), .instance = __builtin_choose_expr((0xffff) != 0xffff, (0xffff), 0),
      .function = 0 },
    { } };
MODULE_DEVICE_TABLE(ssam, s);)");
    auto e = extract(u.view(), fixture_layouts());
    CHECK(messages(e).empty());
    CHECK(patterns(e) == V{"mdio:0000000000100010010101100001????", "ssam:d01c02t01i00f00"});
}

TEST_CASE("devtable::extract: conditions and positions") {
    LexedUnit u(R"(static const struct i2c_device_id t[] = {
    { "always", 0 },
    { "extra", 0 },
    { }
};
MODULE_DEVICE_TABLE(i2c, t);
__MODULE_INFO(alias, alias_userspace, "i2c:" "manual");)");
    u.set_cond(1, 5, Cond::enabled("TABLE"));  // the whole definition
    u.set_cond(3, 3, hw::and_(Cond::enabled("TABLE"), Cond::builtin("EXTRA")));
    u.set_cond(6, 6, Cond::in_module());
    u.set_cond(7, 7, Cond::module("ALIAS"));
    auto e = extract(u.view(), fixture_layouts());
    REQUIRE(e.aliases.size() == 3);
    CHECK(e.aliases[0].pattern == "i2c:always");
    CHECK(e.aliases[0].type == "i2c");
    CHECK(where(e.aliases[0]) == "drivers/x.c:2 [TABLE && MODULE]");
    CHECK(e.aliases[1].pattern == "i2c:extra");
    CHECK(where(e.aliases[1]) == "drivers/x.c:3 [TABLE && EXTRA=y && MODULE]");
    CHECK(e.aliases[2].pattern == "i2c:manual");
    CHECK(e.aliases[2].type == "alias");
    CHECK(where(e.aliases[2]) == "drivers/x.c:7 [ALIAS=m]");
}

TEST_CASE("devtable::extract: module info") {
    LexedUnit u(R"(__MODULE_INFO(alias, alias_userspace, "fs-" "ext4");
__MODULE_INFO(firmware, firmware, "intel/" "fw.bin");
__MODULE_INFO(softdep, softdep, "pre: crc32c");
__MODULE_INFO(license, license, "GPL");
__MODULE_INFO(alias, alias_userspace, "char-major-" NOT_EXPANDED);)");
    auto e = extract(u.view(), fixture_layouts());
    CHECK(patterns(e) == V{"fs-ext4"});
    REQUIRE(e.modinfo.size() == 2);
    CHECK(e.modinfo[0].tag == "firmware");
    CHECK(e.modinfo[0].value == "intel/fw.bin");
    CHECK(e.modinfo[0].line == 2);
    CHECK(e.modinfo[1].tag == "softdep");
    CHECK(e.modinfo[1].value == "pre: crc32c");
    CHECK(messages(e) ==
          V{"drivers/x.c:5:53: warning: MODULE_INFO(alias, ...) is not a string literal: 'NOT_EXPANDED'"});
}

TEST_CASE("devtable::extract: problems are diagnostics and the rest goes on") {
    LexedUnit u(R"(static const struct pci_device_id t[] = {
    { .vendor = UNKNOWN_THING, .device = 1 },
    { .vendor = 2, .device = 3, .driver_data = (kernel_ulong_t)&board_info },
    { }
};
MODULE_DEVICE_TABLE(pci, t);
MODULE_DEVICE_TABLE(pci, nope);
static const struct pci_device_id bad[] = { { .nosuch = 1 }, { } };
MODULE_DEVICE_TABLE(pci, bad);
static const struct i2c_device_id wrong[] = { { "x" }, { } };
MODULE_DEVICE_TABLE(spi, wrong);
MODULE_DEVICE_TABLE(greybus, whatever);)");
    auto e = extract(u.view(), fixture_layouts());
    CHECK(patterns(e) == V{"pci:v00000002d00000003sv00000000sd00000000bc*sc*i*"});
    CHECK(messages(e) ==
          V{"drivers/x.c:2:5: error: cannot evaluate 'vendor': 'UNKNOWN_THING' is not a constant in 't' entry 0; "
            "entry skipped",
            "drivers/x.c:7:1: warning: MODULE_DEVICE_TABLE(pci, nope) names a table this unit does not define",
            "drivers/x.c:8:48: error: no member named 'nosuch' in 'struct pci_device_id' (table 'bad')",
            "drivers/x.c:10:14: warning: 'wrong' is an array of struct i2c_device_id, not struct spi_device_id as "
            "MODULE_DEVICE_TABLE(spi, ...) needs"});
}

TEST_CASE("devtable::extract: through the preprocessor (fixture tree)") {
    const std::string root = std::string(HW_TEST_DATA) + "/devtable/tree";
    hw::SourceTree tree(root);
    std::vector<std::pair<std::string, std::string_view>> headers;
    for (const char* h : {"include/linux/module.h", "include/linux/pci.h", "include/linux/mod_devicetable.h"}) {
        auto text = tree.read(h);
        REQUIRE(text.has_value());
        headers.emplace_back(h, *text);
    }
    hw::Diagnostics diags;
    auto globals = hw::cpp::GlobalMacros::from_sources(headers, "x86", 1, diags);
    hw::cpp::Preprocessor pp(globals, tree);
    hw::cpp::PreprocessOptions options;
    options.path = "drivers/foo/foo.c";
    options.module_name = "foo";
    auto tu = pp.run(options);
    auto e = extract(tu, fixture_layouts());

    std::vector<std::string> got;
    for (const Alias& a : e.aliases) {
        got.push_back(a.pattern + " " + a.type + " " + where(a));
    }
    CHECK(got == V{
                     "pci:v00001F00d00000101sv*sd*bc*sc*i* pci drivers/foo/foo.c:10 [1]",
                     "pci:v00001F00d00000200sv*sd*bc*sc*i* pci drivers/foo/foo.c:11 [1]",
                     "pci:v00001234d00005678sv*sd*bc*sc*i* pci drivers/foo/foo.c:13 [FOO_EXTRA]",
                     "pci:v*d*sv*sd*bc0Csc03i30* pci drivers/foo/foo.c:15 [1]",
                     "pci:v00001234d00000010sv*sd*bc*sc*i* pci drivers/foo/foo_ids.h:2 [FOO_LEGACY=y]",
                     "pci:v00001234d00000006sv*sd*bc*sc*i* pci drivers/foo/foo_ids.h:3 [FOO_LEGACY=y]",
                     "foo-foo alias drivers/foo/foo.c:30 [1]",
                     "fs-foofs alias drivers/foo/foo.c:31 [1]",
                 });
    REQUIRE(e.modinfo.size() == 2);
    CHECK(e.modinfo[0].value == "foo/fw-1.bin");
    CHECK(e.modinfo[1].value == "pre: crc32c");
    CHECK(messages(e) ==
          V{"drivers/foo/foo.c:29:1: warning: MODULE_DEVICE_TABLE(pci, foo_missing_ids) names a table this unit "
            "does not define"});
}
