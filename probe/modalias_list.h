// A plain list of modaliases, one per line (e.g. `cat /sys/bus/*/devices/*/modalias` saved on
// another machine). Blank lines and lines starting with '#' are skipped; surrounding blanks are
// trimmed. Each line is taken literally (kmod matches it literally): bus = text before the first
// ':', ids decoded for pci:/usb:, source "modaliases". A line with inner white space or control
// characters, or a pci:/usb: line that does not have the kernel's layout, gives a warning; the
// latter is still kept.
#pragma once

#include <string_view>

#include "probe/device.h"

namespace hw::probe {

Probe parse_modaliases(std::string_view text, std::string_view path);

}  // namespace hw::probe
