// A parsed Model as bytes, so that evaluating a configuration (evaluator.h) or showing a symbol
// (show.h) later needs no source tree and no toolchain probes.
//
// Format (version kModelFormatVersion), all integers LEB128 varints, signed ones zigzag-coded,
// strings as length + bytes, ids stored as-is (kNoSym / kNoExpr via an offset of one):
//
//   magic "hwkcmodl", version,
//   files, expressions (kind, a, b), symbols, properties, menus, modules symbol, end tag.
//
// Everything Model holds is stored (names, types, flags, properties with their finalized
// conditions, reverse dependencies, the menu tree with prompts, visibility, help texts and
// file:line of each entry); the name maps are rebuilt on reading. The reader checks every id
// against the table it indexes (expressions may only refer to earlier expressions, menus to
// later children), so a corrupt or truncated input gives an error message, never a crash.
#pragma once

#include "kconfig/model.h"

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace hw::kconfig {

inline constexpr uint32_t kModelFormatVersion = 1;
inline constexpr int kModelFormat = static_cast<int>(kModelFormatVersion);  // same, for the index schema

std::string serialize_model(const Model& model);

// Errors: "not a hwneeds kconfig model (bad magic)",
// "kconfig model format 2, this hwneeds reads 1", "kconfig model truncated at byte N",
// "kconfig model corrupt: <what> (byte N)".
std::expected<Model, std::string> deserialize_model(std::string_view bytes);

}  // namespace hw::kconfig
