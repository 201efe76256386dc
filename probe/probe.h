// The probe layer in one include: devices of a machine as the kernel presents them to the module
// loader, from sysfs (live or a snapshot), live libraries, or pasted text. See each header for
// the contract of its source.
#pragma once

#include "probe/device.h"         // Device, Probe, pci_modalias, usb_modalias, ids_from_modalias
#include "probe/facter.h"         // parse_facter
#include "probe/live.h"           // probe_udev, probe_libpci, probe_libusb
#include "probe/lspci.h"          // parse_lspci
#include "probe/lsusb.h"          // parse_lsusb
#include "probe/modalias_list.h"  // parse_modaliases
#include "probe/mounts.h"         // probe_mounts, parse_mountinfo, fs_alias
#include "probe/snapshot.h"       // write_snapshot, extract_snapshot
#include "probe/sysfs.h"          // probe_sysfs
