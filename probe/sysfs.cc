#include "probe/sysfs.h"

#include "common/source_tree.h"
#include "probe/host_fs.h"

namespace hw::probe {

namespace {

hw::Diagnostic diag(std::string path, hw::Severity severity, std::string message) {
    hw::Diagnostic d;
    d.path = std::move(path);
    d.severity = severity;
    d.message = std::move(message);
    return d;
}

// Reads `rel`/modalias; false (with a warning when it exists but cannot be read) when none.
bool read_modalias(const HostFs& fs, const std::string& dir, std::string& out, Probe& probe) {
    std::string file = dir + "/modalias";
    if (!fs.exists(file)) {
        return false;
    }
    auto text = fs.read(file);
    if (!text) {
        probe.diagnostics.push_back(
            diag(file, hw::Severity::Warning, "cannot read modalias: " + text.error()));
        return false;
    }
    out = std::move(*text);
    return true;
}

void fill_driver(const HostFs& fs, const std::string& dir, Device& dev) {
    auto driver = fs.link_target(dir + "/driver");
    if (!driver) {
        return;
    }
    dev.driver = std::string(basename(*driver));
    if (auto module = fs.link_target(*driver + "/module")) {
        dev.module = std::string(basename(*module));
    }
}

void add_bus_device(const HostFs& fs, const std::string& bus, const std::string& name,
                    Probe& probe) {
    std::string link = "sys/bus/" + bus + "/devices/" + name;
    std::string dir = fs.resolve(link);
    std::string modalias;
    if (!read_modalias(fs, dir, modalias, probe)) {
        return;
    }
    Device dev;
    dev.bus = bus;
    dev.source = "sysfs";
    dev.slot = name;
    dev.sysfs_path = "/" + dir;
    dev.parent = "/" + std::string(hw::dirname(dir));
    dev.modalias = std::move(modalias);
    fill_driver(fs, dir, dev);
    if (!ids_from_modalias(dev.modalias, dev.ids)) {
        probe.diagnostics.push_back(diag(dir + "/modalias", hw::Severity::Warning,
                                         "unexpected " + bus + " modalias '" + dev.modalias + "'"));
    }
    if (bus == "usb") {
        if (auto product = fs.read(std::string(hw::dirname(dir)) + "/product")) {
            dev.name = std::move(*product);
        }
    }
    probe.devices.push_back(std::move(dev));
}

void add_single(const HostFs& fs, const std::string& dir, const char* bus, Probe& probe) {
    std::string modalias;
    if (!read_modalias(fs, dir, modalias, probe)) {
        return;
    }
    Device dev;
    dev.bus = bus;
    dev.source = bus;
    dev.slot = std::string(basename(dir));
    dev.sysfs_path = "/" + dir;
    dev.parent = "/" + std::string(hw::dirname(dir));
    dev.modalias = std::move(modalias);
    probe.devices.push_back(std::move(dev));
}

}  // namespace

Probe probe_sysfs(const std::filesystem::path& root) {
    Probe probe;
    HostFs fs(root);
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        probe.diagnostics.push_back(
            diag(root.string(), hw::Severity::Error, "sysfs root is not a directory"));
        return probe;
    }
    if (!fs.is_dir("sys/bus")) {
        probe.diagnostics.push_back(diag(root.string(), hw::Severity::Error,
                                         "not a sysfs root: no sys/bus directory below it"));
        return probe;
    }
    for (const auto& bus : fs.list("sys/bus")) {
        for (const auto& name : fs.list("sys/bus/" + bus + "/devices")) {
            add_bus_device(fs, bus, name, probe);
        }
    }
    add_single(fs, "sys/devices/system/cpu", "cpu", probe);
    add_single(fs, "sys/devices/virtual/dmi/id", "dmi", probe);
    return probe;
}

}  // namespace hw::probe
