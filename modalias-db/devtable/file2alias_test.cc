// Expected patterns are worked out by hand from scripts/mod/file2alias.c (6.1) and, where marked
// "real", are lines of Debian's 6.1.0-56-amd64 modules.alias for the same source entries.
#include "modalias-db/devtable/file2alias.h"

#include "modalias-db/devtable/test_support.h"

#include <doctest/doctest.h>

using namespace hw::devtable;
using hw::devtable::testing::aliases_of;
using hw::devtable::testing::LexedUnit;
using V = std::vector<std::string>;

TEST_CASE("devtable::file2alias: pci") {
    SUBCASE("designated, positional after designated, all positional, class") {
        CHECK(aliases_of(R"(
static const struct pci_device_id ids[] = {
    { .vendor = 0x8086, .device = 0x1234, .subvendor = (~0), .subdevice = (~0) },
    { .vendor = (0x10de), .device = (0x0fbc), .subvendor = (~0), .subdevice = (~0), 0x040300, 0xffffff },
    { 0x1039, 0x0300, (~0), (~0), 0, 0, 0 },
    { .vendor = (~0), .device = (~0), .subvendor = (~0), .subdevice = (~0), .class = 0x0c0340, .class_mask = ~0 },
    { .vendor = (~0), .device = (~0), .subvendor = (~0), .subdevice = (~0), .class = 0x0c0300, .class_mask = 0xffff00 },
    { 0, }
};
MODULE_DEVICE_TABLE(pci, ids);
)") == V{"pci:v00008086d00001234sv*sd*bc*sc*i*", "pci:v000010DEd00000FBCsv*sd*bc04sc03i00*",
          "pci:v00001039d00000300sv*sd*bc*sc*i*",  // real: sisfb
          "pci:v*d*sv*sd*bc0Csc03i40*",            // real: thunderbolt
          "pci:v*d*sv*sd*bc0Csc03i*"});
    }
    SUBCASE("vfio override entries, masks file2alias cannot express") {
        LexedUnit u(R"(struct pci_device_id t[] = {
    { .vendor = (~0), .device = (~0), .subvendor = (~0), .subdevice = (~0), .override_only = PCI_ID_F_VFIO_DRIVER_OVERRIDE },
    { .vendor = 0x15b3, .device = 0x101e, .subvendor = (~0), .subdevice = (~0), .override_only = 1 },
    { .vendor = 0x1000, .device = 1, .class = 0x010000, .class_mask = 0xff0f00 },
    { .vendor = 0x1000, .device = 2, .override_only = 4 },
    {} };
MODULE_DEVICE_TABLE(pci, t);)");
        auto e = extract(u.view(), hw::devtable::testing::fixture_layouts());
        CHECK(hw::devtable::testing::patterns(e) == V{"vfio_pci:v*d*sv*sd*bc*sc*i*",  // real: vfio_pci
                                                      "vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i*"});
        CHECK(hw::devtable::testing::messages(e) ==
              V{"drivers/x.c:4:5: warning: can't handle masks in class_mask FF0F00 in 't'",
                "drivers/x.c:5:5: warning: unknown PCI driver_override alias 00000004 in 't'"});
    }
}

TEST_CASE("devtable::file2alias: usb") {
    auto usb = [](const std::string& entry) {
        return aliases_of("struct usb_device_id t[] = { " + entry + ", { } };\nMODULE_DEVICE_TABLE(usb, t);");
    };
    SUBCASE("bcdDevice range 0x0106..0x0310 in BCD") {
        CHECK(usb("{ .match_flags = 0x000f, .idVendor = 0x03eb, .idProduct = 0x2002, .bcdDevice_lo = 0x0106, "
                  ".bcdDevice_hi = 0x0310 }") ==
              V{"usb:v03EBp2002d010[6-9]dc*dsc*dp*ic*isc*ip*in*", "usb:v03EBp2002d0310dc*dsc*dp*ic*isc*ip*in*",
                "usb:v03EBp2002d01[1-9]*dc*dsc*dp*ic*isc*ip*in*", "usb:v03EBp2002d030*dc*dsc*dp*ic*isc*ip*in*",
                "usb:v03EBp2002d02*dc*dsc*dp*ic*isc*ip*in*"});
    }
    SUBCASE("real usb-storage entries") {
        CHECK(usb("{ .match_flags = 0x000f, .idVendor = 0x1645, .idProduct = 0x0007, .bcdDevice_lo = 0x0100, "
                  ".bcdDevice_hi = 0x0133 }") ==
              V{"usb:v1645p0007d013[0-3]dc*dsc*dp*ic*isc*ip*in*", "usb:v1645p0007d01[0-2]*dc*dsc*dp*ic*isc*ip*in*"});
        CHECK(usb("{ .match_flags = 0x000f, .idVendor = 0x0482, .idProduct = 0x0103, .bcdDevice_lo = 0x0100, "
                  ".bcdDevice_hi = 0x0100 }") == V{"usb:v0482p0103d0100dc*dsc*dp*ic*isc*ip*in*"});
    }
    SUBCASE("hex range, no range, interface class only") {
        CHECK(usb("{ .match_flags = 0x000f, .idVendor = 1, .idProduct = 2, .bcdDevice_lo = 0, .bcdDevice_hi = 0xff }") ==
              V{"usb:v0001p0002d00*dc*dsc*dp*ic*isc*ip*in*"});
        // real: cm109 (USB_DEVICE_ID_MATCH_DEVICE | USB_DEVICE_ID_MATCH_INT_INFO)
        CHECK(usb("{ .match_flags = (0x0001 | 0x0002) | (0x0080 | 0x0100 | 0x0200), .idVendor = 0x0d8c, "
                  ".idProduct = 0x000e, .bInterfaceClass = 3, .bInterfaceSubClass = 0, .bInterfaceProtocol = 0 }") ==
              V{"usb:v0D8Cp000Ed*dc*dsc*dp*ic03isc00ip00in*"});
        CHECK(usb("{ .match_flags = 0x0380, .bInterfaceClass = 8, .bInterfaceSubClass = 6, .bInterfaceProtocol = 0x50 }") ==
              V{"usb:v*p*d*dc*dsc*dp*ic08isc06ip50in*"});
        CHECK(usb("{ .match_flags = 0x0400 | 0x0003, .idVendor = 0x12d1, .idProduct = 0x1506, .bInterfaceNumber = 2 }") ==
              V{"usb:v12D1p1506d*dc*dsc*dp*ic*isc*ip*in02*"});
    }
    SUBCASE("the skip rule: no vendor, product, device class or interface class") {
        CHECK(usb("{ .driver_info = 7 }, { .match_flags = 0x0100, .bInterfaceSubClass = 6 }").empty());
    }
}

TEST_CASE("devtable::file2alias: hid, of, acpi, pnp") {
    CHECK(aliases_of("struct hid_device_id t[] = { { .bus = 0x0003, .vendor = 0x046d, .product = 0xc52b },"
                     "{ .bus = 0xffff, .group = 0x0001, .vendor = (~0), .product = (~0) }, { } };"
                     "MODULE_DEVICE_TABLE(hid, t);") == V{"hid:b0003g*v0000046Dp0000C52B", "hid:b*g0001v*p*"});
    CHECK(aliases_of(R"(struct of_device_id t[] = { { .compatible = "vendor,chip" },
        { .type = "pci bus", .compatible = "x" }, { .name = "foo" }, { } };
        MODULE_DEVICE_TABLE(of, t);)") ==
          V{"of:N*T*Cvendor,chip", "of:N*T*Cvendor,chipC*", "of:N*Tpci_bus*Cx", "of:N*Tpci_bus*CxC*", "of:NfooT*",
            "of:NfooT*C*"});
    CHECK(aliases_of(R"(struct acpi_device_id t[] = { { "PNP0C0B", 0 }, { .cls = 0x010601, .cls_msk = 0xffffff },
        { .cls = 0x0c0330, .cls_msk = 0xffff00 }, { "", 0 } };
        MODULE_DEVICE_TABLE(acpi, t);)") == V{"acpi*:PNP0C0B:*", "acpi*:010601:*", "acpi*:0c03??:*"});
    CHECK(aliases_of(R"(struct pnp_device_id t[] = { { .id = "IFX0102" }, { "pnpb02f", 0 }, { "" } };
        MODULE_DEVICE_TABLE(pnp, t);)") ==
          V{"pnp:dIFX0102*", "acpi*:IFX0102:*",  // real: tpm_infineon
            "pnp:dpnpb02f*", "acpi*:PNPB02F:*"});
    CHECK(aliases_of(R"(struct pnp_card_device_id t[] = {
        { .id = "CTL0001", .devs = { { "CTL0031" }, { "CTL0021" } } },
        { .id = "CTL0002", .devs = { { "CTL0031" }, { "CTL0045" } } },
        { .id = "" } };
        MODULE_DEVICE_TABLE(pnp_card, t);)") ==
          V{"pnp:dCTL0031*", "acpi*:CTL0031:*", "pnp:dCTL0021*", "acpi*:CTL0021:*", "pnp:dCTL0045*", "acpi*:CTL0045:*"});
}

TEST_CASE("devtable::file2alias: dmi field order and filtering") {
    CHECK(aliases_of(R"(struct dmi_system_id t[] = {
        { .ident = "x", .matches = { { .slot = DMI_BOARD_NAME, .substr = "Board X" },
                                     { .slot = DMI_SYS_VENDOR, .substr = "Dell Inc." } } },
        { .callback = cb, .ident = "y", .matches = { { .slot = DMI_PRODUCT_NAME, .substr = "A:B\tC\x80" },
                                                     { .slot = DMI_PRODUCT_SKU, .substr = "sku" } }, .driver_data = (void *)&z },
        { cb, "z", { { DMI_BIOS_VENDOR, 0, "ACME" }, { DMI_CHASSIS_TYPE, 1, "10" } } },
        { } };
        MODULE_DEVICE_TABLE(dmi, t);)") ==
          V{"dmi*:svn*DellInc.*:rn*BoardX*:", "dmi*:pn*ABC*:", "dmi*:bvn*ACME*:ct*10*:"});
}

TEST_CASE("devtable::file2alias: input bitmaps") {
    // real: joydev (EVBIT | KEYBIT, BTN_TRIGGER_HAPPY = 0x2c0)
    CHECK(aliases_of(R"(struct input_device_id t[] = {
        { .flags = 0x0010 | 0x0020, .evbit = { (1UL << ((0x01) % 64)) },
          .keybit = { [((0x2c0) / 64)] = (1UL << ((0x2c0) % 64)) } },
        { .flags = 0x1 | 0x10 | 0x80 | 0x20, .bustype = 0x03, .evbit = { 0xa }, .absbit = { 1UL << 0x3f }, .keybit = { 1UL << 30, 0, 1UL << 0x30 } },
        { } };
        MODULE_DEVICE_TABLE(input, t);)") ==
          V{"input:b*v*p*e*-e*1,*k*2C0,*r*a*m*l*s*f*w*", "input:b0003v*p*e*-e*1,*3,*k*B0,*r*a*3F,*m*l*s*f*w*"});
}

TEST_CASE("devtable::file2alias: numeric buses") {
    auto one = [](const std::string& type, const std::string& st, const std::string& entry) {
        return aliases_of("struct " + st + " t[] = { " + entry + ", { } };\nMODULE_DEVICE_TABLE(" + type + ", t);");
    };
    // real: intel_uncore (X86_MATCH_INTEL_FAM6_MODEL)
    CHECK(one("x86cpu", "x86_cpu_id", "{ .vendor = 0, .family = 6, .model = 0x86, .feature = 0 }") ==
          V{"cpu:type:x86,ven0000fam0006mod0086:feature:*"});
    CHECK(one("x86cpu", "x86_cpu_id", "{ .vendor = 0xffff, .feature = (4*32+ 0x19) }") ==
          V{"cpu:type:x86,ven*fam*mod*:feature:*0099*"});
    CHECK(one("cpu", "cpu_feature", "{ 0x12 }") == V{"cpu:type:*:feature:*0012*"});
    // real: amd (PHY_ID_MATCH_MODEL)
    CHECK(one("mdio", "mdio_device_id", "{ .phy_id = 0x00225610, .phy_id_mask = 0xfffffff0 }") ==
          V{"mdio:0000000000100010010101100001????"});
    // real: snd_hda_codec_generic
    CHECK(one("hdaudio", "hda_device_id", "{ .vendor_id = 0x201, .rev_id = 0, .name = \"Generic\", .api_version = 1 }") ==
          V{"hdaudio:v00000201r*a01*"});
    CHECK(one("virtio", "virtio_device_id", "{ 3, 0xffffffff }") == V{"virtio:d00000003v*"});
    CHECK(one("serio", "serio_device_id", "{ .type = 0x06, .proto = 0xff, .id = 0xff, .extra = 0xff }") ==
          V{"serio:ty06pr*id*ex*"});  // real: serio_raw
    CHECK(one("sdio", "sdio_device_id", "{ .class = (~0), .vendor = 0x0271, .device = 0x0419 }") ==
          V{"sdio:c*v0271d0419*"});  // real: ath6kl_sdio
    CHECK(one("ssb", "ssb_device_id", "{ .vendor = 0x4243, .coreid = 0x806, .revision = 0xFF, }") ==
          V{"ssb:v4243id0806rev*"});  // real: b44
    CHECK(one("bcma", "bcma_device_id", "{ .manuf = 0x4BF, .id = 0x812, .rev = 0x2A, .class = 0xFF, }") ==
          V{"bcma:m04BFid0812rev2Acl*"});  // real: b43
    CHECK(one("ieee1394", "ieee1394_device_id",
              "{ .match_flags = 0x0004 | 0x0008, .specifier_id = 0x00609e, .version = 0x010483 }") ==
          V{"ieee1394:ven*mo*sp0000609Ever00010483*"});  // real: firewire_sbp2
    CHECK(one("sdw", "sdw_device_id", "{ .mfg_id = 0x019F, .part_id = 0x8373, .sdw_version = 0, .class_id = 0 }") ==
          V{"sdw:m019Fp8373v*c*"});  // real: snd_soc_max98373_sdw
    CHECK(one("pcmcia", "pcmcia_device_id", "{ .match_flags = 0x0001 | 0x0002, .manf_id = 0x0101, .card_id = 0x0562 }") ==
          V{"pcmcia:m0101c0562f*fn*pfn*pa*pb*pc*pd*"});
    CHECK(one("pcmcia", "pcmcia_device_id",
              "{ .match_flags = 0x0010 | 0x0040, .prod_id = { \"A\", 0, \"C\", 0 }, .prod_id_hash = { 0x5cd66d9d, 0, 0x355cb092, 0 } }") ==
          V{"pcmcia:m*c*f*fn*pfn*pa5CD66D9Dpb*pc355CB092pd*"});
    CHECK(one("ccw", "ccw_device_id", "{ .match_flags = 0x01 | 0x02, .cu_type = 0x3088, .cu_model = 0x08 }") ==
          V{"ccw:t3088m08dt*dm*"});
    CHECK(one("ap", "ap_device_id", "{ .match_flags = 1, .dev_type = 0x0a }") == V{"ap:t0A*"});
    CHECK(one("css", "css_device_id", "{ .match_flags = 1, .type = 0x03 }") == V{"css:t3"});
    CHECK(one("parisc", "parisc_device_id", "{ 0x0a, 0xff, 0x0008c, 0xffffffff }") == V{"parisc:t0Ahv008Crev*sv*"});
    CHECK(one("zorro", "zorro_device_id", "{ 0x08770C00 }, { 0xffffffff }") == V{"zorro:i08770C00", "zorro:i*"});
    CHECK(one("isapnp", "isapnp_device_id",
              "{ .card_vendor = 0xffff, .card_device = 0xffff, .vendor = ((('C' & 0x3f) << 2) | (('T' & 0x18) >> 3) | (('T' & 0x07) << 13) | (('L' & 0x1f) << 8)), "
              ".function = ((((0x0031) & 0xff00) >> 8) | (((0x0031) & 0x00ff) << 8)) }") == V{"pnp:dCTL0031*"});
    CHECK(one("ipack", "ipack_device_id", "{ .format = 1, .vendor = (~0), .device = 0x22 }") ==
          V{"ipack:f01v*d00000022*"});
    CHECK(one("amba", "amba_id", "{ .id = 0x00041011, .mask = 0x000fffff }, { .id = 0x1000, .mask = 0xf3f0 }") ==
          V{"amba:d???41011", "amba:d????1[048C]0?"});
    CHECK(one("mipscdmm", "mips_cdmm_device_id", "{ .type = 0x12 }") == V{"mipscdmm:t12*"});
    CHECK(one("rapidio", "rio_device_id", "{ .did = 0x1234, .vid = 0xffff, .asm_did = 0xffff, .asm_vid = 0xffff }") ==
          V{"rapidio:v*d1234av*ad*"});
    CHECK(one("ulpi", "ulpi_device_id", "{ 0x0451, 0x1507 }") == V{"ulpi:v0451p1507"});
    CHECK(one("ssam", "ssam_device_id",
              "{ .match_flags = 0x1 | 0x2 | 0x4, .domain = 0x01, .category = 0x02, .target = 0x02, .instance = 0x01, .function = 0 }") ==
          V{"ssam:d01c02t02i01f00"});  // real: surface_battery
    CHECK(one("ssam", "ssam_device_id", "{ .match_flags = 0x1, .domain = 0x01, .category = 0x0e, .target = 1 }") ==
          V{"ssam:d01c0Et01i*f*"});
    CHECK(one("dfl", "dfl_device_id", "{ 0, 0x9 }") == V{"dfl:t0000f0009*"});
    CHECK(one("typec", "typec_device_id", "{ .svid = 0xff01, .mode = 1 }, { .svid = 0x8087, .mode = 0x7 }") ==
          V{"typec:idFF01m01", "typec:id8087m*"});  // real: typec_displayport
    CHECK(one("i3c", "i3c_device_id", "{ .match_flags = 0x2 | 0x4, .manuf_id = 0x11a, .part_id = 0x1 }") ==
          V{"i3c:dcr*manuf011Apart0001ext*"});
    CHECK(one("tbsvc", "tb_service_id", "{ .match_flags = 0x0001 | 0x0002, .protocol_key = \"network\", .protocol_id = 1 }") ==
          V{"tbsvc:knetworkp00000001v*r*"});  // real: thunderbolt_net
    CHECK(one("fslmc", "fsl_mc_device_id", "{ .vendor = 0x1957, .obj_type = \"dpni\" }") == V{"fsl-mc:v00001957ddpni"});
}

TEST_CASE("devtable::file2alias: names and guids") {
    auto one = [](const std::string& type, const std::string& st, const std::string& entry) {
        return aliases_of("struct " + st + " t[] = { " + entry + ", { } };\nMODULE_DEVICE_TABLE(" + type + ", t);");
    };
    CHECK(one("i2c", "i2c_device_id", "{ \"lm75\", 0 }, { \"tmp\" \"75\" }") == V{"i2c:lm75", "i2c:tmp75"});
    CHECK(one("spi", "spi_device_id", "{ .name = \"m25p80\" }") == V{"spi:m25p80"});
    CHECK(one("platform", "platform_device_id", "{ \"coretemp\" }") == V{"platform:coretemp"});
    CHECK(one("auxiliary", "auxiliary_device_id", "{ .name = \"mlx5_core.eth\" }") == V{"auxiliary:mlx5_core.eth"});
    CHECK(one("rpmsg", "rpmsg_device_id", "{ .name = \"rpmsg-raw\" }") == V{"rpmsg:rpmsg-raw"});
    CHECK(one("mhi", "mhi_device_id", "{ .chan = \"IPCR\" }") == V{"mhi:IPCR"});
    CHECK(one("mhi_ep", "mhi_device_id", "{ .chan = \"IPCR\" }") == V{"mhi_ep:IPCR"});
    CHECK(one("eisa", "eisa_device_id", "{ \"ABP7501\" }") == V{"eisa:sABP7501*"});  // real: advansys
    CHECK(one("vio", "vio_device_id", "{ \"network\", \"IBM,l-lan\" }, { \"\", \"ibm,vmc\" }") ==
          V{"vio:TnetworkSIBM,l-lan*", "vio:T*Sibm,vmc*"});
    CHECK(one("wmi", "wmi_device_id", "{ .guid_string = \"A70591CE-A997-11DA-B012-B622A1EF5492\" }, { \"short\" }") ==
          V{"wmi:A70591CE-A997-11DA-B012-B622A1EF5492"});  // real: alienware_wmi
    // GUID_INIT(0x44c4f61d, 0x4444, 0x4400, 0x9d, 0x52, 0x80, 0x2e, 0x27, 0xed, 0xe1, 0x9f) as a
    // compound literal; real: pci_hyperv.
    const std::string hv_pcie =
        "((guid_t){ { (0x44c4f61d) & 0xff, ((0x44c4f61d) >> 8) & 0xff, ((0x44c4f61d) >> 16) & 0xff, ((0x44c4f61d) >> 24) & 0xff, "
        "(0x4444) & 0xff, ((0x4444) >> 8) & 0xff, (0x4400) & 0xff, ((0x4400) >> 8) & 0xff, "
        "(0x9d), (0x52), (0x80), (0x2e), (0x27), (0xed), (0xe1), (0x9f) } })";
    CHECK(one("vmbus", "hv_vmbus_device_id", "{ .guid = " + hv_pcie + ", }") == V{"vmbus:1df6c444444400449d52802e27ede19f"});
    CHECK(one("vmbus", "hv_vmbus_device_id", "{ " + hv_pcie + " }") == V{"vmbus:1df6c444444400449d52802e27ede19f"});
    // UUID_LE(0xB638AB7E, 0x94E2, 0x4EA2, 0xA5, 0x52, 0xD1, 0xC5, 0x4B, 0x62, 0x7F, 0x04); real: mei_hdcp
    CHECK(one("mei", "mei_cl_device_id",
              "{ .uuid = ((uuid_le){{ 0x7e, 0xab, 0x38, 0xb6, 0xe2, 0x94, 0xa2, 0x4e, 0xa5, 0x52, 0xd1, 0xc5, 0x4b, 0x62, 0x7f, 0x04 }}), "
              ".version = 0xff }, { .name = \"x\", .version = 2 }") ==
          V{"mei:*:b638ab7e-94e2-4ea2-a552-d1c54b627f04:*:*", "mei:x:00000000-0000-0000-0000-000000000000:02:*"});
    // GUID_INIT(0x33AECD58, 0xB679, 0x4E54, 0x9B, 0xD9, 0xA0, 0x4D, 0x34, 0xF0, 0xC2, 0x26); real: intel_ishtp_hid
    CHECK(one("ishtp", "ishtp_device_id",
              "{ .guid = ((guid_t){{ 0x58, 0xcd, 0xae, 0x33, 0x79, 0xb6, 0x54, 0x4e, 0x9b, 0xd9, 0xa0, 0x4d, 0x34, 0xf0, 0xc2, 0x26 }}) }") ==
          V{"ishtp:{33AECD58-B679-4E54-9BD9-A04D34F0C226}"});
    CHECK(one("tee", "tee_client_device_id",
              "{ .uuid = ((uuid_t){{ 0x6b, 0x2a, 0x8c, 0x2b, 0x43, 0x7c, 0x4b, 0x8d, 0x9b, 0x4d, 0x5a, 0x4c, 0x0c, 0x45, 0x0d, 0x11 }}) }") ==
          V{"tee:6b2a8c2b-437c-4b8d-9b4d-5a4c0c450d11*"});
}

TEST_CASE("devtable::file2alias: terminators and unknown types") {
    SUBCASE("the last element is dropped whatever it holds; earlier zero entries are entries") {
        CHECK(aliases_of("struct i2c_device_id t[] = { { \"a\" }, { \"b\" } };\nMODULE_DEVICE_TABLE(i2c, t);") ==
              V{"i2c:a"});
        CHECK(aliases_of("struct virtio_device_id t[4] = { { 1, 2 } };\nMODULE_DEVICE_TABLE(virtio, t);") ==
              V{"virtio:d00000001v00000002*", "virtio:d00000000v00000000*", "virtio:d00000000v00000000*"});
        CHECK(aliases_of("struct virtio_device_id t[] = { };\nMODULE_DEVICE_TABLE(virtio, t);").empty());
    }
    SUBCASE("types file2alias does not handle") {
        CHECK(aliases_of("struct i2c_device_id t[] = { { \"a\" }, { } };\nMODULE_DEVICE_TABLE(scmi, t);").empty());
        CHECK(devtable_struct("greybus").empty());
        CHECK(devtable_struct("x86cpu") == "x86_cpu_id");
        CHECK(devtable_struct("mhi_ep") == "mhi_device_id");
    }
}
