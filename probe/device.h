// What the probe layer produces: the devices of a machine as the kernel presents them to the module
// loader, each with the modalias string udev would hand to `modprobe`, plus what else is known.
//
// A modalias is compared literally by kmod (fnmatch(pattern, modalias)), so it must be exactly the
// text of the kernel's sysfs `modalias` file. Text sources (lspci, plain lsusb) do not always carry
// every field; such devices are marked `incomplete` and each unknown field is written as `*` in
// `modalias` (e.g. lspci -n gives no subsystem and no prog-if:
// "pci:v00008086d00002922sv*sd*bc01sc06i*"). Consumers must not pass an incomplete modalias to a
// literal matcher as if the device had that text; `ids` holds exactly the fields that are known.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace hw::probe {

struct Device {
    // Bus name as in /sys/bus ("pci", "usb", "acpi", "platform", "virtio", ...); "cpu" and "dmi"
    // for the CPU and firmware modaliases; "fs" and "block" for the mount-derived entries.
    std::string bus;
    // Path on the probed machine, e.g. "/sys/devices/pci0000:00/0000:00:1f.2" (empty for text inputs
    // that do not say).
    std::string sysfs_path;
    std::string modalias;
    std::string name;     // human-readable name where the source gives one
    std::string driver;   // driver bound now (basename of the `driver` link), if any
    std::string module;   // module of that driver (basename of driver/module), if it is a module
    std::string parent;   // sysfs path of the parent device, same form as sysfs_path
    // Where the entry came from: "sysfs", "udev", "libpci", "libusb", "lspci", "lsusb",
    // "modaliases", "facter", "mountinfo", "block", "cpu", "dmi".
    std::string source;
    // Numeric identifiers known for the device, lowercase hex of the field's width without "0x".
    // PCI: vendor device subvendor subdevice class subclass progif revision (4,4,4,4,2,2,2,2).
    // USB interface: vendor product bcdDevice (4 each) bDeviceClass bDeviceSubClass
    // bDeviceProtocol bInterfaceClass bInterfaceSubClass bInterfaceProtocol bInterfaceNumber (2).
    std::map<std::string, std::string> ids;
    // Bus address: "0000:00:1f.2" (PCI, always with the domain), "1-2:1.0" (USB interface as in
    // sysfs; lsusb text gives "bus 001 device 002 if 0"), the sysfs directory name otherwise.
    std::string slot;
    // True when some field of `modalias` is not known from the source (written as `*`).
    bool incomplete = false;
};

struct Probe {
    std::vector<Device> devices;
    hw::Diagnostics diagnostics;
};

// Appends b's devices and diagnostics to a.
void merge(Probe& a, Probe b);

// Fields of a PCI device as its modalias carries them.
struct PciIds {
    int vendor = -1, device = -1, subvendor = -1, subdevice = -1;  // -1: unknown
    int base_class = -1, sub_class = -1, prog_if = -1;
    int revision = -1;  // not part of the modalias
};

// Fields of one USB interface as its modalias carries them (the active configuration, the
// interface's current alternate setting, which is setting 0 right after enumeration).
struct UsbIds {
    int vendor = -1, product = -1, bcd_device = -1;
    int dev_class = -1, dev_subclass = -1, dev_protocol = -1;
    int if_class = -1, if_subclass = -1, if_protocol = -1, if_number = -1;
};

// drivers/pci/pci-sysfs.c modalias_show:
//   "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X"; unknown fields become "*".
std::string pci_modalias(const PciIds& ids);
// drivers/usb/core/message.c usb_modalias (per interface):
//   "usb:v%04Xp%04Xd%04Xdc%02Xdsc%02Xdp%02Xic%02Xisc%02Xip%02Xin%02X"; unknown fields become "*".
std::string usb_modalias(const UsbIds& ids);
bool is_complete(const PciIds& ids);
bool is_complete(const UsbIds& ids);

// Fills Device::ids from a PCI or USB modalias (complete or with `*` fields); other buses are
// left alone. Returns false when the text is a pci:/usb: modalias that does not parse.
bool ids_from_modalias(std::string_view modalias, std::map<std::string, std::string>& ids);

// Bus name from a modalias: the text before the first ':' ("acpi", "pci", "usb", ...).
std::string_view modalias_bus(std::string_view modalias);

}  // namespace hw::probe
