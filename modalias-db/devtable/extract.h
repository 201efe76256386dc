// Everything a translation unit tells about the hardware its module binds to: the alias
// patterns of its MODULE_DEVICE_TABLE tables (as modpost/file2alias would write them), its
// MODULE_ALIAS strings, and its MODULE_FIRMWARE / MODULE_SOFTDEP entries, each with the Kconfig
// condition under which it exists.
#pragma once

#include "common/condition.h"
#include "common/diagnostic.h"
#include "modalias-db/cpp/preprocessor.h"
#include "modalias-db/cpp/token.h"
#include "modalias-db/devtable/global_enums.h"
#include "modalias-db/devtable/layout.h"

#include <span>
#include <string>
#include <vector>

namespace hw::devtable {

struct Alias {
    std::string pattern;  // fnmatch pattern, e.g. "pci:v00008086d00001234sv*sd*bc*sc*i*"
    std::string type;     // devtable type ("pci", "usb", ...) or "alias" for MODULE_ALIAS
    hw::Cond cond;        // entry cond && MODULE_DEVICE_TABLE cond && table definition cond
    std::string path;     // where the table entry or MODULE_ALIAS is (tree-relative)
    int line = 0;
};

struct Modinfo {
    std::string tag;  // "firmware" or "softdep"
    std::string value;
    hw::Cond cond;
    std::string path;
    int line = 0;
};

struct Extracted {
    std::vector<Alias> aliases;
    std::vector<Modinfo> modinfo;
    hw::Diagnostics diagnostics;
};

// The parts of a preprocessed unit extraction reads (so tests can build one from lexed text).
struct UnitView {
    std::span<const cpp::Token> tokens;
    std::span<const std::string> files;  // Token::file -> path
    std::span<const hw::Cond> conds;     // Token::cond -> condition
};

// Problems are diagnostics, never fatal: a MODULE_DEVICE_TABLE naming a table the unit does not
// define is a warning; a table whose initializer cannot be read, or an entry whose needed field
// cannot be evaluated, is an error at that place and is skipped.
// Identifiers in values resolve to the unit's enum constants, then `globals` (enums of the
// kernel's headers, which the unit does not contain), then mod_devicetable.h's constants.
Extracted extract(const UnitView& unit, const Layouts& layouts, const GlobalEnums* globals = nullptr);

inline Extracted extract(const cpp::TranslationUnit& tu, const Layouts& layouts,
                         const GlobalEnums* globals = nullptr) {
    return extract(UnitView{tu.tokens, tu.files, tu.conds}, layouts, globals);
}

}  // namespace hw::devtable
