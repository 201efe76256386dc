// What the index knows about modules, as values the planner works on: every module with its
// Kbuild condition and softdeps, every alias pattern with its condition, and a matcher over
// them (kmod's semantics, match/alias_index.h). Built by the caller from the index (cli/) or by
// tests from literals; nothing here reads files.
#pragma once

#include "common/condition.h"
#include "match/alias_index.h"
#include "probe/device.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hw::needs {

struct Module {
    std::string name;    // as in modules.alias: '-' folded to '_'
    std::string path;    // object path in the tree without extension
    std::string symbol;  // Kconfig symbol of its own obj- line, without CONFIG_; "" if none
    Cond cond;           // everything on the Kbuild path to it (directory guards AND own line)
    bool modular = true;  // false: can only be built in
    std::vector<std::string> softdeps;  // MODULE_SOFTDEP texts ("pre: crc32c post: ...")
};

struct Alias {
    std::string pattern;  // as file2alias writes it
    uint32_t module = 0;  // index into Catalog::modules
    Cond cond;            // #if conditions around the entry
};

class Catalog {
public:
    Catalog() = default;
    Catalog(std::vector<Module> modules, std::vector<Alias> aliases);

    const std::vector<Module>& modules() const { return m_modules; }
    const std::vector<Alias>& aliases() const { return m_aliases; }

    // The ids of every alias that claims the device, ascending. A complete modalias is matched
    // as kmod matches it; an incomplete one (a text input's '*' fields) gets every alias that
    // some completion of it would match (match/glob_intersect.h).
    std::vector<uint32_t> match_device(const probe::Device& device) const;
    // Aliases matching a name exactly as `modprobe NAME` resolves it (softdep targets,
    // request_module strings: "crc32c", "fs-ext4").
    std::vector<uint32_t> match_name(std::string_view name) const;
    // Modules by name ('-' and '_' alike); several for a name built in more than one place.
    std::vector<uint32_t> modules_named(std::string_view name) const;

private:
    std::vector<Module> m_modules;
    std::vector<Alias> m_aliases;
    match::AliasIndex m_index;  // id = alias number
    std::unordered_map<std::string, std::vector<uint32_t>> m_by_name;
};

}  // namespace hw::needs
