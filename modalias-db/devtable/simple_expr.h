// A small integer-expression evaluator for the constants of include/linux/mod_devicetable.h
// (array sizes such as `INPUT_DEVICE_ID_KEY_MAX / BITS_PER_LONG + 1`, `PCI_ANY_ID` = `(~0)`).
// It knows numbers (with U/L suffixes), character constants, identifiers through a resolver,
// parentheses, unary + - ~ !, and the binary operators * / % + - << >> < <= > >= == != & ^ | && ||
// and ?:. Arithmetic is done in int64_t. It is deliberately not a full C constant evaluator
// (that is hw::cpp::eval_const); it exists so the layout reader does not depend on it.
#pragma once

#include "modalias-db/cpp/token.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

namespace hw::devtable {

using SimpleResolver = std::function<std::optional<int64_t>(std::string_view name)>;

// Returns the value, or nullopt if the tokens are not a complete expression of the kinds above
// or an identifier is unknown.
std::optional<int64_t> eval_simple(std::span<const cpp::Token> tokens, const SimpleResolver& resolve);

// Parses a C integer literal ("0x1F", "10UL", "017"); nullopt if it is not one.
std::optional<uint64_t> parse_integer_literal(std::string_view text);

}  // namespace hw::devtable
