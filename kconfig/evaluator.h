// Computes symbol values from a Model and a starting configuration the way scripts/kconfig/conf
// does for each `make *config` target:
//
//   * tristate logic: n < m < y; `m` only exists while the `modules` symbol (MODULES) is y,
//     otherwise tristates behave as bools (m rounds up to y);
//   * a symbol is visible (user-settable) when one of its prompts' conditions is non-n; a visible
//     symbol keeps the value given in the input config, limited by its visibility;
//   * otherwise its value is its first default whose condition holds (limited by the condition),
//     raised to the || of its `select`ors (reverse dependency; select ignores the target's own
//     `depends on`) and by `imply` (weak: limited by the target's dependencies);
//   * a choice is y when visible (unless `optional`), and its selected value is the user's
//     choice if visible, else the first visible `default`, else its first visible value;
//   * int/hex values out of the active `range` are clamped to the range bound they pass.
//
// Input configs are read as conf_read_simple does: lines in order, a later assignment wins,
// `CONFIG_X=y` of a choice value selects it, unknown symbols are ignored.
#pragma once

#include "kconfig/dotconfig.h"
#include "kconfig/model.h"

#include <string>
#include <string_view>
#include <span>
#include <vector>

namespace hw::kconfig {

// The outcome of a configuration run: one value per Model symbol, and what conf_write would
// print (`write`: the symbol has a CONFIG_ line; `menu_visible`: the menu/comment heading shows).
struct Config {
    std::vector<Tri> tri;            // bool/tristate value
    std::vector<std::string> value;  // string form: "y"/"m"/"n" or int/hex/string text (unquoted)
    std::vector<bool> write;
    std::vector<bool> menu_visible;

    // Value of a symbol by SymId as a .config writes it ("y", "m", "n", "0x10", "text").
    const std::string& get(SymId s) const { return value[s]; }
};

// Parses .config text into assignments, leniently (no validation: values are checked against the
// model): for the tree's own fragments stored in the index. Input from users goes through
// parse_dotconfig (dotconfig.h), whose DotConfig::lines are the same assignments, validated.
std::vector<ConfigLine> read_config_lines(std::string_view text);

// `make olddefconfig`: the input's values where valid, defaults for everything new.
Config olddefconfig(const Model& model, const std::vector<ConfigLine>& base);

// What-if on a result of olddefconfig(base + extra lines): for each bool/tristate symbol in
// `which` (not a choice or choice value), the value it would get if the extra lines had none for
// it (so base's line, if any, else its default, implied and selected values) while every other
// symbol kept its value in `config`. When that equals its value in `config`, the extra line
// changes nothing and can go.
std::vector<Tri> values_without_line(const Model& model, const Config& config, std::span<const SymId> which,
                                     const std::vector<ConfigLine>& base);
// `make allnoconfig` (every new symbol n), with KCONFIG_ALLCONFIG-style fragment when given.
Config allnoconfig(const Model& model, const std::vector<ConfigLine>* allconfig);
// `make alldefconfig`: every symbol at its default.
Config alldefconfig(const Model& model, const std::vector<ConfigLine>* allconfig);
// `make defconfig` / `make foo_defconfig`: conf --defconfig=<file>.
Config defconfig(const Model& model, const std::vector<ConfigLine>& defconfig_file);
// Appends fragments to a config as scripts/kconfig/merge_config.sh does (an assignment in a
// fragment replaces the earlier one, and goes to the end).
std::vector<ConfigLine> merge_config(std::vector<ConfigLine> base,
                                     const std::vector<std::vector<ConfigLine>>& fragments);
// `make tinyconfig`: allnoconfig with tiny-base.config, written, merged with the tiny.config
// fragments (kernel/configs/tiny.config, arch/<arch>/configs/tiny.config) and olddefconfig'd.
Config tinyconfig(const Model& model, const std::vector<ConfigLine>& tiny_base,
                  const std::vector<std::vector<ConfigLine>>& tiny_fragments);

// The .config text conf_write produces: heading, then for every menu entry in order either
// `CONFIG_X=…` / `# CONFIG_X is not set`, or "#\n# Menu\n#" headings and "# end of Menu".
std::string write_dotconfig(const Model& model, const Config& config);

}  // namespace hw::kconfig
