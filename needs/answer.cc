#include "needs/answer.h"

#include <algorithm>

namespace hw::needs {

std::expected<Answer, std::string> answer(const Catalog& catalog, const kconfig::Model& model,
                                          const std::vector<kconfig::ConfigLine>& base,
                                          const kconfig::Config* base_config,
                                          const std::vector<probe::Device>& devices, const Options& options) {
    Answer a;
    a.plan = plan(catalog, devices, options);
    auto result = resolve::resolve(model, base, a.plan.needs, resolve::Options{options.exhaustive, base_config});
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
    a.problems = resolve::check_result(model, a.final_config, a.result.fragment, met);
    return a;
}

}  // namespace hw::needs
