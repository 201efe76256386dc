#include "probe/device.h"

#include <cstdio>

namespace hw::probe {

void merge(Probe& a, Probe b) {
    for (auto& d : b.devices) {
        a.devices.push_back(std::move(d));
    }
    for (auto& d : b.diagnostics) {
        a.diagnostics.push_back(std::move(d));
    }
}

namespace {

// Uppercase hex of `width` digits, or "*" when the value is unknown (< 0).
void append_field(std::string& out, std::string_view label, int value, int width) {
    out += label;
    if (value < 0) {
        out += '*';
        return;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*X", width, static_cast<unsigned>(value));
    out += buf;
}

std::string lower_hex(int value, int width) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%0*x", width, static_cast<unsigned>(value));
    return buf;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Reads `label` then either '*' (unknown: -1) or exactly `width` hex digits.
bool read_field(std::string_view& s, std::string_view label, int width, int& value) {
    if (!s.starts_with(label)) {
        return false;
    }
    s.remove_prefix(label.size());
    if (s.starts_with('*')) {
        value = -1;
        s.remove_prefix(1);
        return true;
    }
    if (s.size() < static_cast<size_t>(width)) {
        return false;
    }
    int v = 0;
    for (int i = 0; i < width; ++i) {
        int d = hex_digit(s[i]);
        if (d < 0) {
            return false;
        }
        v = v * 16 + d;
    }
    s.remove_prefix(width);
    value = v;
    return true;
}

void put(std::map<std::string, std::string>& ids, const char* key, int value, int width) {
    if (value >= 0) {
        ids[key] = lower_hex(value, width);
    }
}

}  // namespace

std::string pci_modalias(const PciIds& ids) {
    std::string s = "pci:";
    append_field(s, "v", ids.vendor, 8);
    append_field(s, "d", ids.device, 8);
    append_field(s, "sv", ids.subvendor, 8);
    append_field(s, "sd", ids.subdevice, 8);
    append_field(s, "bc", ids.base_class, 2);
    append_field(s, "sc", ids.sub_class, 2);
    append_field(s, "i", ids.prog_if, 2);
    return s;
}

std::string usb_modalias(const UsbIds& ids) {
    std::string s = "usb:";
    append_field(s, "v", ids.vendor, 4);
    append_field(s, "p", ids.product, 4);
    append_field(s, "d", ids.bcd_device, 4);
    append_field(s, "dc", ids.dev_class, 2);
    append_field(s, "dsc", ids.dev_subclass, 2);
    append_field(s, "dp", ids.dev_protocol, 2);
    append_field(s, "ic", ids.if_class, 2);
    append_field(s, "isc", ids.if_subclass, 2);
    append_field(s, "ip", ids.if_protocol, 2);
    append_field(s, "in", ids.if_number, 2);
    return s;
}

bool is_complete(const PciIds& i) {
    return i.vendor >= 0 && i.device >= 0 && i.subvendor >= 0 && i.subdevice >= 0 &&
           i.base_class >= 0 && i.sub_class >= 0 && i.prog_if >= 0;
}

bool is_complete(const UsbIds& i) {
    return i.vendor >= 0 && i.product >= 0 && i.bcd_device >= 0 && i.dev_class >= 0 &&
           i.dev_subclass >= 0 && i.dev_protocol >= 0 && i.if_class >= 0 && i.if_subclass >= 0 &&
           i.if_protocol >= 0 && i.if_number >= 0;
}

std::string_view modalias_bus(std::string_view modalias) {
    return modalias.substr(0, modalias.find(':'));
}

bool ids_from_modalias(std::string_view m, std::map<std::string, std::string>& ids) {
    if (m.starts_with("pci:")) {
        std::string_view s = m.substr(4);
        PciIds p;
        if (!(read_field(s, "v", 8, p.vendor) && read_field(s, "d", 8, p.device) &&
              read_field(s, "sv", 8, p.subvendor) && read_field(s, "sd", 8, p.subdevice) &&
              read_field(s, "bc", 2, p.base_class) && read_field(s, "sc", 2, p.sub_class) &&
              read_field(s, "i", 2, p.prog_if) && s.empty())) {
            return false;
        }
        // The kernel prints u16 IDs in 8 digits; keep the 4 that carry them.
        put(ids, "vendor", p.vendor, 4);
        put(ids, "device", p.device, 4);
        put(ids, "subvendor", p.subvendor, 4);
        put(ids, "subdevice", p.subdevice, 4);
        put(ids, "class", p.base_class, 2);
        put(ids, "subclass", p.sub_class, 2);
        put(ids, "progif", p.prog_if, 2);
        return true;
    }
    if (m.starts_with("usb:")) {
        std::string_view s = m.substr(4);
        UsbIds u;
        if (!(read_field(s, "v", 4, u.vendor) && read_field(s, "p", 4, u.product) &&
              read_field(s, "d", 4, u.bcd_device) && read_field(s, "dc", 2, u.dev_class) &&
              read_field(s, "dsc", 2, u.dev_subclass) && read_field(s, "dp", 2, u.dev_protocol) &&
              read_field(s, "ic", 2, u.if_class) && read_field(s, "isc", 2, u.if_subclass) &&
              read_field(s, "ip", 2, u.if_protocol) && read_field(s, "in", 2, u.if_number) &&
              s.empty())) {
            return false;
        }
        put(ids, "vendor", u.vendor, 4);
        put(ids, "product", u.product, 4);
        put(ids, "bcdDevice", u.bcd_device, 4);
        put(ids, "bDeviceClass", u.dev_class, 2);
        put(ids, "bDeviceSubClass", u.dev_subclass, 2);
        put(ids, "bDeviceProtocol", u.dev_protocol, 2);
        put(ids, "bInterfaceClass", u.if_class, 2);
        put(ids, "bInterfaceSubClass", u.if_subclass, 2);
        put(ids, "bInterfaceProtocol", u.if_protocol, 2);
        put(ids, "bInterfaceNumber", u.if_number, 2);
        return true;
    }
    return true;
}

}  // namespace hw::probe
