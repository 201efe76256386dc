#include "probe/lsusb.h"

#include <cstdio>

#include "probe/text.h"

namespace hw::probe {

namespace {

struct Interface {
    int number = -1, alt = -1, cls = -1, subclass = -1, protocol = -1;
};

struct UsbDev {
    int bus = 0, dev = 0;
    UsbIds ids;  // device part
    std::string name;
    bool verbose = false;
    int configs = 0;
    int config_value = 1;
    std::vector<Interface> interfaces;  // first configuration only
};

enum class Section { None, Device, Config, Interface, Other };

std::string slot_of(const UsbDev& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%03d:%03d", d.bus, d.dev);
    return buf;
}

// "Bus 001 Device 002: ID 0627:0001 Adomax Technology Co., Ltd QEMU USB Tablet"
bool parse_bus_line(std::string_view t, UsbDev& d) {
    if (!t.starts_with("Bus ") || t.size() < 23) {
        return false;
    }
    auto bus = text::parse_dec(t.substr(4, 3));
    if (!bus || t.substr(7, 8) != " Device ") {
        return false;
    }
    auto dev = text::parse_dec(t.substr(15, 3));
    if (!dev || t.substr(18, 5) != ": ID ") {
        return false;
    }
    std::string_view ids = t.substr(23);
    if (ids.size() < 9 || ids[4] != ':') {
        return false;
    }
    auto v = text::parse_hex(ids.substr(0, 4));
    auto p = text::parse_hex(ids.substr(5, 4));
    if (!v || !p || (ids.size() > 9 && ids[9] != ' ')) {
        return false;
    }
    d.bus = *bus;
    d.dev = *dev;
    d.ids.vendor = *v;
    d.ids.product = *p;
    d.name = ids.size() > 10 ? std::string(text::trim(ids.substr(10))) : std::string();
    return true;
}

// "bcdDevice            6.01" value -> 0x0601.
std::optional<int> parse_bcd(std::string_view v) {
    size_t dot = v.find('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    auto hi = text::parse_hex(v.substr(0, dot));
    auto lo = text::parse_hex(v.substr(dot + 1));
    if (!hi || !lo || *hi > 0xff || *lo > 0xff) {
        return std::nullopt;
    }
    return (*hi << 8) | *lo;
}

// Splits "bDeviceClass            9 Hub" into key and first value word.
void key_value(std::string_view t, std::string_view& key, std::string_view& value) {
    size_t sp = t.find(' ');
    key = t.substr(0, sp);
    value = sp == std::string_view::npos ? std::string_view{} : text::trim(t.substr(sp));
    size_t end = value.find(' ');
    if (end != std::string_view::npos) {
        value = value.substr(0, end);
    }
}

void emit(const UsbDev& d, Probe& probe) {
    if (!d.verbose || d.interfaces.empty()) {
        Device dev;
        dev.bus = "usb";
        dev.source = "lsusb";
        dev.slot = slot_of(d);
        dev.name = d.name;
        dev.modalias = usb_modalias(d.ids);
        dev.incomplete = true;
        ids_from_modalias(dev.modalias, dev.ids);
        probe.devices.push_back(std::move(dev));
        return;
    }
    // One entry per interface number: alternate setting 0, else the first listed.
    std::vector<const Interface*> chosen;
    for (const auto& itf : d.interfaces) {
        const Interface** slot = nullptr;
        for (auto& c : chosen) {
            if (c->number == itf.number) {
                slot = &c;
            }
        }
        if (slot == nullptr) {
            chosen.push_back(&itf);
        } else if ((*slot)->alt != 0 && itf.alt == 0) {
            *slot = &itf;
        }
    }
    for (const Interface* itf : chosen) {
        UsbIds ids = d.ids;
        ids.if_class = itf->cls;
        ids.if_subclass = itf->subclass;
        ids.if_protocol = itf->protocol;
        ids.if_number = itf->number;
        Device dev;
        dev.bus = "usb";
        dev.source = "lsusb";
        char buf[48];
        std::snprintf(buf, sizeof buf, "%s:%d.%d", slot_of(d).c_str(), d.config_value,
                      itf->number < 0 ? 0 : itf->number);
        dev.slot = buf;
        dev.name = d.name;
        dev.modalias = usb_modalias(ids);
        dev.incomplete = !is_complete(ids);
        ids_from_modalias(dev.modalias, dev.ids);
        probe.devices.push_back(std::move(dev));
    }
}

}  // namespace

Probe parse_lsusb(std::string_view input, std::string_view path) {
    Probe probe;
    std::optional<UsbDev> cur;
    Section section = Section::None;
    bool any_text = false;
    auto warn = [&](int line, std::string msg) {
        probe.diagnostics.push_back(text::make_diag(path, line, hw::Severity::Warning, std::move(msg)));
    };
    for (const auto& l : text::split_lines(input)) {
        std::string_view t = text::trim(l.text);
        if (t.empty()) {
            continue;
        }
        any_text = true;
        if (t.starts_with("Bus ")) {
            if (cur) {
                emit(*cur, probe);
            }
            cur.emplace();
            section = Section::None;
            if (!parse_bus_line(t, *cur)) {
                warn(l.number, "expected 'Bus NNN Device NNN: ID vvvv:pppp'");
                cur.reset();
            }
            continue;
        }
        if (!cur) {
            continue;
        }
        if (t.ends_with(':') && t.find("  ") == std::string_view::npos) {
            if (t == "Device Descriptor:") {
                section = Section::Device;
                cur->verbose = true;
            } else if (t == "Configuration Descriptor:") {
                ++cur->configs;
                section = cur->configs == 1 ? Section::Config : Section::Other;
            } else if (t == "Interface Descriptor:") {
                if (cur->configs == 1) {
                    cur->interfaces.emplace_back();
                    section = Section::Interface;
                } else {
                    section = Section::Other;
                }
            } else {
                section = Section::Other;
            }
            continue;
        }
        std::string_view key, value;
        key_value(t, key, value);
        auto dec = [&](int& field) {
            auto v = text::parse_dec(value);
            if (!v || *v > 255) {
                warn(l.number, "expected a decimal value for " + std::string(key));
                return;
            }
            field = *v;
        };
        if (section == Section::Device) {
            if (key == "bcdDevice") {
                if (auto v = parse_bcd(value)) {
                    cur->ids.bcd_device = *v;
                } else {
                    warn(l.number, "expected bcdDevice as 'x.yy'");
                }
            } else if (key == "bDeviceClass") {
                dec(cur->ids.dev_class);
            } else if (key == "bDeviceSubClass") {
                dec(cur->ids.dev_subclass);
            } else if (key == "bDeviceProtocol") {
                dec(cur->ids.dev_protocol);
            }
        } else if (section == Section::Config) {
            if (key == "bConfigurationValue") {
                dec(cur->config_value);
            }
        } else if (section == Section::Interface) {
            Interface& itf = cur->interfaces.back();
            if (key == "bInterfaceNumber") {
                dec(itf.number);
            } else if (key == "bAlternateSetting") {
                dec(itf.alt);
            } else if (key == "bInterfaceClass") {
                dec(itf.cls);
            } else if (key == "bInterfaceSubClass") {
                dec(itf.subclass);
            } else if (key == "bInterfaceProtocol") {
                dec(itf.protocol);
            }
        }
    }
    if (cur) {
        emit(*cur, probe);
    }
    if (any_text && probe.devices.empty()) {
        probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Error,
            "no USB device found; expected the output of lsusb or lsusb -v"));
    }
    return probe;
}

}  // namespace hw::probe
