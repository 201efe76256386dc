#include "probe/live.h"

#ifdef HW_HAVE_LIBUDEV
#include <libudev.h>
#endif

#include "probe/host_fs.h"
#include "probe/text.h"

namespace hw::probe {

#ifdef HW_HAVE_LIBUDEV

namespace {

std::string str(const char* s) {
    return s == nullptr ? std::string() : std::string(s);
}

}  // namespace

Probe probe_udev() {
    Probe probe;
    udev* u = udev_new();
    if (u == nullptr) {
        probe.diagnostics.push_back(text::make_diag("udev", 0, hw::Severity::Error, "udev_new failed"));
        return probe;
    }
    udev_enumerate* e = udev_enumerate_new(u);
    udev_enumerate_add_match_property(e, "MODALIAS", "*");
    if (udev_enumerate_scan_devices(e) < 0) {
        probe.diagnostics.push_back(
            text::make_diag("udev", 0, hw::Severity::Error, "cannot enumerate devices"));
    }
    HostFs fs("/");
    udev_list_entry* entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(e)) {
        udev_device* d = udev_device_new_from_syspath(u, udev_list_entry_get_name(entry));
        if (d == nullptr) {
            continue;
        }
        Device dev;
        dev.modalias = str(udev_device_get_property_value(d, "MODALIAS"));
        if (!dev.modalias.empty()) {
            dev.source = "udev";
            dev.bus = str(udev_device_get_subsystem(d));
            dev.slot = str(udev_device_get_sysname(d));
            dev.sysfs_path = str(udev_device_get_syspath(d));
            dev.driver = str(udev_device_get_driver(d));
            if (udev_device* parent = udev_device_get_parent(d)) {
                dev.parent = str(udev_device_get_syspath(parent));
            }
            std::string rel = dev.sysfs_path.starts_with("/") ? dev.sysfs_path.substr(1) : dev.sysfs_path;
            if (auto drv = fs.link_target(rel + "/driver")) {
                if (auto module = fs.link_target(*drv + "/module")) {
                    dev.module = std::string(basename(*module));
                }
            }
            ids_from_modalias(dev.modalias, dev.ids);
            probe.devices.push_back(std::move(dev));
        }
        udev_device_unref(d);
    }
    udev_enumerate_unref(e);
    udev_unref(u);
    return probe;
}

#else

Probe probe_udev() {
    Probe probe;
    probe.diagnostics.push_back(
        text::make_diag("udev", 0, hw::Severity::Error, "hwneeds was built without libudev"));
    return probe;
}

#endif

}  // namespace hw::probe
