#include "modalias-db/devtable/file2alias.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <unordered_map>

namespace hw::devtable {

namespace {

std::string hex(uint64_t v, int width, bool upper = true) {
    char buf[32];
    std::snprintf(buf, sizeof buf, upper ? "%0*llX" : "%0*llx", width, static_cast<unsigned long long>(v));
    return buf;
}

// Field access for one entry that remembers the first failure, so the per-type writers below
// read like file2alias's do_*_entry functions; the caller drops the patterns on failure.
class Reader {
public:
    Reader(const EntryFields& e, EntryAliases& out) : m_e(e), m_out(out) {}

    Num num(std::string_view path) {
        auto v = m_e.number(path);
        if (!v) {
            fail(v.error());
            return Num{};
        }
        return *v;
    }
    uint64_t u(std::string_view path) { return num(path).value; }
    std::string str(std::string_view path) {
        auto v = m_e.string(path);
        if (!v) {
            fail(v.error());
            return {};
        }
        return *v;
    }
    int64_t constant(std::string_view name) {
        auto v = m_e.layouts().constant(name);
        if (!v) {
            fail("constant " + std::string(name) + " is not defined in mod_devicetable.h");
            return 0;
        }
        return *v;
    }
    // `field != CONST` as C compares them: fields narrower than int are promoted to int, the
    // constant (an int, e.g. ~0 = -1) converts to the field's type when that is (unsigned) int
    // or wider.
    bool differs(const Num& n, std::string_view name) {
        int64_t c = constant(name);
        if (n.bits < 32) {
            return static_cast<int64_t>(n.value) != c;
        }
        uint64_t mask = n.bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << n.bits) - 1);
        return n.value != (static_cast<uint64_t>(c) & mask);
    }
    // `field != (type)CONST`: the constant cast to the field's own type first (sdio).
    bool differs_cast(const Num& n, std::string_view name) {
        int64_t c = constant(name);
        uint64_t mask = n.bits >= 64 ? ~uint64_t{0} : ((uint64_t{1} << n.bits) - 1);
        return n.value != (static_cast<uint64_t>(c) & mask);
    }
    bool flag(uint64_t flags, std::string_view name) { return (flags & static_cast<uint64_t>(constant(name))) != 0; }

    void fail(std::string message) {
        if (m_out.error.empty()) {
            m_out.error = std::move(message);
        }
    }
    bool failed() const { return !m_out.error.empty(); }
    void warn(std::string message) { m_out.warning = std::move(message); }
    void emit(std::string alias) { m_out.patterns.push_back(std::move(alias)); }

private:
    const EntryFields& m_e;
    EntryAliases& m_out;
};

// ADD(str, sep, cond, field)
void add(std::string& s, std::string_view sep, bool cond, const Num& n) {
    s += sep;
    if (!cond) {
        s += '*';
        return;
    }
    switch (n.bits) {
    case 8: s += hex(n.value, 2); break;
    case 16: s += hex(n.value, 4); break;
    case 32: s += hex(n.value, 8); break;
    default: break;  // sizeof 8: the format string is empty
    }
}

void add_wildcard(std::string& s) {
    if (s.empty() || s.back() != '*') {
        s += '*';
    }
}

void spaces_to_underscores(std::string& s) {
    for (char& c : s) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
}

using Writer = void (*)(Reader&);

// --- usb -----------------------------------------------------------------------------------

struct UsbFields {
    Num flags, vendor, product, dc, dsc, dp, ic, isc, ip, in;
};

void usb_entry(Reader& r, const UsbFields& f, unsigned initial, int initial_digits, unsigned range_lo,
               unsigned range_hi, unsigned max) {
    std::string s = "usb:";
    add(s, "v", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_VENDOR"), f.vendor);
    add(s, "p", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_PRODUCT"), f.product);
    s += 'd';
    if (initial_digits != 0) {
        s += hex(initial, initial_digits);
    }
    if (range_lo == range_hi) {
        s += hex(range_lo, 0);
    } else if (range_lo > 0 || range_hi < max) {
        if (range_lo > 0x9 || range_hi < 0xA) {
            s += "[" + hex(range_lo, 0) + "-" + hex(range_hi, 0) + "]";
        } else {
            s += range_lo < 0x9 ? "[" + hex(range_lo, 0) + "-9" : "[" + hex(range_lo, 0);
            s += range_hi > 0xA ? "A-" + hex(range_hi, 0) + "]" : hex(range_hi, 0) + "]";
        }
    }
    if (initial_digits < 3) {
        s += '*';
    }
    add(s, "dc", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_DEV_CLASS"), f.dc);
    add(s, "dsc", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_DEV_SUBCLASS"), f.dsc);
    add(s, "dp", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_DEV_PROTOCOL"), f.dp);
    add(s, "ic", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_INT_CLASS"), f.ic);
    add(s, "isc", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_INT_SUBCLASS"), f.isc);
    add(s, "ip", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_INT_PROTOCOL"), f.ip);
    add(s, "in", r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_INT_NUMBER"), f.in);
    add_wildcard(s);
    r.emit(std::move(s));
}

// Steps a BCD (max 9) or hex number by `inc`; returns the value before the step.
unsigned incbcd(unsigned& bcd, int inc, unsigned max, unsigned chars) {
    unsigned init = bcd;
    if (max > 0x9) {
        bcd += static_cast<unsigned>(inc);
        return init;
    }
    unsigned long long dec = 0;
    for (unsigned i = 0; i < chars; ++i) {
        unsigned long long c = (bcd >> (i << 2)) & 0xf;
        c = c > 9 ? 9 : c;
        for (unsigned j = 0; j < i; ++j) {
            c *= 10;
        }
        dec += c;
    }
    dec += static_cast<unsigned long long>(static_cast<long long>(inc));
    bcd = 0;
    for (unsigned i = 0; i < chars; ++i) {
        unsigned long long c = 1;
        for (unsigned j = 0; j < i; ++j) {
            c *= 10;
        }
        c = (dec / c) % 10;
        bcd += static_cast<unsigned>(c << (i << 2));
    }
    return init;
}

// A bcdDevice range [lo, hi] becomes fnmatch patterns digit by digit from the right.
void usb_write(Reader& r) {
    UsbFields f{r.num("match_flags"),     r.num("idVendor"),           r.num("idProduct"),
                r.num("bDeviceClass"),    r.num("bDeviceSubClass"),    r.num("bDeviceProtocol"),
                r.num("bInterfaceClass"), r.num("bInterfaceSubClass"), r.num("bInterfaceProtocol"),
                r.num("bInterfaceNumber")};
    uint64_t lo = r.u("bcdDevice_lo");
    uint64_t hi = r.u("bcdDevice_hi");
    if (r.failed()) {
        return;
    }
    unsigned devlo = r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_DEV_LO") ? static_cast<unsigned>(lo) : 0U;
    unsigned devhi = r.flag(f.flags.value, "USB_DEVICE_ID_MATCH_DEV_HI") ? static_cast<unsigned>(hi) : ~0U;
    unsigned max = 0x9;
    for (int nd = 0; nd < 4; ++nd) {
        unsigned clo = (devlo >> (nd << 2)) & 0xf;
        unsigned chi = ((devhi > 0x9999 ? 0x9999 : devhi) >> (nd << 2)) & 0xf;
        if (clo > max || chi > max) {
            max = 0xf;
            break;
        }
    }
    // Placeholder slots (visor) would be catch-alls: modpost skips them.
    if ((f.vendor.value | f.product.value | f.dc.value | f.ic.value) == 0) {
        return;
    }
    for (int nd = 3; devlo <= devhi; --nd) {
        unsigned clo = devlo & 0xf;
        unsigned chi = devhi & 0xf;
        if (chi > max) {
            chi = max;
        }
        devlo >>= 4;
        devhi >>= 4;
        if (devlo == devhi || nd == 0) {
            usb_entry(r, f, devlo, nd, clo, chi, max);
            break;
        }
        if (clo > 0x0) {
            usb_entry(r, f, incbcd(devlo, 1, max, 4), nd, clo, max, max);
        }
        if (chi < max) {
            usb_entry(r, f, incbcd(devhi, -1, max, 4), nd, 0x0, chi, max);
        }
    }
}

// --- of ------------------------------------------------------------------------------------

void of_write(Reader& r) {
    std::string name = r.str("name");
    std::string type = r.str("type");
    std::string compatible = r.str("compatible");
    std::string s = "of:N" + (name.empty() ? std::string("*") : name) + "T" + (type.empty() ? std::string("*") : type);
    if (!compatible.empty()) {
        s += (type.empty() ? "" : "*") + std::string("C") + compatible;
    }
    spaces_to_underscores(s);
    r.emit(s);
    s += "C";
    add_wildcard(s);
    r.emit(std::move(s));
}

// --- the generic do_table types --------------------------------------------------------------

void hid_write(Reader& r) {
    Num bus = r.num("bus"), group = r.num("group"), vendor = r.num("vendor"), product = r.num("product");
    std::string s = "hid:";
    add(s, "b", r.differs(bus, "HID_BUS_ANY"), bus);
    add(s, "g", r.differs(group, "HID_GROUP_ANY"), group);
    add(s, "v", r.differs(vendor, "HID_ANY_ID"), vendor);
    add(s, "p", r.differs(product, "HID_ANY_ID"), product);
    r.emit(std::move(s));
}

void ieee1394_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "ieee1394:";
    add(s, "ven", r.flag(flags, "IEEE1394_MATCH_VENDOR_ID"), r.num("vendor_id"));
    add(s, "mo", r.flag(flags, "IEEE1394_MATCH_MODEL_ID"), r.num("model_id"));
    add(s, "sp", r.flag(flags, "IEEE1394_MATCH_SPECIFIER_ID"), r.num("specifier_id"));
    add(s, "ver", r.flag(flags, "IEEE1394_MATCH_VERSION"), r.num("version"));
    add_wildcard(s);
    r.emit(std::move(s));
}

void pci_write(Reader& r) {
    Num vendor = r.num("vendor"), device = r.num("device"), subvendor = r.num("subvendor"),
        subdevice = r.num("subdevice");
    uint64_t cls = r.u("class");
    uint64_t mask = r.u("class_mask");
    uint64_t override_only = r.u("override_only");
    std::string s;
    if (override_only == 0) {
        s = "pci:";
    } else if (static_cast<int64_t>(override_only) == r.constant("PCI_ID_F_VFIO_DRIVER_OVERRIDE")) {
        s = "vfio_pci:";
    } else {
        r.warn("unknown PCI driver_override alias " + hex(override_only, 8));
        return;
    }
    add(s, "v", r.differs(vendor, "PCI_ANY_ID"), vendor);
    add(s, "d", r.differs(device, "PCI_ANY_ID"), device);
    add(s, "sv", r.differs(subvendor, "PCI_ANY_ID"), subvendor);
    add(s, "sd", r.differs(subdevice, "PCI_ANY_ID"), subdevice);
    // class = base class, sub class, prog-if; each byte matches fully or not at all.
    std::array<uint64_t, 3> bytes{(cls >> 16) & 0xff, (cls >> 8) & 0xff, cls & 0xff};
    std::array<uint64_t, 3> masks{(mask >> 16) & 0xff, (mask >> 8) & 0xff, mask & 0xff};
    for (uint64_t m : masks) {
        if (m != 0 && m != 0xff) {
            r.warn("can't handle masks in class_mask " + hex(mask, 4));
            return;
        }
    }
    add(s, "bc", masks[0] == 0xff, Num{bytes[0], 8});
    add(s, "sc", masks[1] == 0xff, Num{bytes[1], 8});
    add(s, "i", masks[2] == 0xff, Num{bytes[2], 8});
    add_wildcard(s);
    r.emit(std::move(s));
}

void ccw_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "ccw:";
    add(s, "t", r.flag(flags, "CCW_DEVICE_ID_MATCH_CU_TYPE"), r.num("cu_type"));
    add(s, "m", r.flag(flags, "CCW_DEVICE_ID_MATCH_CU_MODEL"), r.num("cu_model"));
    add(s, "dt", r.flag(flags, "CCW_DEVICE_ID_MATCH_DEVICE_TYPE"), r.num("dev_type"));
    add(s, "dm", r.flag(flags, "CCW_DEVICE_ID_MATCH_DEVICE_MODEL"), r.num("dev_model"));
    add_wildcard(s);
    r.emit(std::move(s));
}

void ap_write(Reader& r) { r.emit("ap:t" + hex(r.u("dev_type"), 2) + "*"); }

void css_write(Reader& r) { r.emit("css:t" + hex(r.u("type"), 1)); }

void serio_write(Reader& r) {
    Num type = r.num("type"), proto = r.num("proto"), id = r.num("id"), extra = r.num("extra");
    std::string s = "serio:";
    add(s, "ty", r.differs(type, "SERIO_ANY"), type);
    add(s, "pr", r.differs(proto, "SERIO_ANY"), proto);
    add(s, "id", r.differs(id, "SERIO_ANY"), id);
    add(s, "ex", r.differs(extra, "SERIO_ANY"), extra);
    add_wildcard(s);
    r.emit(std::move(s));
}

// An empty id falls through to the class form (cls is an address in file2alias: always true).
void acpi_write(Reader& r) {
    std::string id = r.str("id");
    if (!id.empty()) {
        r.emit("acpi*:" + id + ":*");
        return;
    }
    uint64_t cls = r.u("cls");
    uint64_t msk = r.u("cls_msk");
    std::string s = "acpi*:";
    for (int i = 1; i <= 3; ++i) {
        int shift = 8 * (3 - i);
        s += ((msk >> shift) & 0xff) != 0 ? hex((cls >> shift) & 0xff, 2, false) : "??";
    }
    s += ":*";
    r.emit(std::move(s));
}

std::string upper(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

void pnp_write(Reader& r) {
    std::string id = r.str("id");
    r.emit("pnp:d" + id + "*");
    r.emit("acpi*:" + upper(id) + ":*");
}

void pcmcia_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "pcmcia:";
    add(s, "m", r.flag(flags, "PCMCIA_DEV_ID_MATCH_MANF_ID"), r.num("manf_id"));
    add(s, "c", r.flag(flags, "PCMCIA_DEV_ID_MATCH_CARD_ID"), r.num("card_id"));
    add(s, "f", r.flag(flags, "PCMCIA_DEV_ID_MATCH_FUNC_ID"), r.num("func_id"));
    add(s, "fn", r.flag(flags, "PCMCIA_DEV_ID_MATCH_FUNCTION"), r.num("function"));
    add(s, "pfn", r.flag(flags, "PCMCIA_DEV_ID_MATCH_DEVICE_NO"), r.num("device_no"));
    add(s, "pa", r.flag(flags, "PCMCIA_DEV_ID_MATCH_PROD_ID1"), r.num("prod_id_hash[0]"));
    add(s, "pb", r.flag(flags, "PCMCIA_DEV_ID_MATCH_PROD_ID2"), r.num("prod_id_hash[1]"));
    add(s, "pc", r.flag(flags, "PCMCIA_DEV_ID_MATCH_PROD_ID3"), r.num("prod_id_hash[2]"));
    add(s, "pd", r.flag(flags, "PCMCIA_DEV_ID_MATCH_PROD_ID4"), r.num("prod_id_hash[3]"));
    add_wildcard(s);
    r.emit(std::move(s));
}

void vio_write(Reader& r) {
    std::string type = r.str("type");
    std::string compat = r.str("compat");
    std::string s = "vio:T" + (type.empty() ? std::string("*") : type) + "S" + (compat.empty() ? std::string("*") : compat);
    spaces_to_underscores(s);
    add_wildcard(s);
    r.emit(std::move(s));
}

// Bits min..max of a kernel_ulong_t bitmap, each as "%X,*".
void input_bits(Reader& r, std::string& s, std::string_view field, unsigned min, unsigned max) {
    for (unsigned word = min / 64; word <= max / 64; ++word) {
        uint64_t bits = r.u(std::string(field) + "[" + std::to_string(word) + "]");
        for (unsigned b = 0; b < 64; ++b) {
            unsigned i = word * 64 + b;
            if (i >= min && i <= max && ((bits >> b) & 1) != 0) {
                s += hex(i, 0) + ",*";
            }
        }
    }
}

void input_write(Reader& r) {
    uint64_t flags = r.u("flags");
    std::string s = "input:";
    add(s, "b", r.flag(flags, "INPUT_DEVICE_ID_MATCH_BUS"), r.num("bustype"));
    add(s, "v", r.flag(flags, "INPUT_DEVICE_ID_MATCH_VENDOR"), r.num("vendor"));
    add(s, "p", r.flag(flags, "INPUT_DEVICE_ID_MATCH_PRODUCT"), r.num("product"));
    add(s, "e", r.flag(flags, "INPUT_DEVICE_ID_MATCH_VERSION"), r.num("version"));
    struct Map {
        const char* prefix;
        const char* flag;
        const char* field;
        const char* min;
        const char* max;
    };
    static constexpr Map kMaps[] = {
        {"-e*", "INPUT_DEVICE_ID_MATCH_EVBIT", "evbit", nullptr, "INPUT_DEVICE_ID_EV_MAX"},
        {"k*", "INPUT_DEVICE_ID_MATCH_KEYBIT", "keybit", "INPUT_DEVICE_ID_KEY_MIN_INTERESTING", "INPUT_DEVICE_ID_KEY_MAX"},
        {"r*", "INPUT_DEVICE_ID_MATCH_RELBIT", "relbit", nullptr, "INPUT_DEVICE_ID_REL_MAX"},
        {"a*", "INPUT_DEVICE_ID_MATCH_ABSBIT", "absbit", nullptr, "INPUT_DEVICE_ID_ABS_MAX"},
        {"m*", "INPUT_DEVICE_ID_MATCH_MSCIT", "mscbit", nullptr, "INPUT_DEVICE_ID_MSC_MAX"},
        {"l*", "INPUT_DEVICE_ID_MATCH_LEDBIT", "ledbit", nullptr, "INPUT_DEVICE_ID_LED_MAX"},
        {"s*", "INPUT_DEVICE_ID_MATCH_SNDBIT", "sndbit", nullptr, "INPUT_DEVICE_ID_SND_MAX"},
        {"f*", "INPUT_DEVICE_ID_MATCH_FFBIT", "ffbit", nullptr, "INPUT_DEVICE_ID_FF_MAX"},
        {"w*", "INPUT_DEVICE_ID_MATCH_SWBIT", "swbit", nullptr, "INPUT_DEVICE_ID_SW_MAX"},
    };
    for (const Map& m : kMaps) {
        s += m.prefix;
        if (r.flag(flags, m.flag)) {
            auto min = m.min != nullptr ? static_cast<unsigned>(r.constant(m.min)) : 0U;
            input_bits(r, s, m.field, min, static_cast<unsigned>(r.constant(m.max)));
        }
    }
    r.emit(std::move(s));
}

void eisa_write(Reader& r) { r.emit("eisa:s" + r.str("sig") + "*"); }

void parisc_write(Reader& r) {
    Num hw_type = r.num("hw_type"), hversion = r.num("hversion"), rev = r.num("hversion_rev"),
        sversion = r.num("sversion");
    std::string s = "parisc:";
    add(s, "t", r.differs(hw_type, "PA_HWTYPE_ANY_ID"), hw_type);
    add(s, "hv", r.differs(hversion, "PA_HVERSION_ANY_ID"), hversion);
    add(s, "rev", r.differs(rev, "PA_HVERSION_REV_ANY_ID"), rev);
    add(s, "sv", r.differs(sversion, "PA_SVERSION_ANY_ID"), sversion);
    add_wildcard(s);
    r.emit(std::move(s));
}

void sdio_write(Reader& r) {
    Num cls = r.num("class"), vendor = r.num("vendor"), device = r.num("device");
    std::string s = "sdio:";
    add(s, "c", r.differs_cast(cls, "SDIO_ANY_ID"), cls);
    add(s, "v", r.differs_cast(vendor, "SDIO_ANY_ID"), vendor);
    add(s, "d", r.differs_cast(device, "SDIO_ANY_ID"), device);
    add_wildcard(s);
    r.emit(std::move(s));
}

void ssb_write(Reader& r) {
    Num vendor = r.num("vendor"), coreid = r.num("coreid"), rev = r.num("revision");
    std::string s = "ssb:";
    add(s, "v", r.differs(vendor, "SSB_ANY_VENDOR"), vendor);
    add(s, "id", r.differs(coreid, "SSB_ANY_ID"), coreid);
    add(s, "rev", r.differs(rev, "SSB_ANY_REV"), rev);
    add_wildcard(s);
    r.emit(std::move(s));
}

void bcma_write(Reader& r) {
    Num manuf = r.num("manuf"), id = r.num("id"), rev = r.num("rev"), cls = r.num("class");
    std::string s = "bcma:";
    add(s, "m", r.differs(manuf, "BCMA_ANY_MANUF"), manuf);
    add(s, "id", r.differs(id, "BCMA_ANY_ID"), id);
    add(s, "rev", r.differs(rev, "BCMA_ANY_REV"), rev);
    add(s, "cl", r.differs(cls, "BCMA_ANY_CLASS"), cls);
    add_wildcard(s);
    r.emit(std::move(s));
}

void virtio_write(Reader& r) {
    Num device = r.num("device"), vendor = r.num("vendor");
    std::string s = "virtio:";
    add(s, "d", r.differs(device, "VIRTIO_DEV_ANY_ID"), device);
    add(s, "v", r.differs(vendor, "VIRTIO_DEV_ANY_ID"), vendor);
    add_wildcard(s);
    r.emit(std::move(s));
}

std::array<uint64_t, 16> guid_bytes(Reader& r, std::string_view field) {
    std::array<uint64_t, 16> b{};
    for (size_t i = 0; i < 16; ++i) {
        b[i] = r.u(std::string(field) + ".b[" + std::to_string(i) + "]");
    }
    return b;
}

void vmbus_write(Reader& r) {
    auto b = guid_bytes(r, "guid");
    std::string s = "vmbus:";
    for (uint64_t x : b) {
        s += hex(x, 2, false);
    }
    r.emit(std::move(s));
}

void rpmsg_write(Reader& r) { r.emit("rpmsg:" + r.str("name")); }
void i2c_write(Reader& r) { r.emit("i2c:" + r.str("name")); }
void spi_write(Reader& r) { r.emit("spi:" + r.str("name")); }
void platform_write(Reader& r) { r.emit("platform:" + r.str("name")); }
void auxiliary_write(Reader& r) { r.emit("auxiliary:" + r.str("name")); }
void mhi_write(Reader& r) { r.emit("mhi:" + r.str("chan")); }
void mhi_ep_write(Reader& r) { r.emit("mhi_ep:" + r.str("chan")); }

void i3c_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "i3c:";
    add(s, "dcr", r.flag(flags, "I3C_MATCH_DCR"), r.num("dcr"));
    add(s, "manuf", r.flag(flags, "I3C_MATCH_MANUF"), r.num("manuf_id"));
    add(s, "part", r.flag(flags, "I3C_MATCH_PART"), r.num("part_id"));
    add(s, "ext", r.flag(flags, "I3C_MATCH_EXTRA_INFO"), r.num("extra_info"));
    r.emit(std::move(s));
}

// Fields in file2alias's fixed order, whatever order the entry lists its matches in.
void dmi_write(Reader& r) {
    static constexpr std::pair<const char*, const char*> kFields[] = {
        {"bvn", "DMI_BIOS_VENDOR"},     {"bvr", "DMI_BIOS_VERSION"},   {"bd", "DMI_BIOS_DATE"},
        {"br", "DMI_BIOS_RELEASE"},     {"efr", "DMI_EC_FIRMWARE_RELEASE"}, {"svn", "DMI_SYS_VENDOR"},
        {"pn", "DMI_PRODUCT_NAME"},     {"pvr", "DMI_PRODUCT_VERSION"}, {"rvn", "DMI_BOARD_VENDOR"},
        {"rn", "DMI_BOARD_NAME"},       {"rvr", "DMI_BOARD_VERSION"},  {"cvn", "DMI_CHASSIS_VENDOR"},
        {"ct", "DMI_CHASSIS_TYPE"},     {"cvr", "DMI_CHASSIS_VERSION"},
    };
    std::array<uint64_t, 4> slots{};
    for (size_t j = 0; j < 4; ++j) {
        slots[j] = r.u("matches[" + std::to_string(j) + "].slot");
    }
    std::string s = "dmi*";
    for (const auto& [prefix, name] : kFields) {
        auto field = static_cast<uint64_t>(r.constant(name));
        for (size_t j = 0; j < 4; ++j) {
            if (slots[j] != 0 && slots[j] == field) {
                s += ":" + std::string(prefix) + "*";
                // Only printable ASCII other than ' ' and ':' survives.
                for (char c : r.str("matches[" + std::to_string(j) + "].substr")) {
                    if (c > ' ' && c < 127 && c != ':') {
                        s += c;
                    }
                }
                s += "*";
            }
        }
    }
    s += ":";
    r.emit(std::move(s));
}

void mdio_write(Reader& r) {
    uint64_t id = r.u("phy_id");
    uint64_t mask = r.u("phy_id_mask");
    std::string s = "mdio:";
    for (int i = 0; i < 32; ++i) {
        if (((mask >> (31 - i)) & 1) == 0) {
            s += '?';
        } else {
            s += ((id >> (31 - i)) & 1) != 0 ? '1' : '0';
        }
    }
    r.emit(std::move(s));
}

void zorro_write(Reader& r) {
    Num id = r.num("id");
    std::string s = "zorro:";
    add(s, "i", r.differs(id, "ZORRO_WILDCARD"), id);
    r.emit(std::move(s));
}

void isapnp_write(Reader& r) {
    uint64_t vendor = r.u("vendor");
    uint64_t function = r.u("function");
    std::string s = "pnp:d";
    s += static_cast<char>('A' + ((vendor >> 2) & 0x3f) - 1);
    s += static_cast<char>('A' + (((vendor & 3) << 3) | ((vendor >> 13) & 7)) - 1);
    s += static_cast<char>('A' + ((vendor >> 8) & 0x1f) - 1);
    s += hex((function >> 4) & 0x0f, 0, false) + hex(function & 0x0f, 0, false) +
         hex((function >> 12) & 0x0f, 0, false) + hex((function >> 8) & 0x0f, 0, false) + "*";
    r.emit(std::move(s));
}

void ipack_write(Reader& r) {
    Num format = r.num("format"), vendor = r.num("vendor"), device = r.num("device");
    std::string s = "ipack:";
    add(s, "f", r.differs(format, "IPACK_ANY_FORMAT"), format);
    add(s, "v", r.differs(vendor, "IPACK_ANY_ID"), vendor);
    add(s, "d", r.differs(device, "IPACK_ANY_ID"), device);
    add_wildcard(s);
    r.emit(std::move(s));
}

void amba_write(Reader& r) {
    uint64_t id = r.u("id");
    uint64_t mask = r.u("mask");
    if (r.failed()) {
        return;
    }
    if ((id & mask) != id) {
        r.fail("masked-off bits of AMBA device ID are non-zero: id=0x" + hex(id, 8) + ", mask=0x" + hex(mask, 8));
        return;
    }
    std::string s = "amba:d";
    for (int digit = 0; digit < 8; ++digit) {
        uint64_t nibble = (id >> (4 * (7 - digit))) & 0xf;
        uint64_t m = (mask >> (4 * (7 - digit))) & 0xf;
        if (m == 0) {
            s += '?';
        } else if (m == 0xf) {
            s += hex(nibble, 0);
        } else {
            s += '[';
            for (uint64_t i = 0; i < 0x10; ++i) {
                if ((i & m) == nibble) {
                    s += hex(i, 0);
                }
            }
            s += ']';
        }
    }
    r.emit(std::move(s));
}

void mipscdmm_write(Reader& r) { r.emit("mipscdmm:t" + hex(r.u("type"), 2) + "*"); }

void x86cpu_write(Reader& r) {
    Num feature = r.num("feature"), family = r.num("family"), model = r.num("model"), vendor = r.num("vendor");
    std::string s = "cpu:type:x86,";
    add(s, "ven", r.differs(vendor, "X86_VENDOR_ANY"), vendor);
    add(s, "fam", r.differs(family, "X86_FAMILY_ANY"), family);
    add(s, "mod", r.differs(model, "X86_MODEL_ANY"), model);
    s += ":feature:*";
    if (r.differs(feature, "X86_FEATURE_ANY")) {
        s += hex(feature.value, 4) + "*";
    }
    r.emit(std::move(s));
}

void cpu_write(Reader& r) { r.emit("cpu:type:*:feature:*" + hex(r.u("feature"), 4) + "*"); }

// uuid_le prints its first three groups byte-swapped, lowercase; guid_t (ishtp) likewise but
// uppercase; tee's uuid_t prints in memory order.
std::string swapped_uuid(const std::array<uint64_t, 16>& b, bool upper_case) {
    static constexpr int kOrder[] = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
    std::string s;
    for (int i : kOrder) {
        s += i < 0 ? std::string("-") : hex(b[static_cast<size_t>(i)], 2, upper_case);
    }
    return s;
}

void mei_write(Reader& r) {
    std::string name = r.str("name");
    auto uuid = guid_bytes(r, "uuid");
    Num version = r.num("version");
    std::string s = "mei:" + (name.empty() ? std::string("*") : name) + ":" + swapped_uuid(uuid, false);
    add(s, ":", r.differs(version, "MEI_CL_VERSION_ANY"), version);
    s += ":*";
    r.emit(std::move(s));
}

void rapidio_write(Reader& r) {
    Num did = r.num("did"), vid = r.num("vid"), asm_did = r.num("asm_did"), asm_vid = r.num("asm_vid");
    std::string s = "rapidio:";
    add(s, "v", r.differs(vid, "RIO_ANY_ID"), vid);
    add(s, "d", r.differs(did, "RIO_ANY_ID"), did);
    add(s, "av", r.differs(asm_vid, "RIO_ANY_ID"), asm_vid);
    add(s, "ad", r.differs(asm_did, "RIO_ANY_ID"), asm_did);
    add_wildcard(s);
    r.emit(std::move(s));
}

void ulpi_write(Reader& r) { r.emit("ulpi:v" + hex(r.u("vendor"), 4, false) + "p" + hex(r.u("product"), 4, false)); }

void hdaudio_write(Reader& r) {
    Num vendor = r.num("vendor_id"), rev = r.num("rev_id"), api = r.num("api_version");
    std::string s = "hdaudio:";
    add(s, "v", vendor.value != 0, vendor);
    add(s, "r", rev.value != 0, rev);
    add(s, "a", api.value != 0, api);
    add_wildcard(s);
    r.emit(std::move(s));
}

void sdw_write(Reader& r) {
    Num mfg = r.num("mfg_id"), part = r.num("part_id"), version = r.num("sdw_version"), cls = r.num("class_id");
    std::string s = "sdw:";
    add(s, "m", mfg.value != 0, mfg);
    add(s, "p", part.value != 0, part);
    add(s, "v", version.value != 0, version);
    add(s, "c", cls.value != 0, cls);
    add_wildcard(s);
    r.emit(std::move(s));
}

void fslmc_write(Reader& r) { r.emit("fsl-mc:v" + hex(r.u("vendor"), 8) + "d" + r.str("obj_type")); }

void tbsvc_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "tbsvc:";
    s += r.flag(flags, "TBSVC_MATCH_PROTOCOL_KEY") ? "k" + r.str("protocol_key") : std::string("k*");
    add(s, "p", r.flag(flags, "TBSVC_MATCH_PROTOCOL_ID"), r.num("protocol_id"));
    add(s, "v", r.flag(flags, "TBSVC_MATCH_PROTOCOL_VERSION"), r.num("protocol_version"));
    add(s, "r", r.flag(flags, "TBSVC_MATCH_PROTOCOL_REVISION"), r.num("protocol_revision"));
    add_wildcard(s);
    r.emit(std::move(s));
}

void typec_write(Reader& r) {
    Num mode = r.num("mode");
    std::string s = "typec:id" + hex(r.u("svid"), 4);
    add(s, "m", r.differs(mode, "TYPEC_ANY_MODE"), mode);
    r.emit(std::move(s));
}

void tee_write(Reader& r) {
    auto b = guid_bytes(r, "uuid");
    std::string s = "tee:";
    for (size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            s += '-';
        }
        s += hex(b[i], 2, false);
    }
    add_wildcard(s);
    r.emit(std::move(s));
}

void wmi_write(Reader& r) {
    std::string guid = r.str("guid_string");
    if (r.failed()) {
        return;
    }
    if (guid.size() != 36) {
        r.warn("invalid WMI device id 'wmi:" + guid + "'");
        return;
    }
    r.emit("wmi:" + guid);
}

void ishtp_write(Reader& r) { r.emit("ishtp:{" + swapped_uuid(guid_bytes(r, "guid"), true) + "}"); }

void ssam_write(Reader& r) {
    uint64_t flags = r.u("match_flags");
    std::string s = "ssam:d" + hex(r.u("domain"), 2) + "c" + hex(r.u("category"), 2);
    add(s, "t", r.flag(flags, "SSAM_MATCH_TARGET"), r.num("target"));
    add(s, "i", r.flag(flags, "SSAM_MATCH_INSTANCE"), r.num("instance"));
    add(s, "f", r.flag(flags, "SSAM_MATCH_FUNCTION"), r.num("function"));
    r.emit(std::move(s));
}

void dfl_write(Reader& r) {
    std::string s = "dfl:t" + hex(r.u("type"), 4) + "f" + hex(r.u("feature_id"), 4);
    add_wildcard(s);
    r.emit(std::move(s));
}

struct TypeInfo {
    std::string_view struct_name;
    Writer write;  // nullptr: pnp_card, which needs the whole table
};

const std::unordered_map<std::string_view, TypeInfo>& types() {
    static const std::unordered_map<std::string_view, TypeInfo> kTypes = {
        {"usb", {"usb_device_id", usb_write}},
        {"of", {"of_device_id", of_write}},
        {"pnp", {"pnp_device_id", pnp_write}},
        {"pnp_card", {"pnp_card_device_id", nullptr}},
        {"hid", {"hid_device_id", hid_write}},
        {"ieee1394", {"ieee1394_device_id", ieee1394_write}},
        {"pci", {"pci_device_id", pci_write}},
        {"ccw", {"ccw_device_id", ccw_write}},
        {"ap", {"ap_device_id", ap_write}},
        {"css", {"css_device_id", css_write}},
        {"serio", {"serio_device_id", serio_write}},
        {"acpi", {"acpi_device_id", acpi_write}},
        {"pcmcia", {"pcmcia_device_id", pcmcia_write}},
        {"vio", {"vio_device_id", vio_write}},
        {"input", {"input_device_id", input_write}},
        {"eisa", {"eisa_device_id", eisa_write}},
        {"parisc", {"parisc_device_id", parisc_write}},
        {"sdio", {"sdio_device_id", sdio_write}},
        {"ssb", {"ssb_device_id", ssb_write}},
        {"bcma", {"bcma_device_id", bcma_write}},
        {"virtio", {"virtio_device_id", virtio_write}},
        {"vmbus", {"hv_vmbus_device_id", vmbus_write}},
        {"rpmsg", {"rpmsg_device_id", rpmsg_write}},
        {"i2c", {"i2c_device_id", i2c_write}},
        {"i3c", {"i3c_device_id", i3c_write}},
        {"spi", {"spi_device_id", spi_write}},
        {"dmi", {"dmi_system_id", dmi_write}},
        {"platform", {"platform_device_id", platform_write}},
        {"mdio", {"mdio_device_id", mdio_write}},
        {"zorro", {"zorro_device_id", zorro_write}},
        {"isapnp", {"isapnp_device_id", isapnp_write}},
        {"ipack", {"ipack_device_id", ipack_write}},
        {"amba", {"amba_id", amba_write}},
        {"mipscdmm", {"mips_cdmm_device_id", mipscdmm_write}},
        {"x86cpu", {"x86_cpu_id", x86cpu_write}},
        {"cpu", {"cpu_feature", cpu_write}},
        {"mei", {"mei_cl_device_id", mei_write}},
        {"rapidio", {"rio_device_id", rapidio_write}},
        {"ulpi", {"ulpi_device_id", ulpi_write}},
        {"hdaudio", {"hda_device_id", hdaudio_write}},
        {"sdw", {"sdw_device_id", sdw_write}},
        {"fslmc", {"fsl_mc_device_id", fslmc_write}},
        {"tbsvc", {"tb_service_id", tbsvc_write}},
        {"typec", {"typec_device_id", typec_write}},
        {"tee", {"tee_client_device_id", tee_write}},
        {"wmi", {"wmi_device_id", wmi_write}},
        {"mhi", {"mhi_device_id", mhi_write}},
        {"mhi_ep", {"mhi_device_id", mhi_ep_write}},
        {"auxiliary", {"auxiliary_device_id", auxiliary_write}},
        {"ssam", {"ssam_device_id", ssam_write}},
        {"dfl", {"dfl_device_id", dfl_write}},
        {"ishtp", {"ishtp_device_id", ishtp_write}},
    };
    return kTypes;
}

// Device ids of a pnp card entry, up to the first empty one.
std::vector<std::string> card_devices(const EntryFields& e, std::string& error) {
    std::vector<std::string> ids;
    const Field* devs = e.layout().field("devs");
    uint32_t n = devs != nullptr ? devs->count : 0;
    for (uint32_t j = 0; j < n; ++j) {
        auto id = e.string("devs[" + std::to_string(j) + "].id");
        if (!id) {
            error = id.error();
            break;
        }
        if (id->empty()) {
            break;
        }
        ids.push_back(*id);
    }
    return ids;
}

// Each device id once per table: ids already listed by an earlier entry are skipped.
std::vector<EntryAliases> pnp_card_aliases(std::span<const EntryFields> entries) {
    std::vector<EntryAliases> out(entries.size() - 1);
    std::vector<std::vector<std::string>> seen;
    for (size_t i = 0; i + 1 < entries.size(); ++i) {
        std::vector<std::string> ids = card_devices(entries[i], out[i].error);
        for (const std::string& id : ids) {
            bool dup = false;
            for (const auto& earlier : seen) {
                for (const auto& other : earlier) {
                    dup = dup || other == id;
                }
            }
            if (!dup) {
                out[i].patterns.push_back("pnp:d" + id + "*");
                out[i].patterns.push_back("acpi*:" + upper(id) + ":*");
            }
        }
        seen.push_back(std::move(ids));
    }
    return out;
}

}  // namespace

std::string_view devtable_struct(std::string_view type) {
    auto it = types().find(type);
    return it == types().end() ? std::string_view{} : it->second.struct_name;
}

std::vector<EntryAliases> table_aliases(std::string_view type, std::span<const EntryFields> entries) {
    auto it = types().find(type);
    if (it == types().end() || entries.empty()) {
        return {};
    }
    if (it->second.write == nullptr) {
        return pnp_card_aliases(entries);
    }
    std::vector<EntryAliases> out(entries.size() - 1);
    for (size_t i = 0; i + 1 < entries.size(); ++i) {
        Reader r(entries[i], out[i]);
        it->second.write(r);
        if (r.failed()) {
            out[i].patterns.clear();
        }
    }
    return out;
}

}  // namespace hw::devtable
