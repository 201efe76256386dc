#include "needs/answer.h"

#include <algorithm>

namespace hw::needs {

namespace {

// Whether a module is built by the configuration: its Kbuild path condition holds.
bool built(const Module& m, const kconfig::Model& model, const kconfig::Config& config) {
    if (m.symbol.empty() && m.cond.is_true()) {
        return true;
    }
    auto lookup = [&](std::string_view name) {
        kconfig::SymId s = model.find(name);
        return s == kconfig::kNoSym ? 'n' : kconfig::tri_char(config.tri[s]);
    };
    kconfig::SymId own = model.find(m.symbol);
    const bool as_module = own != kconfig::kNoSym && config.tri[own] == kconfig::Tri::M;
    return m.cond.evaluate(lookup, as_module);
}

void move_skipped(const Catalog& catalog, const kconfig::Model& model, Answer& a) {
    std::vector<std::string> still;
    for (const std::string& u : a.result.unreachable) {
        const std::string symbol = u.substr(0, u.find(':'));
        const std::string why = u.substr(std::min(u.size(), symbol.size() + 2));
        std::string served_by;
        bool any_device = false;
        bool all_served = true;
        for (const DeviceUse& d : a.plan.devices) {
            bool uses = std::any_of(d.modules.begin(), d.modules.end(),
                                    [&](uint32_t m) { return catalog.modules()[m].symbol == symbol; });
            if (!uses) {
                continue;
            }
            any_device = true;
            auto other = std::find_if(d.modules.begin(), d.modules.end(), [&](uint32_t m) {
                return catalog.modules()[m].symbol != symbol && built(catalog.modules()[m], model, a.final_config);
            });
            if (other == d.modules.end()) {
                all_served = false;
                break;
            }
            served_by = catalog.modules()[*other].name + " (" + catalog.modules()[*other].symbol + ") serves " +
                        d.device.modalias.substr(0, 64);
        }
        bool any_need = false;
        bool all_soft = true;
        for (size_t i = 0; i < a.plan.needs.size(); ++i) {
            if (a.plan.needs[i].symbol == symbol) {
                any_need = true;
                all_soft = all_soft && a.plan.soft_needs[i];
            }
        }
        if (any_device && all_served) {
            a.skipped.push_back({symbol, "not needed: " + served_by + " (" + why + ")"});
        } else if (any_need && all_soft) {
            a.skipped.push_back({symbol, "optional: only softdeps or companions ask for it (" + why + ")"});
        } else {
            still.push_back(u);
        }
    }
    a.result.unreachable = std::move(still);
}

}  // namespace

std::expected<Answer, std::string> answer(const Catalog& catalog, const kconfig::Model& model,
                                          const std::vector<kconfig::ConfigLine>& base,
                                          const kconfig::Config* base_config,
                                          const std::vector<probe::Device>& devices, const Options& options) {
    Answer a;
    a.plan = plan(catalog, devices, options);
    auto result = resolve::resolve(model, base, a.plan.needs, resolve::Options{options.exhaustive, base_config, options.policy == Policy::Builtin});
    if (!result) {
        return std::unexpected(result.error());
    }
    a.result = std::move(*result);
    // Needs that could not be met are reported (Result::unreachable) and left out of the check.
    std::vector<resolve::Need> met;
    for (const resolve::Need& n : a.plan.needs) {
        bool bad = std::any_of(a.result.unreachable.begin(), a.result.unreachable.end(),
                               [&](const std::string& u) { return u.starts_with(n.symbol + ":"); });
        if (!bad) {
            met.push_back(n);
        }
    }
    a.final_config = std::move(a.result.config);
    move_skipped(catalog, model, a);
    a.problems = resolve::check_result(model, a.final_config, a.result.fragment, met);
    return a;
}

}  // namespace hw::needs
