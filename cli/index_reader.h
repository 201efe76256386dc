// Shared by the read-out commands: open an index and, optionally, a .config whose symbol
// values decide which recorded conditions hold.
#pragma once

#include "cli/command.h"
#include "common/condition.h"
#include "kconfig/dotconfig.h"
#include "modalias-db/db/db.h"

#include <optional>
#include <string>

namespace hw::cli {

// Opens --db, printing "hwneeds CMD: <why>" on failure.
std::optional<db::Reader> open_index(const std::string& path, std::string_view cmd, Io& io);

// Reads and parses --config, printing every problem on failure.
std::optional<kconfig::DotConfig> load_config(const std::string& path, std::string_view cmd, Io& io);

// Whether `cond` holds for a unit of a module whose own symbol is `symbol`: the MODULE atom is
// true when the config builds that symbol as a module.
bool holds(const Cond& cond, const kconfig::DotConfig& config, std::string_view symbol);

}  // namespace hw::cli
