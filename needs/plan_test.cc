// The planner on hand-made catalogs: each case states the fact from the kernel it mirrors.
#include "needs/plan.h"

#include <doctest/doctest.h>

#include <algorithm>

using hw::Cond;
using hw::needs::Alias;
using hw::needs::Catalog;
using hw::needs::Module;
using hw::needs::Options;
using hw::needs::Plan;
using hw::needs::Policy;
using hw::probe::Device;
using hw::resolve::Tristate;

namespace {

Cond cond(std::string_view text) {
    auto c = hw::parse_cond(text);
    REQUIRE(c.has_value());
    return *c;
}

Device device(std::string bus, std::string modalias) {
    Device d;
    d.bus = std::move(bus);
    d.modalias = std::move(modalias);
    d.source = "modaliases";
    return d;
}

// "SYMBOL=m|y|n" for every need, sorted, duplicates removed.
std::vector<std::string> needs_of(const Plan& p) {
    std::vector<std::string> out;
    for (const auto& n : p.needs) {
        out.push_back(n.symbol + "=" + (n.want == Tristate::Builtin ? "y" : n.want == Tristate::Off ? "n" : "m"));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> modules_of(const Catalog& c, const Plan& p) {
    std::vector<std::string> out;
    for (const auto& u : p.modules) {
        out.push_back(c.modules()[u.module].name + (u.builtin ? "=y" : "=m"));
    }
    return out;
}

// drivers/net/ethernet/intel/Makefile: obj-$(CONFIG_E1000E) += e1000e/, under the vendor guard.
Catalog e1000e_catalog() {
    std::vector<Module> modules{
        {"e1000e", "drivers/net/ethernet/intel/e1000e/e1000e", "E1000E",
         cond("NET_VENDOR_INTEL && ETHERNET && E1000E"), true, {}},
        {"ext4", "fs/ext4/ext4", "EXT4_FS", cond("EXT4_FS"), true, {"pre: crc32c"}},
        {"crc32c_generic", "crypto/crc32c_generic", "CRYPTO_CRC32C", cond("CRYPTO_CRC32C"), true, {}},
        {"virtio_blk", "drivers/block/virtio_blk", "VIRTIO_BLK", cond("BLK_DEV && VIRTIO_BLK"), true, {}},
        {"atkbd", "drivers/input/keyboard/atkbd", "KEYBOARD_ATKBD", cond("INPUT_KEYBOARD && KEYBOARD_ATKBD"), false, {}},
        {"usbhid", "drivers/hid/usbhid/usbhid", "USB_HID", cond("USB_HID"), true, {}},
        {"hid_generic", "drivers/hid/hid-generic", "HID_GENERIC", cond("HID && HID_GENERIC"), true, {}},
        {"hid_logitech_dj", "drivers/hid/hid-logitech-dj", "HID_LOGITECH_DJ", cond("HID && HID_LOGITECH_DJ"), true, {}},
        {"sdhci_acpi", "drivers/mmc/host/sdhci-acpi", "MMC_SDHCI_ACPI", cond("MMC && (MMC_SDHCI_ACPI || COMPILE_TEST && MMC_SDHCI_ACPI)"), true, {}},
    };
    std::vector<Alias> aliases{
        {"pci:v00008086d000010D3sv*sd*bc*sc*i*", 0, Cond()},
        {"fs-ext4", 1, Cond()},
        {"crc32c", 2, Cond()},
        {"virtio:d00000002v*", 3, Cond()},
        {"serio:ty01pr*id*ex*", 4, Cond()},
        {"usb:v*p*d*dc*dsc*dp*ic03isc*ip*in*", 5, Cond()},
        {"hid:b0003g*v0000046Dp0000C52B", 7, cond("USB_HID")},
        {"acpi*:80860F14:*", 8, cond("ACPI")},
    };
    return Catalog(std::move(modules), std::move(aliases));
}

}  // namespace

TEST_CASE("a device's module needs its Kbuild path and its own symbol, as modules by default") {
    Catalog c = e1000e_catalog();
    Plan p = plan(c, {device("pci", "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00")}, Options{});
    CHECK(modules_of(c, p) == std::vector<std::string>{"e1000e=m"});
    CHECK(needs_of(p) == std::vector<std::string>{"E1000E=m", "ETHERNET=m", "NET_VENDOR_INTEL=m"});
    REQUIRE(!p.needs.empty());
    CHECK(p.needs[0].reason.find("module e1000e (drivers/net/ethernet/intel/e1000e/e1000e) for pci:v00008086d000010D3") == 0);
}

TEST_CASE("--tristate builtin asks every symbol built in; objects that cannot be modules always are") {
    Catalog c = e1000e_catalog();
    Options o;
    o.policy = Policy::Builtin;
    Plan p = plan(c, {device("pci", "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00")}, o);
    CHECK(needs_of(p) == std::vector<std::string>{"E1000E=y", "ETHERNET=y", "NET_VENDOR_INTEL=y"});
    Plan q = plan(c, {device("serio", "serio:ty01pr00id00ex00")}, Options{});
    CHECK(needs_of(q) == std::vector<std::string>{"INPUT_KEYBOARD=y", "KEYBOARD_ATKBD=y"});
}

TEST_CASE("the root file system and the devices under it are built in, with their softdeps") {
    Catalog c = e1000e_catalog();
    Device fs = device("fs", "fs-ext4");
    fs.source = "mountinfo";
    fs.name = "/ /home";
    Device disk = device("virtio", "virtio:d00000002v00001AF4");
    disk.source = "block";
    disk.name = "/";
    Device other = device("fs", "fs-ext4");
    other.source = "mountinfo";
    other.name = "/srv";
    Plan p = plan(c, {fs, disk}, Options{});
    // ext4's MODULE_SOFTDEP("pre: crc32c") resolves through the alias "crc32c", as modprobe does.
    CHECK(modules_of(c, p) == std::vector<std::string>{"ext4=y", "virtio_blk=y", "crc32c_generic=y"});
    CHECK(needs_of(p) == std::vector<std::string>{"BLK_DEV=y", "CRYPTO_CRC32C=y", "EXT4_FS=y", "VIRTIO_BLK=y"});
    Plan q = plan(c, {other}, Options{});
    CHECK(modules_of(c, q) == std::vector<std::string>{"ext4=m", "crc32c_generic=m"});
    auto softdep = std::find_if(q.needs.begin(), q.needs.end(), [](const auto& n) { return n.symbol == "CRYPTO_CRC32C"; });
    REQUIRE(softdep != q.needs.end());
    CHECK(softdep->reason.find("softdep of ext4") != std::string::npos);
}

TEST_CASE("an entry that names a module (dm-mod, md-mod) gets that module, as `modprobe dm-mod` does") {
    Catalog c(std::vector<Module>{{"dm_mod", "drivers/md/dm-mod", "BLK_DEV_DM", cond("MD && BLK_DEV_DM"), true, {}}},
              std::vector<Alias>{});
    Device dm = device("block", "dm-mod");
    dm.source = "block";
    dm.name = "/srv";
    Plan p = plan(c, {dm}, Options{});
    CHECK(modules_of(c, p) == std::vector<std::string>{"dm_mod=m"});
    CHECK(needs_of(p) == std::vector<std::string>{"BLK_DEV_DM=m", "MD=m"});
}

TEST_CASE("a USB HID interface without its hid device gets the HID sub-drivers of its vendor/product") {
    Catalog c = e1000e_catalog();
    Device itf = device("usb", "usb:v046DpC52Bd1201dc00dsc00dp00ic03isc01ip01in00");
    itf.ids = {{"vendor", "046d"}, {"product", "c52b"}, {"bInterfaceClass", "03"}};
    itf.sysfs_path = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0";
    Options o;
    o.companions.push_back({"usbhid", "hid_generic", "hid devices without a specific driver"});
    Plan p = plan(c, {itf}, o);
    REQUIRE(p.devices.size() == 2);
    CHECK(p.devices[1].derived);
    CHECK(p.devices[1].device.modalias == "hid:b0003g*v0000046Dp0000C52B");
    CHECK(modules_of(c, p) == std::vector<std::string>{"usbhid=m", "hid_logitech_dj=m", "hid_generic=m"});
    // The alias entry's own condition (#if IS_ENABLED(CONFIG_USB_HID)) is needed too.
    CHECK(needs_of(p) == std::vector<std::string>{"HID=m", "HID_GENERIC=m", "HID_LOGITECH_DJ=m", "USB_HID=m"});

    // With the hid device recorded below the interface, nothing is derived.
    Device hid = device("hid", "hid:b0003g0001v0000046Dp0000C52B");
    hid.parent = itf.sysfs_path;
    Plan q = plan(c, {itf, hid}, o);
    CHECK(q.devices.size() == 2);
    CHECK_FALSE(q.devices[1].derived);
}

TEST_CASE("an `||` in a condition takes the side the base has, else the smaller one") {
    Cond c = cond("MMC && (MMC_SDHCI_ACPI || COMPILE_TEST && MMC_SDHCI_ACPI)");
    auto none = hw::needs::required_symbols(c, false, {});
    CHECK(none == std::vector<std::pair<std::string, Tristate>>{{"MMC", Tristate::Module}, {"MMC_SDHCI_ACPI", Tristate::Module}});
    auto base = [](std::string_view s) { return s == "COMPILE_TEST" || s == "MMC_SDHCI_ACPI" ? 'y' : 'n'; };
    auto both = hw::needs::required_symbols(cond("A || COMPILE_TEST && MMC_SDHCI_ACPI"), true, base);
    CHECK(both == std::vector<std::pair<std::string, Tristate>>{{"COMPILE_TEST", Tristate::Builtin}, {"MMC_SDHCI_ACPI", Tristate::Builtin}});
    // Negations and MODULE ask nothing; X=y asks built in even for a module.
    CHECK(hw::needs::required_symbols(cond("!A && MODULE && B=y"), false, {}) ==
          std::vector<std::pair<std::string, Tristate>>{{"B", Tristate::Builtin}});
}

TEST_CASE("an alias under a symbol the tree does not define claims nothing") {
    // drivers/net/...: a table entry under #ifdef CONFIG_SH_SECUREEDGE5410 (an SH board) on x86.
    Catalog c(std::vector<Module>{{"natsemi", "drivers/net/ethernet/natsemi/natsemi", "NATSEMI", cond("NATSEMI"), true, {}},
                                  {"other", "drivers/other", "OTHER", cond("OTHER"), true, {}}},
              std::vector<Alias>{{"pci:v0000100Bd00000020sv*sd*bc*sc*i*", 0, cond("SH_SECUREEDGE5410=y")},
                                 {"pci:v0000100Bd00000020sv*sd*bc*sc*i*", 1, cond("PCI || SH_SECUREEDGE5410")}});
    Options o;
    o.known = [](std::string_view s) { return s != "SH_SECUREEDGE5410"; };
    Plan p = plan(c, {device("pci", "pci:v0000100Bd00000020sv00000000sd00000000bc02sc00i00")}, o);
    // natsemi's only alias needs the unknown symbol; other's `||` still has a side that can hold.
    CHECK(modules_of(c, p) == std::vector<std::string>{"other=m"});
    CHECK(needs_of(p) == std::vector<std::string>{"OTHER=m", "PCI=m"});
    Plan q = plan(c, {device("pci", "pci:v0000100Bd00000020sv00000000sd00000000bc02sc00i00")}, Options{});
    CHECK(modules_of(c, q) == std::vector<std::string>{"natsemi=m", "other=m"});
}

TEST_CASE("a driver whose devices another driver claims all of, and more, comes last") {
    // adxl34x-i2c (input) claims one compatible of the part; adxl345_i2c (iio) claims it and
    // the i2c ids too: the iio driver's needs are decided first.
    Catalog c(std::vector<Module>{{"adxl34x_i2c", "drivers/input/misc/adxl34x-i2c", "INPUT_ADXL34X_I2C",
                                   cond("INPUT_ADXL34X_I2C"), true, {}},
                                  {"adxl345_i2c", "drivers/iio/accel/adxl345_i2c", "ADXL345_I2C",
                                   cond("ADXL345_I2C"), true, {}}},
              std::vector<Alias>{{"of:N*T*Cadi,adxl345", 0, Cond()},
                                 {"of:N*T*Cadi,adxl345", 1, Cond()},
                                 {"i2c:adxl345", 1, Cond()}});
    Plan p = plan(c, {device("of", "of:NaccelTCadi,adxl345"), device("i2c", "i2c:adxl345")}, Options{});
    REQUIRE(p.needs.size() == 2);
    CHECK(p.needs[0].symbol == "ADXL345_I2C");
    CHECK(p.needs[1].symbol == "INPUT_ADXL34X_I2C");
    // With only the shared device, neither claims more: the order is the plan's.
    Plan q = plan(c, {device("of", "of:NaccelTCadi,adxl345")}, Options{});
    REQUIRE(q.needs.size() == 2);
    CHECK(q.needs[0].symbol == "INPUT_ADXL34X_I2C");
}

TEST_CASE("an unknown companion is a note, not a need") {
    Catalog c = e1000e_catalog();
    Options o;
    o.companions.push_back({"e1000e", "no_such_module", "test"});
    Plan p = plan(c, {device("pci", "pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00")}, o);
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].starts_with("no_such_module: no module or alias of that name"));
}

TEST_CASE("the CPU vendor's support option") {
    CHECK(hw::needs::cpu_vendor_symbol("cpu:type:x86,ven0000fam0006mod003F:feature:,0000") == "CPU_SUP_INTEL");
    CHECK(hw::needs::cpu_vendor_symbol("cpu:type:x86,ven0002fam0017mod0031:feature:,0000") == "CPU_SUP_AMD");
    CHECK(hw::needs::cpu_vendor_symbol("cpu:type:x86,ven0009fam0018mod0000:feature:") == "CPU_SUP_HYGON");
    CHECK(hw::needs::cpu_vendor_symbol("cpu:type:x86,ven0004fam0006:feature:") == "");
    CHECK(hw::needs::cpu_vendor_symbol("cpu:type:aarch64:feature:,0000") == "");
}
