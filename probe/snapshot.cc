#include "probe/snapshot.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <string_view>

#include "common/source_tree.h"
#include "probe/host_fs.h"

namespace hw::probe {

namespace {

constexpr std::array<std::string_view, 26> kDeviceAttrs = {
    "modalias", "uevent", "vendor", "device", "subsystem_vendor", "subsystem_device", "class",
    "revision", "idVendor", "idProduct", "bcdDevice", "bDeviceClass", "bDeviceSubClass",
    "bDeviceProtocol", "bConfigurationValue", "bInterfaceNumber", "bAlternateSetting",
    "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol", "product", "manufacturer",
    "name", "busnum", "devnum", "interface"};
constexpr std::array<std::string_view, 12> kDmiAttrs = {
    "modalias", "sys_vendor", "product_name", "product_version", "board_vendor", "board_name",
    "board_version", "bios_vendor", "bios_version", "bios_date", "chassis_type", "chassis_vendor"};
constexpr size_t kBlock = 512;

struct Entry {
    bool link = false;
    std::string data;  // file contents or link target
};

class Collector {
public:
    explicit Collector(const HostFs& fs) : m_fs(fs) {}

    std::map<std::string, Entry> entries;

    void file(const std::string& rel) {
        if (entries.contains(rel)) {
            return;
        }
        if (auto text = m_fs.read(rel)) {
            entries[rel] = Entry{false, *text + "\n"};
        }
    }

    // Adds the link itself; returns its resolved target ("" when not a link).
    std::string link(const std::string& rel) {
        std::error_code ec;
        auto target = std::filesystem::read_symlink(m_fs.root() / rel, ec);
        if (ec || target.is_absolute()) {
            return {};
        }
        entries[rel] = Entry{true, target.string()};
        auto resolved = m_fs.link_target(rel);
        return resolved ? *resolved : std::string();
    }

    void device_dir(const std::string& dir) {
        if (!m_devices.insert(dir).second) {
            return;
        }
        for (auto attr : kDeviceAttrs) {
            file(dir + "/" + std::string(attr));
        }
        link(dir + "/subsystem");
        std::string driver = link(dir + "/driver");
        if (!driver.empty()) {
            link(driver + "/module");
        }
    }

    // The device and every ancestor below sys/devices.
    void device_chain(std::string dir) {
        for (; dir.starts_with("sys/devices/"); dir = std::string(hw::dirname(dir))) {
            device_dir(dir);
        }
    }

    void block_dir(const std::string& dir, int depth) {
        if (depth > 16 || !m_blocks.insert(dir).second) {
            return;
        }
        for (const char* f : {"dev", "partition", "dm/uuid", "dm/name", "md/level"}) {
            file(dir + "/" + f);
        }
        if (m_fs.exists(dir + "/partition")) {
            block_dir(std::string(hw::dirname(dir)), depth + 1);
        }
        std::string device = link(dir + "/device");
        if (!device.empty()) {
            device_chain(device);
        }
        for (const auto& slave : m_fs.list(dir + "/slaves")) {
            std::string target = link(dir + "/slaves/" + slave);
            if (!target.empty()) {
                block_dir(target, depth + 1);
            }
        }
    }

private:
    const HostFs& m_fs;
    std::set<std::string> m_devices;
    std::set<std::string> m_blocks;
};

void octal(char* field, size_t width, unsigned long long value) {
    std::snprintf(field, width, "%0*llo", static_cast<int>(width - 1), value);
}

std::string pax_record(std::string_view key, std::string_view value) {
    // "LEN key=value\n" where LEN counts the whole record, itself included.
    size_t body = key.size() + value.size() + 3;
    size_t len = body + 1;
    while (std::to_string(len).size() + body != len) {
        ++len;
    }
    return std::to_string(len) + " " + std::string(key) + "=" + std::string(value) + "\n";
}

void header(std::string& out, std::string_view name, char type, size_t size, std::string_view link) {
    char h[kBlock] = {};
    std::memcpy(h, name.data(), std::min<size_t>(name.size(), 99));
    octal(h + 100, 8, type == '5' ? 0755 : (type == '2' ? 0777 : 0644));
    octal(h + 108, 8, 0);
    octal(h + 116, 8, 0);
    octal(h + 124, 12, size);
    octal(h + 136, 12, 0);
    h[156] = type;
    std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 99));
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : h) {
        sum += c;
    }
    std::snprintf(h + 148, 8, "%06o", sum);
    out.append(h, kBlock);
}

void pad(std::string& out) {
    out.append((kBlock - out.size() % kBlock) % kBlock, '\0');
}

void add_entry(std::string& out, const std::string& name, const Entry& e) {
    std::string pax;
    if (name.size() > 99) {
        pax += pax_record("path", name);
    }
    if (e.link && e.data.size() > 99) {
        pax += pax_record("linkpath", e.data);
    }
    if (!pax.empty()) {
        header(out, "PaxHeader", 'x', pax.size(), "");
        out += pax;
        pad(out);
    }
    header(out, name, e.link ? '2' : '0', e.link ? 0 : e.data.size(), e.link ? e.data : "");
    if (!e.link) {
        out += e.data;
        pad(out);
    }
}

bool safe_relative(std::string_view p) {
    if (p.empty() || p.front() == '/') {
        return false;
    }
    return hw::normalize_path(p) == p && p != ".." && !p.starts_with("../");
}

}  // namespace

std::expected<void, std::string> write_snapshot(const std::filesystem::path& root,
                                                const std::filesystem::path& tar) {
    HostFs fs(root);
    if (!fs.is_dir("sys/bus")) {
        return std::unexpected(root.string() + ": not a sysfs root: no sys/bus directory below it");
    }
    Collector c(fs);
    for (const auto& bus : fs.list("sys/bus")) {
        for (const auto& name : fs.list("sys/bus/" + bus + "/devices")) {
            std::string dir = c.link("sys/bus/" + bus + "/devices/" + name);
            if (!dir.empty()) {
                c.device_dir(dir);
                c.device_dir(std::string(hw::dirname(dir)));
            }
        }
    }
    c.file("sys/devices/system/cpu/modalias");
    for (auto attr : kDmiAttrs) {
        c.file("sys/devices/virtual/dmi/id/" + std::string(attr));
    }
    c.file("proc/self/mountinfo");
    for (const char* top : {"sys/dev/block", "sys/block"}) {
        for (const auto& name : fs.list(top)) {
            std::string dir = c.link(std::string(top) + "/" + name);
            if (!dir.empty()) {
                c.block_dir(dir, 0);
            }
        }
    }
    std::string out;
    for (const auto& [name, e] : c.entries) {
        add_entry(out, name, e);
    }
    out.append(2 * kBlock, '\0');
    std::ofstream f(tar, std::ios::binary | std::ios::trunc);
    if (!f) {
        return std::unexpected(tar.string() + ": cannot create: " + std::strerror(errno));
    }
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    f.close();
    if (!f) {
        return std::unexpected(tar.string() + ": write failed");
    }
    return {};
}

std::expected<void, std::string> extract_snapshot(const std::filesystem::path& tar,
                                                  const std::filesystem::path& dir) {
    auto data = hw::read_file(tar);
    if (!data) {
        return std::unexpected(tar.string() + ": " + data.error().message);
    }
    const std::string& s = *data;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return std::unexpected(dir.string() + ": " + ec.message());
    }
    std::string pax_path, pax_link;
    size_t pos = 0;
    while (pos + kBlock <= s.size()) {
        const char* h = s.data() + pos;
        if (h[0] == '\0') {
            return {};  // end-of-archive blocks
        }
        std::string_view name(h, strnlen(h, 100));
        std::string_view link(h + 157, strnlen(h + 157, 100));
        char type = h[156];
        unsigned long long size = std::strtoull(std::string(h + 124, 12).c_str(), nullptr, 8);
        pos += kBlock;
        if (size > s.size() - pos) {
            return std::unexpected(tar.string() + ": truncated archive");
        }
        std::string_view body(s.data() + pos, size);
        pos += (size + kBlock - 1) / kBlock * kBlock;
        if (type == 'x') {
            // Records "LEN key=value\n".
            for (size_t at = 0; at < body.size();) {
                size_t sp = body.find(' ', at);
                size_t len = sp == std::string_view::npos ? 0 : std::strtoul(std::string(body.substr(at, sp - at)).c_str(), nullptr, 10);
                if (len == 0 || at + len > body.size()) {
                    return std::unexpected(tar.string() + ": bad pax header");
                }
                std::string_view rec = body.substr(sp + 1, at + len - sp - 2);
                if (rec.starts_with("path=")) {
                    pax_path = std::string(rec.substr(5));
                } else if (rec.starts_with("linkpath=")) {
                    pax_link = std::string(rec.substr(9));
                }
                at += len;
            }
            continue;
        }
        std::string path = pax_path.empty() ? std::string(name) : pax_path;
        std::string target = pax_link.empty() ? std::string(link) : pax_link;
        pax_path.clear();
        pax_link.clear();
        if (!safe_relative(path)) {
            return std::unexpected(tar.string() + ": refusing entry '" + path + "'");
        }
        auto out = dir / path;
        std::filesystem::create_directories(out.parent_path(), ec);
        if (type == '5') {
            std::filesystem::create_directories(out, ec);
        } else if (type == '2') {
            if (target.empty() || target.front() == '/') {
                return std::unexpected(tar.string() + ": refusing link '" + path + "' -> '" + target + "'");
            }
            std::filesystem::remove(out, ec);
            std::filesystem::create_symlink(target, out, ec);
        } else if (type == '0' || type == '\0') {
            std::ofstream f(out, std::ios::binary | std::ios::trunc);
            f.write(body.data(), static_cast<std::streamsize>(body.size()));
            if (!f) {
                return std::unexpected(out.string() + ": write failed");
            }
        }
        if (ec) {
            return std::unexpected(out.string() + ": " + ec.message());
        }
    }
    return std::unexpected(tar.string() + ": archive has no end marker");
}

}  // namespace hw::probe
