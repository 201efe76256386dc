#include "modalias-db/devtable/scan.h"

#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>

using namespace hw::devtable;
using hw::devtable::testing::LexedUnit;

namespace {

std::string text(const LexedUnit& u, TokenRange r) {
    std::string out;
    for (uint32_t i = r.begin; i < r.end; ++i) {
        out += (out.empty() ? "" : " ") + std::string(u.tokens[i].text);
    }
    return out;
}

}  // namespace

TEST_CASE("devtable::scan: array definitions in their spellings") {
    LexedUnit u(R"(static const struct pci_device_id a[] = { { 1 }, { } };
struct usb_device_id const b[N + 1] __attribute__((__section__(".init.rodata"))) = { };
static struct of_device_id __maybe_unused c[] __initconst = { };
extern const struct pci_device_id d[];
static const struct pci_device_id *e[] = { };
struct pci_driver drv = { .id_table = a };
struct foo { int x; } f[] = { { 1 } };
struct s { union {
struct s2 { union {
} x; };
static const struct i2c_device_id g[] = { { "a" }, { } };)");
    auto d = scan(u.tokens);
    REQUIRE(d.arrays.size() == 4);
    CHECK(d.arrays[0].type == "pci_device_id");
    CHECK(d.arrays[0].name == "a");
    CHECK(d.arrays[0].size.empty());
    CHECK(u.tokens[d.arrays[0].token].line == 1);
    CHECK(u.tokens[d.arrays[0].open].text == "{");
    CHECK(d.arrays[0].close == d.arrays[0].open + 7);
    CHECK(d.arrays[1].name == "b");
    CHECK(text(u, d.arrays[1].size) == "N + 1");
    CHECK(d.arrays[2].name == "c");
    // After braces left unbalanced by both branches of an #ifdef, tables are still found.
    CHECK(d.arrays[3].name == "g");
    CHECK(d.arrays[3].type == "i2c_device_id");
}

TEST_CASE("devtable::scan: enums, MODULE_DEVICE_TABLE, __MODULE_INFO") {
    LexedUnit u(R"(enum { A = f(1, 2), B, C = 3 };
enum tag { D } v;
enum tag w;
MODULE_DEVICE_TABLE(pci, a);
MODULE_DEVICE_TABLE(broken);
__MODULE_INFO(alias, alias_userspace, "x" "y");)");
    auto d = scan(u.tokens);
    REQUIRE(d.enums.size() == 4);
    CHECK(d.enums[0].name == "A");
    CHECK(text(u, d.enums[0].expr) == "f ( 1 , 2 )");
    CHECK(d.enums[0].previous == -1);
    CHECK(d.enums[1].name == "B");
    CHECK(d.enums[1].expr.empty());
    CHECK(d.enums[1].previous == 0);
    CHECK(d.enums[2].previous == 1);
    CHECK(d.enums[3].name == "D");
    CHECK(d.enums[3].previous == -1);
    REQUIRE(d.tables.size() == 1);
    CHECK(d.tables[0].type == "pci");
    CHECK(d.tables[0].name == "a");
    CHECK(u.tokens[d.tables[0].token].line == 4);
    REQUIRE(d.infos.size() == 1);
    CHECK(d.infos[0].tag == "alias");
    CHECK(text(u, d.infos[0].strings) == "\"x\" \"y\"");
}
