// PCI devices from the text of lspci (pciutils), the form people paste.
//
// What each form carries (see pci_modalias in device.h for the modalias layout):
// | form                     | vendor/device | class/subclass | prog-if | subsystem   | driver |
// |--------------------------|---------------|----------------|---------|-------------|--------|
// | lspci -n, -nn            | yes           | yes            | no      | no          | no     |
// | lspci -nk, -nnk          | yes           | yes            | no      | yes         | yes    |
// | lspci -nv, -nnv (-vv...) | yes           | yes            | yes     | yes         | -k: yes|
// | lspci -vmmn, -vmmnn(k)   | yes           | yes            | yes     | yes         | k: yes |
// lspci prints "Subsystem:"/"SVendor:" only when the subsystem vendor is neither 0 nor ffff and the
// prog-if only when it is nonzero (or has a name), so in the forms that can show them an absent
// line means 0. A device whose fields are not all known is `incomplete` (unknown fields are `*`).
// Plain `lspci` (names only, no -n) and `lspci -m` without numbers carry no IDs: an error.
// Slots are given the domain ("00:1f.2" -> "0000:00:1f.2"). Device::name is the device name of
// -nn/-vmmnn, `driver` the "Kernel driver in use"/"Driver:" value; `module` stays empty (lspci's
// module list names candidates, not the bound module). Source is "lspci".
#pragma once

#include <string_view>

#include "probe/device.h"

namespace hw::probe {

// Format auto-detected; `path` is used in diagnostics.
Probe parse_lspci(std::string_view text, std::string_view path);

}  // namespace hw::probe
