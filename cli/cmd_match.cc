// hwneeds match --db FILE [inputs] [--config .config] [--format tsv|table|json]
#include "cli/args.h"
#include "cli/command.h"
#include "cli/index_reader.h"
#include "cli/probe_inputs.h"
#include "cli/resolution.h"

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
    const needs::Catalog catalog = load_catalog(*reader, config ? &*config : nullptr);
    if (auto bad = reader->read_error()) {
        io.err << "hwneeds match: " << bad->message << "\n";
        return kExitFailure;
    }

    nlohmann::json json = nlohmann::json::array();
    std::vector<std::tuple<std::string, std::string, std::string>> rows;
    std::vector<uint32_t> ids;
    std::set<std::string> done;
    for (const probe::Device& d : devices->devices) {
        if (!done.insert(d.modalias).second) {
            continue;  // the same modalias twice (two identical devices) matches the same
        }
        ids.clear();
        for (uint32_t a : catalog.match_device(d)) {
            ids.push_back(catalog.aliases()[a].module);
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        nlohmann::json modules = nlohmann::json::array();
        for (uint32_t id : ids) {
            const needs::Module& m = catalog.modules()[id];
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
