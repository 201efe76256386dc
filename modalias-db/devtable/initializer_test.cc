#include "modalias-db/devtable/initializer.h"

#include "modalias-db/devtable/entry.h"
#include "modalias-db/cpp/const_eval.h"
#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>

using namespace hw::devtable;
using hw::devtable::testing::fixture_layouts;
using hw::devtable::testing::LexedUnit;

namespace {

// Integer literals and arithmetic only: enough to read back what the initializer placed where.
EvalFn simple_eval() {
    return [](std::span<const hw::cpp::Token> toks) -> std::expected<int64_t, std::string> {
        auto v = hw::cpp::eval_const(toks, [](std::string_view) { return std::optional<int64_t>(); });
        if (!v) {
            return std::unexpected(std::string("not simple"));
        }
        return v->as_signed();
    };
}

struct Table {
    LexedUnit unit;
    EvalFn eval = simple_eval();
    std::expected<TableInit, InitError> init;

    Table(std::string text, std::string_view type, std::optional<uint32_t> size = std::nullopt)
        : unit(std::move(text)),
          init(read_table(unit.tokens, 0, fixture_layouts(), *fixture_layouts().find(type), size, eval)) {}

    size_t size() const { return init ? init->entries.size() : 0; }
    EntryFields entry(size_t i) const {
        return EntryFields(fixture_layouts(), *fixture_layouts().find(type_of()), init->entries[i].assignments,
                           unit.tokens, eval);
    }
    std::string_view type_of() const { return m_type; }
    std::string_view m_type;
};

Table table(std::string text, std::string_view type, std::optional<uint32_t> size = std::nullopt) {
    Table t(std::move(text), type, size);
    t.m_type = type;
    return t;
}

uint64_t num(const Table& t, size_t entry, std::string_view path) {
    auto v = t.entry(entry).number(path);
    REQUIRE(v.has_value());
    return v->value;
}

std::string str(const Table& t, size_t entry, std::string_view path) {
    auto v = t.entry(entry).string(path);
    REQUIRE(v.has_value());
    return *v;
}

}  // namespace

TEST_CASE("devtable::read_table: designators and positional values (C11 6.7.9)") {
    auto t = table("{ { . vendor = 1, .device = 2, .subvendor = 3, .subdevice = 4, 5, 6, 7 },"
                   "  { 8, 9 }, [4] = { .device = 10, .vendor = 11 },"
                   "  { .vendor = 1, .driver_data = f(1, 2), 99 }, { .class = 0x10, .vendor = 7, 8 }, 12, 13 }",
                   "pci_device_id");
    REQUIRE(t.init.has_value());
    REQUIRE(t.size() == 8);
    SUBCASE("positional after designated continues with the next member") {
        CHECK(num(t, 0, "subdevice") == 4);
        CHECK(num(t, 0, "class") == 5);
        CHECK(num(t, 0, "class_mask") == 6);
        CHECK(num(t, 0, "driver_data") == 7);
        CHECK(num(t, 5, "override_only") == 99);  // the comma inside f(1, 2) does not count
        CHECK(num(t, 6, "device") == 8);          // after .vendor, whatever came before
        CHECK(num(t, 6, "class") == 0x10);
    }
    SUBCASE("array index designators and brace elision at the top level") {
        CHECK(num(t, 1, "vendor") == 8);
        CHECK(num(t, 1, "device") == 9);
        CHECK(num(t, 1, "class") == 0);
        CHECK(num(t, 2, "vendor") == 0);  // never initialised: zero
        CHECK(num(t, 4, "vendor") == 11);
        CHECK(num(t, 4, "device") == 10);
        CHECK(num(t, 7, "vendor") == 12);  // `12, 13` without braces fill element 7
        CHECK(num(t, 7, "device") == 13);
        CHECK(t.init->entries[3].first_token == UINT32_MAX);
    }
    SUBCASE("where each element starts") {
        CHECK(t.unit.tokens[t.init->entries[0].first_token].text == "{");
        CHECK(t.unit.tokens[t.init->entries[7].first_token].text == "12");
    }
}

TEST_CASE("devtable::read_table: strings, nested structs, sizes") {
    SUBCASE("brace elision over string members") {
        auto t = table(R"({ "lm75", 1, "tmp" "102", 2, { "" } })", "i2c_device_id");
        REQUIRE(t.size() == 3);
        CHECK(str(t, 0, "name") == "lm75");
        CHECK(num(t, 0, "driver_data") == 1);
        CHECK(str(t, 1, "name") == "tmp102");
        CHECK(num(t, 1, "driver_data") == 2);
        CHECK(str(t, 2, "name").empty());
    }
    SUBCASE("strings in braces and parentheses, truncation to the array") {
        auto t = table(R"({ { .id = { "ABC" } }, { .id = ("PNP0501") }, { .id = "0123456789" }, { .id = { 'x', 'y' } } })",
                       "pnp_device_id");
        REQUIRE(t.size() == 4);
        CHECK(str(t, 0, "id") == "ABC");
        CHECK(str(t, 1, "id") == "PNP0501");
        CHECK(str(t, 2, "id") == "01234567");
        CHECK(str(t, 3, "id") == "xy");
    }
    SUBCASE("nested dmi matches: braces, elision, designator chains") {
        auto t = table(R"({
            { .matches = { { .slot = 6, .substr = "A" }, { 7, 1, "B" } } },
            { .matches = { 6, 0, "C", 13 }, .ident = "i" },
            { .matches[1].slot = 9, .matches[1] . substr = "D", .matches = { [2] = { .slot = 4 } } },
        })",
                       "dmi_system_id");
        REQUIRE(t.size() == 3);
        CHECK(num(t, 0, "matches[0].slot") == 6);
        CHECK(str(t, 0, "matches[0].substr") == "A");
        CHECK(num(t, 0, "matches[1].slot") == 7);
        CHECK(num(t, 0, "matches[1].exact_match") == 1);
        CHECK(str(t, 0, "matches[1].substr") == "B");
        CHECK(num(t, 1, "matches[0].slot") == 6);
        CHECK(str(t, 1, "matches[0].substr") == "C");
        CHECK(num(t, 1, "matches[1].slot") == 13);
        CHECK(num(t, 2, "matches[1].slot") == 9);
        CHECK(str(t, 2, "matches[1].substr") == "D");
        CHECK(num(t, 2, "matches[2].slot") == 4);
    }
    SUBCASE("bitfields truncate to their width") {
        auto t = table("{ { .matches = { { .slot = 0x85 } } } }", "dmi_system_id");
        CHECK(num(t, 0, "matches[0].slot") == 5);
    }
    SUBCASE("scalar in braces, compound literal, explicit size") {
        auto t = table("{ { { 0x10 }, 2 }, { (struct virtio_device_id){ 3, 4 }.device, 5 } }", "virtio_device_id", 4);
        REQUIRE(t.init.has_value());
        CHECK(t.size() == 4);
        CHECK(num(t, 0, "device") == 0x10);
        CHECK(num(t, 0, "vendor") == 2);
        CHECK(num(t, 3, "device") == 0);
        auto g = table("{ { ((guid_t){ { 1, 2, 3 } }), 9 } }", "hv_vmbus_device_id");
        REQUIRE(g.init.has_value());
        CHECK(num(g, 0, "guid.b[1]") == 2);
        CHECK(num(g, 0, "guid.b[15]") == 0);
        CHECK(num(g, 0, "driver_data") == 9);
    }
    SUBCASE("errors") {
        auto a = table("{ { .nosuch = 1 } }", "pci_device_id");
        REQUIRE_FALSE(a.init.has_value());
        CHECK(a.init.error().message == "no member named 'nosuch' in 'struct pci_device_id'");
        auto b = table("{ [X] = { 1 } }", "pci_device_id");
        REQUIRE_FALSE(b.init.has_value());
        CHECK(b.init.error().message == "cannot evaluate array index in initializer: not simple");
        auto c = table("{ { 1 }, [3] = { 2 } }", "pci_device_id", 2);
        REQUIRE_FALSE(c.init.has_value());
        CHECK(c.init.error().message == "array index 3 out of range in initializer");
        auto d = table("{ { .vendor 1 } }", "pci_device_id");
        REQUIRE_FALSE(d.init.has_value());
        CHECK(d.init.error().message == "expected '=' after designator");
    }
}
