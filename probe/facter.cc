#include "probe/facter.h"

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "probe/text.h"

namespace hw::probe {

namespace {

constexpr int kMaxDepth = 64;

std::string string_field(const nlohmann::json& obj, const char* key) {
    auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) {
        return {};
    }
    return it->get<std::string>();
}

struct Walker {
    std::string_view path;
    Probe probe;
    std::set<std::pair<std::string, std::string>> seen;
    bool too_deep = false;

    void visit(const nlohmann::json& node, int depth) {
        if (depth > kMaxDepth) {
            too_deep = true;
            return;
        }
        if (node.is_array()) {
            for (const auto& child : node) {
                visit(child, depth + 1);
            }
            return;
        }
        if (!node.is_object()) {
            return;
        }
        std::string alias = string_field(node, "module_alias");
        if (!alias.empty()) {
            add(node, alias);
        }
        for (const auto& [key, child] : node.items()) {
            if (child.is_structured()) {
                visit(child, depth + 1);
            }
        }
    }

    void add(const nlohmann::json& node, const std::string& alias) {
        std::string sysfs_id = string_field(node, "sysfs_id");
        if (!seen.emplace(sysfs_id, alias).second) {
            return;
        }
        Device dev;
        dev.modalias = alias;
        dev.bus = std::string(modalias_bus(alias));
        dev.source = "facter";
        if (!sysfs_id.empty()) {
            dev.sysfs_path = "/sys" + sysfs_id;
            size_t slash = dev.sysfs_path.rfind('/');
            dev.parent = dev.sysfs_path.substr(0, slash);
        }
        dev.slot = string_field(node, "sysfs_bus_id");
        dev.driver = string_field(node, "driver");
        dev.module = string_field(node, "driver_module");
        dev.name = string_field(node, "model");
        if (!ids_from_modalias(alias, dev.ids)) {
            probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Warning,
                "module_alias '" + alias + "' without the kernel's field layout"));
        }
        probe.devices.push_back(std::move(dev));
    }
};

}  // namespace

Probe parse_facter(std::string_view json, std::string_view path) {
    auto doc = nlohmann::json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        Probe probe;
        probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Error,
            "not a valid JSON document (expected a nixos-facter report)"));
        return probe;
    }
    Walker walker{path, {}, {}, false};
    walker.visit(doc, 0);
    if (walker.too_deep) {
        walker.probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Warning,
            "JSON nested deeper than 64 levels; the deeper part was skipped"));
    }
    if (walker.probe.devices.empty()) {
        walker.probe.diagnostics.push_back(text::make_diag(path, 0, hw::Severity::Warning,
            "no module_alias field found in the report"));
    }
    return std::move(walker.probe);
}

}  // namespace hw::probe
