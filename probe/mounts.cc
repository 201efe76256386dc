#include "probe/mounts.h"

#include <array>
#include <set>

#include "common/source_tree.h"
#include "probe/host_fs.h"
#include "probe/text.h"

namespace hw::probe {

namespace {

constexpr std::array<std::string_view, 17> kSkippedFs = {
    "proc",   "sysfs",   "devtmpfs", "devpts",    "cgroup",     "cgroup2",
    "securityfs", "debugfs", "tracefs", "bpf", "mqueue", "configfs",
    "fusectl", "pstore", "hugetlbfs", "nsfs", "rpc_pipefs"};

// Mount points escape ' ', '\t', '\n' and '\\' as octal.
std::string unescape(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && s.size() - i >= 4 &&
            s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' && s[i + 2] <= '7' &&
            s[i + 3] >= '0' && s[i + 3] <= '7') {
            out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t sp = s.find(' ', pos);
        if (sp == std::string_view::npos) {
            sp = s.size();
        }
        if (sp > pos) {
            out.push_back(s.substr(pos, sp - pos));
        }
        pos = sp + 1;
    }
    return out;
}

struct Walker {
    const HostFs& fs;
    Probe& probe;
    std::set<std::string> seen_modalias;
    std::set<std::string> seen_dirs;
    std::map<std::string, size_t> index;  // modalias -> position in probe.devices

    void add(std::string bus, std::string modalias, std::string slot, std::string path,
             const std::string& mount_point) {
        auto it = index.find(modalias);
        if (it != index.end()) {
            Device& d = probe.devices[it->second];
            if (!(" " + d.name + " ").contains(" " + mount_point + " ")) {
                d.name += " " + mount_point;
            }
            return;
        }
        Device d;
        d.bus = std::move(bus);
        d.source = "block";
        d.ids.clear();
        ids_from_modalias(modalias, d.ids);
        d.modalias = modalias;
        d.slot = std::move(slot);
        d.sysfs_path = path.empty() ? std::string() : "/" + path;
        d.parent = path.empty() ? std::string() : "/" + std::string(hw::dirname(path));
        d.name = mount_point;
        index[modalias] = probe.devices.size();
        probe.devices.push_back(std::move(d));
    }

    void warn(std::string path, std::string message) {
        probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Warning, std::move(message)));
    }

    // `dir` is a block device's directory ("sys/devices/.../block/sda" or ".../sda/sda1").
    void walk(std::string dir, const std::string& mount_point, int depth) {
        if (depth > 16 || !seen_dirs.insert(dir + "\n" + mount_point).second) {
            return;
        }
        std::string name(basename(dir));
        if (auto dev = fs.read(dir + "/dev")) {
            std::string mm = *dev;
            size_t colon = mm.find(':');
            if (colon != std::string::npos) {
                add("block", "block-major-" + mm.substr(0, colon) + "-" + mm.substr(colon + 1), name,
                    dir, mount_point);
            }
        }
        if (fs.exists(dir + "/partition")) {
            walk(std::string(hw::dirname(dir)), mount_point, depth + 1);
            return;
        }
        bool virtual_stack = false;
        if (fs.is_dir(dir + "/dm")) {
            virtual_stack = true;
            add("block", "dm-mod", name, dir, mount_point);
            auto uuid = fs.read(dir + "/dm/uuid");
            if (!uuid) {
                warn(dir + "/dm/uuid", "cannot read: " + uuid.error());
            } else if (uuid->starts_with("CRYPT-")) {
                add("block", "dm-crypt", name, dir, mount_point);
            } else if (uuid->starts_with("mpath-")) {
                add("block", "dm-multipath", name, dir, mount_point);
            } else if (uuid->starts_with("DMRAID-")) {
                add("block", "dm-raid", name, dir, mount_point);
            }
        }
        if (fs.is_dir(dir + "/md")) {
            virtual_stack = true;
            add("block", "md-mod", name, dir, mount_point);
            auto level = fs.read(dir + "/md/level");
            if (!level) {
                warn(dir + "/md/level", "cannot read: " + level.error());
            } else if (!level->empty()) {
                add("block", "md-" + *level, name, dir, mount_point);
            }
        }
        for (const auto& slave : fs.list(dir + "/slaves")) {
            virtual_stack = true;
            walk(fs.resolve(dir + "/slaves/" + slave), mount_point, depth + 1);
        }
        if (virtual_stack) {
            return;
        }
        // The disk's device and its ancestors: through the `device` link where there is one,
        // else up the block directory's own path (a disk lives below its device:
        // .../virtio1/block/vda), which is all a recording without that link has.
        auto device = fs.link_target(dir + "/device");
        for (std::string d = device ? *device : std::string(hw::dirname(dir)); d.starts_with("sys/devices/");
             d = std::string(hw::dirname(d))) {
            auto modalias = fs.read(d + "/modalias");
            if (!modalias || modalias->empty()) {
                continue;
            }
            auto subsystem = fs.link_target(d + "/subsystem");
            std::string bus = subsystem ? std::string(basename(*subsystem))
                                        : std::string(modalias_bus(*modalias));
            add(bus, *modalias, std::string(basename(d)), d, mount_point);
        }
    }
};

}  // namespace

std::vector<Mount> parse_mountinfo(std::string_view input, std::string_view path, hw::Diagnostics& diags) {
    std::vector<Mount> mounts;
    for (const auto& l : text::split_lines(input)) {
        if (text::trim(l.text).empty()) {
            continue;
        }
        auto w = words(l.text);
        size_t dash = 0;
        for (size_t i = 6; i < w.size(); ++i) {
            if (w[i] == "-") {
                dash = i;
                break;
            }
        }
        Mount m;
        size_t colon = w.size() > 2 ? w[2].find(':') : std::string_view::npos;
        auto major = colon == std::string_view::npos ? std::nullopt : text::parse_dec(w[2].substr(0, colon));
        auto minor = colon == std::string_view::npos ? std::nullopt : text::parse_dec(w[2].substr(colon + 1));
        if (dash == 0 || dash + 1 >= w.size() || !major || !minor) {
            diags.push_back(text::make_diag(path, l.number, hw::Severity::Warning,
                "expected 'ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS ... - TYPE SOURCE OPTIONS'"));
            continue;
        }
        m.major = *major;
        m.minor = *minor;
        m.mount_point = unescape(w[4]);
        m.fs_type = std::string(w[dash + 1]);
        m.source = dash + 2 < w.size() ? unescape(w[dash + 2]) : std::string();
        mounts.push_back(std::move(m));
    }
    return mounts;
}

std::string fs_alias(std::string_view fs_type) {
    for (auto skipped : kSkippedFs) {
        if (fs_type == skipped) {
            return {};
        }
    }
    size_t dot = fs_type.find('.');
    if (dot != std::string_view::npos) {
        fs_type = fs_type.substr(0, dot);  // "fuse.sshfs": the kernel type is "fuse"
    }
    if (fs_type.empty()) {
        return {};
    }
    return "fs-" + std::string(fs_type);
}

Probe probe_mounts(const std::filesystem::path& root) {
    Probe probe;
    HostFs fs(root);
    const std::string info_path = "proc/self/mountinfo";
    auto info = fs.read(info_path);
    if (!info) {
        probe.diagnostics.push_back(text::make_diag(info_path, 0, hw::Severity::Error,
                                                    "cannot read mount table: " + info.error()));
        return probe;
    }
    auto mounts = parse_mountinfo(*info, info_path, probe.diagnostics);
    std::map<std::string, size_t> fs_index;
    for (const auto& m : mounts) {
        std::string alias = fs_alias(m.fs_type);
        if (alias.empty()) {
            continue;
        }
        auto it = fs_index.find(alias);
        if (it != fs_index.end()) {
            Device& d = probe.devices[it->second];
            if (!(" " + d.name + " ").contains(" " + m.mount_point + " ")) {
                d.name += " " + m.mount_point;
            }
            continue;
        }
        Device d;
        d.bus = "fs";
        d.source = "mountinfo";
        d.modalias = alias;
        d.slot = m.fs_type.substr(0, m.fs_type.find('.'));
        d.name = m.mount_point;
        fs_index[alias] = probe.devices.size();
        probe.devices.push_back(std::move(d));
    }
    Walker walker{fs, probe, {}, {}, {}};
    for (const auto& m : mounts) {
        if (m.major == 0 || fs_alias(m.fs_type).empty()) {
            continue;  // major 0: anonymous (tmpfs, overlay, nfs, ...), no block device
        }
        std::string link = "sys/dev/block/" + std::to_string(m.major) + ":" + std::to_string(m.minor);
        auto dir = fs.link_target(link);
        if (!dir) {
            walker.warn(link, "no block device for the file system mounted on " + m.mount_point);
            continue;
        }
        walker.walk(*dir, m.mount_point, 0);
    }
    return probe;
}

}  // namespace hw::probe
