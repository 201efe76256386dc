// hwneeds match --db FILE [inputs] [--config .config] [--format tsv|table|json]
#include "cli/args.h"
#include "cli/command.h"
#include "cli/index_reader.h"
#include "cli/probe_inputs.h"
#include "match/alias_index.h"
#include "match/glob_intersect.h"
#include "match/normalize.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace hw::cli {

nlohmann::json device_json(const probe::Device& d);  // cmd_probe.cc

namespace {

const std::vector<OptionSpec>& match_options() {
    static const std::vector<OptionSpec> kOptions = with_probe_inputs({
        {"db", "FILE", "index written by `hwneeds index` (required)"},
        {"config", "FILE", "only aliases a kernel built with this .config has"},
        {"format", "FMT", "tsv (default: MODALIAS<TAB>MODULE<TAB>CONFIG_SYMBOL), table or json"},
        {"help", "", "show this help"},
    });
    return kOptions;
}

struct ModuleInfo {
    std::string name, symbol;
};

struct Aliases {
    std::vector<ModuleInfo> modules;                        // index = module id
    std::vector<std::pair<std::string, uint32_t>> patterns;  // as recorded
};

Aliases load_aliases(const db::Reader& reader, const kconfig::DotConfig* config) {
    Aliases out;
    std::map<std::string, uint32_t> ids;
    reader.for_each_alias([&](const db::AliasRow& a) {
        if (config != nullptr && !(holds(a.module_cond, *config, a.symbol) && holds(a.cond, *config, a.symbol))) {
            return;
        }
        auto [it, inserted] = ids.try_emplace(a.module_path, static_cast<uint32_t>(out.modules.size()));
        if (inserted) {
            out.modules.push_back({a.module, a.symbol});
        }
        out.patterns.emplace_back(a.pattern, it->second);
    });
    return out;
}

// Modules that could claim a device a text input only partly describes: some completion of it
// matches their pattern. A linear pass over the same bus's patterns; text inputs are small.
std::vector<uint32_t> partial_matches(const probe::Device& d, const Aliases& aliases) {
    std::string device = match::device_pattern(d.modalias);
    std::string bus = d.modalias.substr(0, d.modalias.find(':'));
    std::vector<uint32_t> out;
    for (const auto& [pattern, id] : aliases.patterns) {
        if (pattern.starts_with(bus) && match::glob_intersects(device, match::normalize_pattern(pattern))) {
            out.push_back(id);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

int cmd_match(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, match_options());
    if (!args) {
        io.err << "hwneeds match: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds match --db FILE [inputs] [--config .config] [--format tsv|table|json]\n\n"
                  "Which modules claim the devices: every alias pattern of the index that matches a\n"
                  "device's modalias exactly as kmod matches (fnmatch, '-' and '_' alike), built-in\n"
                  "drivers included. A device a text input only partly describes (plain lsusb, lspci -n)\n"
                  "gets every module that could claim it. Without inputs: this machine.\n\noptions:\n"
               << format_options(match_options());
        return kExitOk;
    }
    const std::string format = args->get("format").value_or("tsv");
    if (format != "tsv" && format != "table" && format != "json") {
        io.err << "hwneeds match: --format is tsv, table or json, not '" << format << "'\n";
        return kExitUsage;
    }
    if (!args->has("db")) {
        io.err << "hwneeds match: --db FILE is required (see --help)\n";
        return kExitUsage;
    }
    auto reader = open_index(*args->get("db"), "match", io);
    if (!reader) {
        return kExitFailure;
    }
    std::optional<kconfig::DotConfig> config;
    if (auto path = args->get("config")) {
        config = load_config(*path, "match", io);
        if (!config) {
            return kExitFailure;
        }
    }
    auto devices = collect_devices(*args, "match", io);
    if (!devices) {
        return kExitFailure;
    }
    Aliases aliases = load_aliases(*reader, config ? &*config : nullptr);
    match::AliasIndex index = match::AliasIndex::build(aliases.patterns);

    nlohmann::json json = nlohmann::json::array();
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    std::vector<uint32_t> ids;
    std::set<std::string> done;
    for (const probe::Device& d : devices->devices) {
        if (!done.insert(d.modalias).second) {
            continue;  // the same modalias twice (two identical devices) matches the same
        }
        if (d.incomplete) {
            ids = partial_matches(d, aliases);
        } else {
            index.match(d.modalias, ids);
        }
        nlohmann::json modules = nlohmann::json::array();
        for (uint32_t id : ids) {
            const ModuleInfo& m = aliases.modules[id];
            std::string symbol = m.symbol.empty() ? "" : "CONFIG_" + m.symbol;
            rows.emplace_back(d.modalias, m.name, symbol);
            modules.push_back({{"module", m.name}, {"symbol", symbol}});
        }
        nlohmann::json entry = device_json(d);
        entry["modules"] = std::move(modules);
        json.push_back(std::move(entry));
    }
    if (format == "tsv") {
        for (const auto& [modalias, module, symbol] : rows) {
            io.out << modalias << '\t' << module << '\t' << symbol << '\n';
        }
    } else if (format == "json") {
        io.out << nlohmann::json{{"devices", json}}.dump(2) << "\n";
    } else {
        // For people: long modaliases (a CPU's feature list) are cut; tsv and json have them whole.
        for (auto& row : rows) {
            std::string& m = std::get<0>(row);
            if (m.size() > 64) {
                m = m.substr(0, 63) + "~";
            }
        }
        size_t w0 = 8;
        size_t w1 = 6;
        for (const auto& [modalias, module, symbol] : rows) {
            w0 = std::max(w0, modalias.size());
            w1 = std::max(w1, module.size());
        }
        io.out << "MODALIAS" << std::string(w0 - 8 + 2, ' ') << "MODULE" << std::string(w1 - 6 + 2, ' ') << "SYMBOL\n";
        for (const auto& [modalias, module, symbol] : rows) {
            io.out << modalias << std::string(w0 - modalias.size() + 2, ' ') << module
                   << std::string(w1 - module.size() + 2, ' ') << symbol << '\n';
        }
    }
    return kExitOk;
}

}  // namespace hw::cli
