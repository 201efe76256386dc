#include "modalias-db/devtable/layout.h"

#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>
#include <filesystem>

using namespace hw::devtable;
using hw::devtable::testing::fixture_layouts;

namespace {

std::vector<std::string> names(const StructLayout& s) {
    std::vector<std::string> out;
    for (const auto& f : s.fields) {
        out.push_back(f.name);
    }
    return out;
}

}  // namespace

TEST_CASE("devtable::Layouts: structs read from the header") {
    const Layouts& l = fixture_layouts();
    CHECK(l.diagnostics().empty());

    SUBCASE("pci: comma-separated members, widths, slots") {
        const StructLayout* pci = l.find("pci_device_id");
        REQUIRE(pci != nullptr);
        CHECK(names(*pci) == std::vector<std::string>{"vendor", "device", "subvendor", "subdevice", "class",
                                                      "class_mask", "driver_data", "override_only"});
        CHECK(pci->fields[0].type.bits == 32);
        CHECK(pci->fields[6].type.bits == 64);
        CHECK(pci->slots == 8);
        CHECK(pci->fields[7].slot == 7);
    }
    SUBCASE("usb: attribute after a member") {
        const StructLayout* usb = l.find("usb_device_id");
        REQUIRE(usb != nullptr);
        CHECK(usb->fields.size() == 13);
        CHECK(usb->fields[0].type.bits == 16);
        CHECK(usb->fields[5].name == "bDeviceClass");
        CHECK(usb->fields[5].type.bits == 8);
        CHECK(usb->fields[12].name == "driver_info");
    }
    SUBCASE("input: array sizes from #define arithmetic with BITS_PER_LONG") {
        const StructLayout* in = l.find("input_device_id");
        REQUIRE(in != nullptr);
        CHECK(in->field("evbit")->count == 1);
        CHECK(in->field("keybit")->count == 12);
        CHECK(in->field("absbit")->count == 1);
        CHECK(in->field("ffbit")->count == 2);
        CHECK(in->field("keybit")->slot == 6);
        CHECK(in->field("relbit")->slot == 18);
    }
    SUBCASE("dmi: bitfields, function pointer, nested struct array") {
        const StructLayout* dmi = l.find("dmi_system_id");
        REQUIRE(dmi != nullptr);
        CHECK(names(*dmi) == std::vector<std::string>{"callback", "ident", "matches", "driver_data"});
        CHECK(dmi->fields[0].type.kind == FieldType::Kind::Pointer);
        const Field* m = dmi->field("matches");
        CHECK(m->count == 4);
        CHECK(m->elem_slots == 81);
        CHECK(dmi->slots == 2 + 4 * 81 + 1);
        const StructLayout* sm = l.find("dmi_strmatch");
        REQUIRE(sm != nullptr);
        CHECK(sm->fields[0].bit_width == 7);
        CHECK(sm->fields[1].bit_width == 1);
        CHECK(sm->fields[2].is_byte_array());
        CHECK(sm->fields[2].count == 79);
    }
    SUBCASE("anonymous nested struct and guid typedefs") {
        const StructLayout* card = l.find("pnp_card_device_id");
        REQUIRE(card != nullptr);
        CHECK(card->field("devs")->count == 8);
        CHECK(card->field("devs")->elem_slots == 8);
        CHECK(card->slots == 8 + 1 + 64);
        const StructLayout* vmbus = l.find("hv_vmbus_device_id");
        REQUIRE(vmbus != nullptr);
        CHECK(vmbus->fields[0].type.kind == FieldType::Kind::Struct);
        CHECK(vmbus->slots == 17);
        CHECK(l.find("tb_service_id")->field("protocol_key")->count == 9);
        CHECK(l.find("wmi_device_id")->field("guid_string")->count == 37);
    }
    SUBCASE("paths") {
        const StructLayout& dmi = *l.find("dmi_system_id");
        auto leaf = l.resolve(dmi, "matches[2].substr");
        REQUIRE(leaf.has_value());
        CHECK(leaf->slot == 2 + 2 * 81 + 2);
        CHECK(leaf->count == 79);
        auto slot = l.resolve(dmi, "matches[3].slot");
        REQUIRE(slot.has_value());
        CHECK(slot->bit_width == 7);
        CHECK(slot->slot == 2 + 3 * 81);
        auto guid = l.resolve(*l.find("hv_vmbus_device_id"), "guid.b[5]");
        REQUIRE(guid.has_value());
        CHECK(guid->slot == 5);
        CHECK_FALSE(l.resolve(dmi, "matches[4].slot").has_value());
        CHECK_FALSE(l.resolve(dmi, "nope").has_value());
        CHECK_FALSE(l.resolve(dmi, "matches.slot").has_value());
    }
    SUBCASE("constants: #defines and enums") {
        CHECK(l.constant("PCI_ANY_ID") == -1);
        CHECK(l.constant("HID_BUS_ANY") == 0xffff);
        CHECK(l.constant("ZORRO_WILDCARD") == 0xffffffffLL);
        CHECK(l.constant("PCI_ID_F_VFIO_DRIVER_OVERRIDE") == 1);
        CHECK(l.constant("DMI_SYS_VENDOR") == 6);
        CHECK(l.constant("DMI_CHASSIS_VERSION") == 20);
        CHECK(l.constant("USB_DEVICE_ID_MATCH_INT_NUMBER") == 0x400);
        CHECK_FALSE(l.constant("I2C_MODULE_PREFIX").has_value());
    }
}

TEST_CASE("devtable::Layouts: problems are warnings, other structs survive") {
    auto l = Layouts::parse("struct a { __u8 x; };\nstruct b {\n  mystery_t y;\n};\nstruct c { __u16 z[N]; };\n"
                            "struct d { __u32 w; };\n",
                            "h.h");
    REQUIRE(l.diagnostics().size() == 2);
    CHECK(l.diagnostics()[0].format() == "h.h:3:3: warning: unknown type 'mystery_t'");
    CHECK(l.diagnostics()[1].format() == "h.h:5:19: warning: cannot evaluate the size of 'z'");
    CHECK(l.find("a") != nullptr);
    CHECK(l.find("b") == nullptr);
    CHECK(l.find("c") == nullptr);
    CHECK(l.find("d") != nullptr);
}

TEST_CASE("devtable::Layouts: the real 6.1 header when it is around") {
    const char* path = "/work/ksrc/linux-source-6.1/include/linux/mod_devicetable.h";
    if (!std::filesystem::exists(path)) {
        return;
    }
    auto text = hw::read_file(path);
    REQUIRE(text.has_value());
    auto l = Layouts::parse(*text, "include/linux/mod_devicetable.h");
    CHECK(l.diagnostics().empty());
    for (auto name : {"pci_device_id", "usb_device_id", "dmi_system_id", "input_device_id", "x86_cpu_id",
                      "pnp_card_device_id", "hv_vmbus_device_id", "mei_cl_device_id", "ishtp_device_id"}) {
        CAPTURE(name);
        CHECK(l.find(name) != nullptr);
    }
    CHECK(l.find("input_device_id")->field("keybit")->count == 12);
}
