// Device-table entries to alias patterns, exactly as the kernel's scripts/mod/file2alias.c
// (Linux 6.1) writes them into a module's .modinfo, which depmod copies to modules.alias.
//
// Conventions shared by most types (file2alias's ADD() and add_wildcard()):
//   - a numeric field prints as uppercase hex of its own width (sizeof 1/2/4 -> %02X/%04X/%08X,
//     8-byte fields print nothing), or `*` when the entry does not match on it (a match_flags
//     bit is clear, or the field holds the type's ANY value);
//   - most patterns end with `*` for future extension unless they already do (hid, i2c/spi/
//     platform names, dmi, mdio, amba, zorro, vmbus, typec, ssam, css... do not get one);
//   - the last element of the table is the terminator and is dropped whatever it holds, while
//     zero entries before it (in an explicitly sized array) are real entries.
// Types with their own walkers: usb (a bcdDevice range becomes several patterns; entries with
// vendor, product, device class and interface class all zero give none), of (two patterns per
// entry), pnp (pnp:d + acpi*), pnp_card (one pnp:d + acpi* pair per distinct device id).
#pragma once

#include "modalias-db/devtable/entry.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hw::devtable {

// The struct a MODULE_DEVICE_TABLE type uses ("pci" -> "pci_device_id", "x86cpu" ->
// "x86_cpu_id"); empty when file2alias does not know the type (no aliases then).
std::string_view devtable_struct(std::string_view type);

struct EntryAliases {
    std::vector<std::string> patterns;
    std::string error;    // a field the alias needs could not be read: the entry gives nothing
    std::string warning;  // modpost skips the entry with a warning (PCI class masks, bad WMI guid...)
};

// One result per entry, terminator excluded (so entries.size() - 1 results, or none).
std::vector<EntryAliases> table_aliases(std::string_view type, std::span<const EntryFields> entries);

}  // namespace hw::devtable
