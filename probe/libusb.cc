#include "probe/live.h"

#ifdef HW_HAVE_LIBUSB
#include <cstdio>
#include <libusb.h>
#endif

#include "probe/text.h"

namespace hw::probe {

#ifdef HW_HAVE_LIBUSB

namespace {

// sysfs name of a USB device: "1-0" for a root hub, "1-2.3" below it.
std::string device_name(libusb_device* d) {
    uint8_t ports[8];
    int n = libusb_get_port_numbers(d, ports, sizeof ports);
    std::string s = std::to_string(libusb_get_bus_number(d)) + "-";
    if (n <= 0) {
        return s + "0";
    }
    for (int i = 0; i < n; ++i) {
        s += (i ? "." : "") + std::to_string(ports[i]);
    }
    return s;
}

}  // namespace

Probe probe_libusb() {
    Probe probe;
    libusb_context* ctx = nullptr;
    if (int rc = libusb_init(&ctx); rc != 0) {
        probe.diagnostics.push_back(text::make_diag("libusb", 0, hw::Severity::Error,
            std::string("libusb_init: ") + libusb_error_name(rc)));
        return probe;
    }
    libusb_device** list = nullptr;
    ssize_t count = libusb_get_device_list(ctx, &list);
    if (count < 0) {
        probe.diagnostics.push_back(text::make_diag("libusb", 0, hw::Severity::Error,
            std::string("libusb_get_device_list: ") + libusb_error_name(static_cast<int>(count))));
        libusb_exit(ctx);
        return probe;
    }
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device* d = list[i];
        libusb_device_descriptor desc{};
        if (libusb_get_device_descriptor(d, &desc) != 0) {
            continue;
        }
        UsbIds base;
        base.vendor = desc.idVendor;
        base.product = desc.idProduct;
        base.bcd_device = desc.bcdDevice;
        base.dev_class = desc.bDeviceClass;
        base.dev_subclass = desc.bDeviceSubClass;
        base.dev_protocol = desc.bDeviceProtocol;
        std::string name = device_name(d);
        libusb_config_descriptor* cfg = nullptr;
        if (libusb_get_active_config_descriptor(d, &cfg) != 0 || cfg == nullptr) {
            Device dev;
            dev.bus = "usb";
            dev.source = "libusb";
            dev.slot = name;
            dev.modalias = usb_modalias(base);
            dev.incomplete = true;
            ids_from_modalias(dev.modalias, dev.ids);
            probe.devices.push_back(std::move(dev));
            continue;
        }
        for (int k = 0; k < cfg->bNumInterfaces; ++k) {
            const libusb_interface& itf = cfg->interface[k];
            const libusb_interface_descriptor* alt = nullptr;
            for (int a = 0; a < itf.num_altsetting; ++a) {
                if (alt == nullptr || itf.altsetting[a].bAlternateSetting == 0) {
                    alt = &itf.altsetting[a];
                    if (alt->bAlternateSetting == 0) {
                        break;
                    }
                }
            }
            if (alt == nullptr) {
                continue;
            }
            UsbIds ids = base;
            ids.if_class = alt->bInterfaceClass;
            ids.if_subclass = alt->bInterfaceSubClass;
            ids.if_protocol = alt->bInterfaceProtocol;
            ids.if_number = alt->bInterfaceNumber;
            Device dev;
            dev.bus = "usb";
            dev.source = "libusb";
            dev.slot = name + ":" + std::to_string(cfg->bConfigurationValue) + "." +
                       std::to_string(alt->bInterfaceNumber);
            dev.modalias = usb_modalias(ids);
            ids_from_modalias(dev.modalias, dev.ids);
            probe.devices.push_back(std::move(dev));
        }
        libusb_free_config_descriptor(cfg);
    }
    libusb_free_device_list(list, 1);
    libusb_exit(ctx);
    return probe;
}

#else

Probe probe_libusb() {
    Probe probe;
    probe.diagnostics.push_back(
        text::make_diag("libusb", 0, hw::Severity::Error, "hwneeds was built without libusb-1.0"));
    return probe;
}

#endif

}  // namespace hw::probe
