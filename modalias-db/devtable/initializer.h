// Reads the brace initializer of a device table (an array of device-id structs) by the rules of
// C11 6.7.9, without evaluating anything it does not have to:
//   - designators `.field =` (also `. field`), `[index] =`, chains `.a.b[2] =`;
//   - positional values continue with the member after the last one initialised, at the depth
//     the last designator reached: `{ PCI_DEVICE(a, b), board_x }` puts board_x in `.class`
//     because PCI_DEVICE ends with `.subdevice = PCI_ANY_ID` (6.7.9p17);
//   - brace elision: a value for an aggregate member without braces fills its first scalar and
//     following values continue inside it (6.7.9p20);
//   - string literals (adjacent ones concatenate) fill char/__u8 arrays, also inside braces;
//   - `{}` and members not mentioned are zero;
//   - GNU compound literals `(guid_t){ ... }` (GUID_INIT) initialise struct members.
// Values stay token ranges; the alias writer evaluates the few fields it needs.
#pragma once

#include "modalias-db/cpp/token.h"
#include "modalias-db/devtable/layout.h"
#include "modalias-db/devtable/scan.h"

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace hw::devtable {

// Evaluates an integer constant expression (used for `[index]` designators and by EntryFields);
// the error says why it could not ("'FOO' is not a constant").
using EvalFn = std::function<std::expected<int64_t, std::string>(std::span<const cpp::Token>)>;

// One leaf initialised: `slot` is relative to the entry's struct (see layout.h). A string value
// fills the byte array starting at `slot`.
struct Assignment {
    uint32_t slot = 0;
    TokenRange value;
    bool is_string = false;
};

struct TableEntry {
    std::vector<Assignment> assignments;  // in source order: a later one overrides an earlier one
    uint32_t first_token = UINT32_MAX;    // first token of the entry's initializer; UINT32_MAX if none
};

struct TableInit {
    std::vector<TableEntry> entries;  // the array's elements: declared size, else highest index + 1
};

struct InitError {
    uint32_t token = 0;
    std::string message;
};

// `open` is the index of the initializer's '{' in `tokens`; `declared_size` the array's length
// if it was given.
std::expected<TableInit, InitError> read_table(std::span<const cpp::Token> tokens, uint32_t open,
                                               const Layouts& layouts, const StructLayout& element,
                                               std::optional<uint32_t> declared_size, const EvalFn& eval);

}  // namespace hw::devtable
