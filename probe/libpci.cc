#include "probe/live.h"

#ifdef HW_HAVE_LIBPCI
#include <csetjmp>
#include <cstdarg>
#include <cstdio>
extern "C" {
#include <pci/pci.h>
}
#endif

#include "probe/text.h"

namespace hw::probe {

#ifdef HW_HAVE_LIBPCI

namespace {

// libpci's error callback must not return (its default exits the process): jump back out.
std::jmp_buf g_jump;
char g_message[512];

[[noreturn]] void on_error(char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(g_message, sizeof g_message, fmt, ap);
    va_end(ap);
    std::longjmp(g_jump, 1);
}

void on_warning(char*, ...) {}

// Plain C-style frame between setjmp and the libpci calls: nothing to destroy on the jump.
bool scan(pci_access* a) {
    if (setjmp(g_jump) != 0) {
        return false;
    }
    pci_init(a);
    pci_scan_bus(a);
    return true;
}

}  // namespace

Probe probe_libpci() {
    Probe probe;
    pci_access* a = pci_alloc();
    a->error = on_error;
    a->warning = on_warning;
    g_message[0] = '\0';
    if (!scan(a)) {
        probe.diagnostics.push_back(
            text::make_diag("libpci", 0, hw::Severity::Error, std::string("libpci: ") + g_message));
        pci_cleanup(a);
        return probe;
    }
    for (pci_dev* d = a->devices; d != nullptr; d = d->next) {
        pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT | PCI_FILL_SUBSYS |
                             PCI_FILL_DRIVER);
        PciIds ids;
        ids.vendor = d->vendor_id;
        ids.device = d->device_id;
        ids.subvendor = d->subsys_vendor_id;
        ids.subdevice = d->subsys_id;
        ids.base_class = d->device_class >> 8;
        ids.sub_class = d->device_class & 0xff;
        ids.prog_if = d->prog_if;
        Device dev;
        dev.bus = "pci";
        dev.source = "libpci";
        char buf[512];
        std::snprintf(buf, sizeof buf, "%04x:%02x:%02x.%d", d->domain, d->bus, d->dev, d->func);
        dev.slot = buf;
        dev.sysfs_path = "/sys/bus/pci/devices/" + dev.slot;
        dev.modalias = pci_modalias(ids);
        ids_from_modalias(dev.modalias, dev.ids);
        std::snprintf(buf, sizeof buf, "%02x", d->rev_id);
        dev.ids["revision"] = buf;
        if (char* name = pci_lookup_name(a, buf, sizeof buf, PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE,
                                         d->vendor_id, d->device_id)) {
            dev.name = name;
        }
        if (char* driver = pci_get_string_property(d, PCI_FILL_DRIVER)) {
            dev.driver = driver;
        }
        probe.devices.push_back(std::move(dev));
    }
    pci_cleanup(a);
    return probe;
}

#else

Probe probe_libpci() {
    Probe probe;
    probe.diagnostics.push_back(
        text::make_diag("libpci", 0, hw::Severity::Error, "hwneeds was built without libpci"));
    return probe;
}

#endif

}  // namespace hw::probe
