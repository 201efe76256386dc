// Finds, in a translation unit's macro-expanded tokens, the declarations device tables are made
// of: enum constants, array definitions with brace initializers, MODULE_DEVICE_TABLE(type, name)
// and __MODULE_INFO(tag, name, "str" "ings") (MODULE_ALIAS, MODULE_FIRMWARE, MODULE_SOFTDEP...
// all end up as the latter; the preprocessor leaves both unexpanded).
//
// Positions are token indices into the scanned span; each record keeps the index of its first
// token so callers can take Token::cond (the #if condition) and the source position from it.
#pragma once

#include "modalias-db/cpp/token.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace hw::devtable {

// Token index range [begin, end).
struct TokenRange {
    uint32_t begin = 0;
    uint32_t end = 0;
    bool empty() const { return begin == end; }
};

// `NAME` or `NAME = expr` inside `enum [tag] { ... }`. Without an initializer the value is the
// previous constant's plus one (or 0 for the first); `previous` is the index (into
// Declarations::enums) of the constant before it in the same enum, or -1.
struct EnumConstant {
    std::string_view name;
    TokenRange expr;  // empty when implicit
    int32_t previous = -1;
    uint32_t token = 0;
};

// `[static] [const] struct TYPE [const] NAME[ [N] ] [attributes] = { ... };` at file scope.
struct ArrayDef {
    std::string_view type;  // struct tag, e.g. "pci_device_id"
    std::string_view name;
    TokenRange size;        // the tokens of N; empty for `[]`
    uint32_t open = 0;      // index of the initializer's '{'
    uint32_t close = 0;     // index of its matching '}'
    uint32_t token = 0;     // the `struct` keyword
};

struct DeviceTableRef {
    std::string_view type;  // "pci", "usb", ...
    std::string_view name;
    uint32_t token = 0;     // the MODULE_DEVICE_TABLE identifier
};

struct ModuleInfo {
    std::string_view tag;   // "alias", "firmware", "softdep", ...
    TokenRange strings;     // the third argument's tokens (string literals, normally)
    uint32_t token = 0;     // the __MODULE_INFO identifier
};

struct Declarations {
    std::vector<EnumConstant> enums;
    std::vector<ArrayDef> arrays;
    std::vector<DeviceTableRef> tables;
    std::vector<ModuleInfo> infos;
};

// One pass over the tokens, recognising each pattern wherever it occurs (brace depth cannot be
// trusted when both branches of #ifdefs are kept). Malformed pieces are skipped.
Declarations scan(std::span<const cpp::Token> tokens);

// Index of the bracket matching the one at `open` ('(', '[' or '{'), or tokens.size().
uint32_t matching_bracket(std::span<const cpp::Token> tokens, uint32_t open);

}  // namespace hw::devtable
