// hwneeds probe [inputs] [--format table|json|modaliases]
#include "cli/args.h"
#include "cli/command.h"
#include "cli/probe_inputs.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace hw::cli {

namespace {

const std::vector<OptionSpec>& probe_options() {
    static const std::vector<OptionSpec> kOptions = with_probe_inputs({
        {"format", "FMT", "table (default, for people), json (for tools) or modaliases (one per line)"},
        {"help", "", "show this help"},
    });
    return kOptions;
}

void print_table(const probe::Probe& p, std::ostream& os) {
    struct Row {
        std::string bus, slot, name, modalias, driver;
    };
    std::vector<Row> rows{{"BUS", "SLOT", "NAME", "MODALIAS", "DRIVER"}};
    for (const probe::Device& d : p.devices) {
        std::string name = d.name.size() > 40 ? d.name.substr(0, 39) + "~" : d.name;
        std::string driver = d.driver.empty() ? "-" : d.driver;
        if (!d.module.empty() && d.module != d.driver) {
            driver += " (" + d.module + ")";
        }
        // The table is for people: a CPU modalias lists every feature; --format json has it all.
        std::string modalias = d.modalias.size() > 64 ? d.modalias.substr(0, 63) + "~" : d.modalias;
        rows.push_back({d.bus, d.slot.empty() ? "-" : d.slot, name.empty() ? "-" : name,
                        modalias + (d.incomplete ? " (partial)" : ""), driver});
    }
    size_t w[4] = {0, 0, 0, 0};
    for (const Row& r : rows) {
        w[0] = std::max(w[0], r.bus.size());
        w[1] = std::max(w[1], r.slot.size());
        w[2] = std::max(w[2], r.name.size());
        w[3] = std::max(w[3], r.modalias.size());
    }
    for (const Row& r : rows) {
        os << r.bus << std::string(w[0] - r.bus.size() + 2, ' ') << r.slot << std::string(w[1] - r.slot.size() + 2, ' ')
           << r.name << std::string(w[2] - r.name.size() + 2, ' ') << r.modalias
           << std::string(w[3] - r.modalias.size() + 2, ' ') << r.driver << "\n";
    }
}

}  // namespace

nlohmann::json device_json(const probe::Device& d) {
    return nlohmann::json{{"bus", d.bus},       {"slot", d.slot},         {"modalias", d.modalias},
                          {"incomplete", d.incomplete}, {"name", d.name}, {"driver", d.driver},
                          {"module", d.module}, {"sysfs_path", d.sysfs_path}, {"parent", d.parent},
                          {"source", d.source}, {"ids", d.ids}};
}

int cmd_probe(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, probe_options());
    if (!args) {
        io.err << "hwneeds probe: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds probe [inputs] [--format table|json|modaliases]\n\n"
                  "Lists the devices of a machine as the kernel presents them to the module loader (their\n"
                  "modaliases), with what is bound to them now, plus the file systems and block stack that\n"
                  "booting needs (fs-*, block-major-*, dm-*, md-*). Without inputs: this machine's sysfs\n"
                  "and mounts. Devices a text input only partly describes are marked (partial).\n\noptions:\n"
               << format_options(probe_options());
        return kExitOk;
    }
    const std::string format = args->get("format").value_or("table");
    if (format != "table" && format != "json" && format != "modaliases") {
        io.err << "hwneeds probe: --format is table, json or modaliases, not '" << format << "'\n";
        return kExitUsage;
    }
    auto devices = collect_devices(*args, "probe", io);
    if (!devices) {
        return kExitFailure;
    }
    if (format == "table") {
        print_table(*devices, io.out);
    } else if (format == "modaliases") {
        std::set<std::string> seen;
        for (const probe::Device& d : devices->devices) {
            if (seen.insert(d.modalias).second) {
                io.out << d.modalias << "\n";
            }
        }
    } else {
        nlohmann::json out;
        out["devices"] = nlohmann::json::array();
        for (const probe::Device& d : devices->devices) {
            out["devices"].push_back(device_json(d));
        }
        out["problems"] = nlohmann::json::array();
        for (const Diagnostic& d : devices->diagnostics) {
            out["problems"].push_back(d.format());
        }
        io.out << out.dump(2) << "\n";
    }
    return kExitOk;
}

}  // namespace hw::cli
