// Whether two shell patterns have a string in common. Used for devices that a text source only
// partly describes (lspci -n has no subsystem ids: "pci:v00008086d00002922sv*sd*bc01sc06i*"):
// a module can claim such a device if some completion of it matches the module's alias pattern.
// Same pattern language as glob_match (glob.h): *, ?, [set] with ! or ^ and ranges, \ escapes;
// POSIX [:classes:] are not supported here and make the answer "yes" (never lose a candidate).
#pragma once

#include <string>
#include <string_view>

namespace hw::match {

bool glob_intersects(std::string_view a, std::string_view b);

// A partly known pci:/usb: device modalias with its unknown fields ('*', as probe/ writes them)
// spelled as what they are: a fixed number of uppercase hex digits ("sv*" -> "sv" + 8 x [0-9A-F]),
// so that an unknown field cannot stand for text that spans other fields. Other text unchanged.
//   pci: v8 d8 sv8 sd8 bc2 sc2 i2        usb: v4 p4 d4 dc2 dsc2 dp2 ic2 isc2 ip2 in2
std::string device_pattern(std::string_view modalias);

}  // namespace hw::match
