// Companions: modules that no device table names but that a driver needs at run time, because
// it loads them itself (request_module) or creates devices on a bus of its own whose modalias
// only exists once it runs (usbhid -> hid_generic, ahci -> sd_mod). The list is data with a
// kernel source file for every line (resolve/companions.conf, built into the binary):
//
//   MODULE COMPANION -- reason (source file in the kernel tree)
//
// Module names are written as modules.alias writes them, with '_' (a '-' is an error). '#'
// starts a comment line; blank lines are ignored; a pair may appear once. MODULE_SOFTDEP pairs
// do not belong here: they are read from the index.
#pragma once

#include "common/diagnostic.h"

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace hw::resolve {

struct Companion {
    std::string module;     // the module that needs it
    std::string companion;  // the module it needs
    std::string reason;     // the text after "--", source included
    int line = 0;           // 1-based line in the text
};

// Parses a companion list. The first problem ends the parse and comes back as
// "path:line:col: error: message".
std::expected<std::vector<Companion>, hw::Diagnostic> parse_companions(std::string_view text,
                                                                       std::string_view path);

// The list built into the binary, and the path to report its diagnostics under
// ("resolve/companions.conf").
std::string_view builtin_companions_text();
std::string_view builtin_companions_path();

}  // namespace hw::resolve
