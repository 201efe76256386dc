#include "probe/lspci.h"

#include <algorithm>

#include "probe/text.h"

namespace hw::probe {

namespace {

using text::Line;

// "00:1f.2" or "0000:00:1f.2" -> "0000:00:1f.2"; empty when not a PCI slot.
std::string normalize_slot(std::string_view s) {
    auto is_hex = [](std::string_view part, size_t n) {
        return part.size() == n && text::parse_hex(part).has_value();
    };
    std::string_view domain = "0000";
    if (s.size() == 12 && s[4] == ':') {
        domain = s.substr(0, 4);
        s.remove_prefix(5);
        if (!is_hex(domain, 4)) {
            return {};
        }
    }
    if (s.size() != 7 || s[2] != ':' || s[5] != '.' || !is_hex(s.substr(0, 2), 2) ||
        !is_hex(s.substr(3, 2), 2) || !is_hex(s.substr(6, 1), 1)) {
        return {};
    }
    return std::string(domain) + ":" + std::string(s);
}

struct Entry {
    Device dev;
    PciIds ids;
    int line = 0;
};

void finish(Entry& e, bool sub_known, bool progif_known, Probe& probe) {
    if (sub_known) {
        if (e.ids.subvendor < 0) {
            e.ids.subvendor = 0;
            e.ids.subdevice = 0;
        }
    }
    if (progif_known && e.ids.prog_if < 0) {
        e.ids.prog_if = 0;
    }
    e.dev.bus = "pci";
    e.dev.source = "lspci";
    e.dev.modalias = pci_modalias(e.ids);
    e.dev.incomplete = !is_complete(e.ids);
    ids_from_modalias(e.dev.modalias, e.dev.ids);
    if (e.ids.revision >= 0) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(e.ids.revision));
        e.dev.ids["revision"] = buf;
    }
    probe.devices.push_back(std::move(e.dev));
}

// "1af4:1041" -> vendor, device.
bool parse_pair(std::string_view s, int& a, int& b) {
    size_t colon = s.find(':');
    if (colon != 4 || s.size() != 9) {
        return false;
    }
    auto x = text::parse_hex(s.substr(0, 4));
    auto y = text::parse_hex(s.substr(5));
    if (!x || !y) {
        return false;
    }
    a = *x;
    b = *y;
    return true;
}

// Value of "(key xx" in s, e.g. "(rev 01)", "(prog-if 01 [AHCI 1.0])".
std::optional<int> paren_value(std::string_view s, std::string_view key) {
    size_t at = s.find(key);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    std::string_view v = s.substr(at + key.size());
    return text::parse_hex(v.substr(0, 2));
}

// One header line of the terse forms: "00:03.0 0200: 1af4:1041 (rev 01)" or
// "00:03.0 Ethernet controller [0200]: Red Hat, Inc. Virtio network device [1af4:1041] (rev 01)".
bool parse_header(std::string_view line, Entry& e, std::string& error) {
    size_t sp = line.find(' ');
    e.dev.slot = normalize_slot(line.substr(0, sp));
    if (sp == std::string_view::npos || e.dev.slot.empty()) {
        error = "expected a PCI slot (bus:device.function) at the start of the line";
        return false;
    }
    std::string_view rest = line.substr(sp + 1);
    size_t colon = rest.find(": ");
    if (colon == std::string_view::npos) {
        error = "expected 'class: vendor:device'";
        return false;
    }
    auto cls = text::parse_hex(text::bracketed_id(rest.substr(0, colon)));
    if (!cls || text::bracketed_id(rest.substr(0, colon)).size() != 4) {
        error = "no numeric class; lspci output must be made with -n or -nn";
        return false;
    }
    e.ids.base_class = *cls >> 8;
    e.ids.sub_class = *cls & 0xff;
    std::string_view ids = rest.substr(colon + 2);
    // Device names may hold parentheses: only "(rev" and "(prog-if" end the IDs.
    size_t paren = std::min(ids.find(" (rev "), ids.find(" (prog-if "));
    std::string_view tail = paren == std::string_view::npos ? std::string_view{} : ids.substr(paren);
    std::string_view pair = text::trim(ids.substr(0, paren));
    std::string_view name;
    if (pair.ends_with(']')) {
        size_t open = pair.rfind('[');
        name = text::trim(pair.substr(0, open));
        pair = text::bracketed_id(pair);
    }
    if (!parse_pair(pair, e.ids.vendor, e.ids.device)) {
        error = "no numeric vendor:device; lspci output must be made with -n or -nn";
        return false;
    }
    e.dev.name = std::string(name);
    if (auto rev = paren_value(tail, "(rev ")) {
        e.ids.revision = *rev;
    }
    if (auto pi = paren_value(tail, "(prog-if ")) {
        e.ids.prog_if = *pi;
    }
    return true;
}

Probe parse_terse(const std::vector<Line>& lines, std::string_view path) {
    Probe probe;
    // A file made with -k or -v shows indented detail lines; in such a file an absent
    // "Subsystem:" means subsystem 0 (and, with -v, an absent prog-if means 0).
    bool sub_known = false;
    bool progif_known = false;
    for (const auto& l : lines) {
        if (l.text.starts_with('\t') || l.text.starts_with(' ')) {
            std::string_view t = text::trim(l.text);
            if (t.empty()) {
                continue;
            }
            sub_known = true;
            if (!t.starts_with("Subsystem:") && !t.starts_with("Kernel driver in use:") &&
                !t.starts_with("Kernel modules:")) {
                progif_known = true;
            }
        }
    }
    std::vector<Entry> entries;
    for (const auto& l : lines) {
        if (text::trim(l.text).empty()) {
            continue;
        }
        if (l.text.starts_with('\t') || l.text.starts_with(' ')) {
            if (entries.empty()) {
                continue;
            }
            std::string_view t = text::trim(l.text);
            Entry& e = entries.back();
            if (t.starts_with("Subsystem:")) {
                int sv = -1, sd = -1;
                if (parse_pair(text::bracketed_id(t.substr(10)), sv, sd)) {
                    e.ids.subvendor = sv;
                    e.ids.subdevice = sd;
                } else {
                    probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                        "cannot read the subsystem IDs"));
                }
            } else if (t.starts_with("Kernel driver in use:")) {
                e.dev.driver = std::string(text::trim(t.substr(21)));
            }
            continue;
        }
        Entry e;
        e.line = l.number;
        std::string error;
        if (!parse_header(l.text, e, error)) {
            probe.diagnostics.push_back(
                text::make_diag(path, l.number, hw::Severity::Warning, error));
            continue;
        }
        entries.push_back(std::move(e));
    }
    for (auto& e : entries) {
        finish(e, sub_known, progif_known, probe);
    }
    return probe;
}

// -vmm: "Key:\tValue" records separated by blank lines.
Probe parse_machine(const std::vector<Line>& lines, std::string_view path) {
    Probe probe;
    std::optional<Entry> cur;
    bool bad = false;
    auto flush = [&] {
        if (cur && !bad) {
            finish(*cur, /*sub_known=*/true, /*progif_known=*/true, probe);
        }
        cur.reset();
        bad = false;
    };
    for (const auto& l : lines) {
        std::string_view t = text::trim(l.text);
        if (t.empty()) {
            flush();
            continue;
        }
        size_t colon = t.find(':');
        if (colon == std::string_view::npos) {
            probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                                                        "expected 'Key:<tab>value'"));
            continue;
        }
        std::string_view key = t.substr(0, colon);
        std::string_view value = text::trim(t.substr(colon + 1));
        if (key == "Slot") {
            flush();
            cur.emplace();
            cur->line = l.number;
            cur->dev.slot = normalize_slot(value);
            if (cur->dev.slot.empty()) {
                probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                    "expected a PCI slot (bus:device.function)"));
                bad = true;
            }
            continue;
        }
        if (!cur || bad) {
            continue;
        }
        auto id = text::parse_hex(text::bracketed_id(value));
        auto need = [&](int& field, size_t digits) {
            std::string_view num = text::bracketed_id(value);
            if (!id || num.size() != digits) {
                probe.diagnostics.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                    "no numeric " + std::string(key) +
                        "; lspci output must be made with -vmmn or -vmmnn"));
                bad = true;
                return;
            }
            field = *id;
        };
        if (key == "Class") {
            int cls = -1;
            need(cls, 4);
            if (!bad) {
                cur->ids.base_class = cls >> 8;
                cur->ids.sub_class = cls & 0xff;
            }
        } else if (key == "Vendor") {
            need(cur->ids.vendor, 4);
        } else if (key == "Device") {
            need(cur->ids.device, 4);
            if (value.ends_with(']')) {
                cur->dev.name = std::string(text::trim(value.substr(0, value.rfind('['))));
            }
        } else if (key == "SVendor") {
            need(cur->ids.subvendor, 4);
        } else if (key == "SDevice") {
            need(cur->ids.subdevice, 4);
        } else if (key == "Rev") {
            need(cur->ids.revision, 2);
        } else if (key == "ProgIf") {
            need(cur->ids.prog_if, 2);
        } else if (key == "Driver") {
            cur->dev.driver = std::string(value);
        }
    }
    flush();
    for (auto& d : probe.devices) {
        // A record without Vendor/Device/Class lines is not a device we can name.
        if (d.ids.count("vendor") == 0 || d.ids.count("device") == 0 || d.ids.count("class") == 0) {
            d.incomplete = true;
        }
    }
    return probe;
}

}  // namespace

Probe parse_lspci(std::string_view input, std::string_view path) {
    auto lines = text::split_lines(input);
    bool machine = false;
    bool any = false;
    for (const auto& l : lines) {
        std::string_view t = text::trim(l.text);
        if (t.empty()) {
            continue;
        }
        any = true;
        machine = t.starts_with("Slot:");
        break;
    }
    Probe probe = machine ? parse_machine(lines, path) : parse_terse(lines, path);
    if (any && probe.devices.empty()) {
        probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Error,
            "no PCI device found; expected the output of lspci -n, -nn or -vmmnn"));
    }
    return probe;
}

}  // namespace hw::probe
