// A kernel .config as written by `make *config` (scripts/kconfig/confdata.c):
//
//   # Automatically generated file; DO NOT EDIT.     <- comment
//   CONFIG_E1000E=m                                  <- tristate: y (built in), m (module)
//   CONFIG_HZ=250                                    <- int (decimal, may be negative) or hex (0x..)
//   CONFIG_LOCALVERSION=""                           <- string, kept raw with its quotes
//   # CONFIG_E100 is not set                         <- explicitly off: tristate 'n'
//
// Symbols are stored without the CONFIG_ prefix. A symbol assigned twice keeps the last value,
// as the kernel's own reader does (merge_config.sh fragments rely on that).
#pragma once

#include "common/diagnostic.h"

#include <expected>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace hw::kconfig {

// One assignment as written: symbol without CONFIG_, raw value ("n" for "is not set").
struct ConfigLine {
    std::string symbol;
    std::string value;
};

struct DotConfig {
    // Symbol (no CONFIG_ prefix) -> raw value text: "m", "250", "0x1000", "\"\"".
    // "# CONFIG_X is not set" is stored as "n".
    std::map<std::string, std::string, std::less<>> values;
    // The same assignments in file order, repeats included (choices depend on the order).
    std::vector<ConfigLine> lines;

    // 'y', 'm' or 'n'. 'n' for absent symbols, "is not set" and any non-tristate value.
    char tristate(std::string_view symbol) const;
};

// Parses .config text. Every malformed line gives an error "path:line:col: error: ..." and parsing
// goes on, so all of them are reported at once; any error means no DotConfig. Text with no
// CONFIG_ line at all (neither an assignment nor "is not set") is not a .config: also an error.
std::expected<DotConfig, hw::Diagnostics> parse_dotconfig(std::string_view text,
                                                          std::string_view path);

}  // namespace hw::kconfig
