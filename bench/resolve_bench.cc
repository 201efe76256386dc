// resolve_bench DB SYSFS_ROOT [RUNS [PROFILE]]: the per-machine work of `hwneeds resolve` with everything
// loaded (the daemon's situation: index, Kconfig model and tinyconfig base in memory): probe the
// recorded machine once, then time plan + resolve + check (needs::answer), median of RUNS
// (default 21). Also prints the one-time load costs and the answer's size.
#include "cli/command.h"
#include "cli/resolution.h"
#include "kconfig/model_io.h"
#include "needs/answer.h"
#include "probe/mounts.h"
#include "probe/sysfs.h"
#include "resolve/companions.h"
#include "resolve/profile.h"

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

namespace {

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: resolve_bench DB SYSFS_ROOT [RUNS [PROFILE]]\n");
        return 2;
    }
    const int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 21;
    hw::cli::Io io{std::cout, std::cerr};
    auto t = std::chrono::steady_clock::now();
    auto db = hw::db::Reader::open(argv[1]);
    if (!db) {
        std::fprintf(stderr, "resolve_bench: %s\n", db.error().message.c_str());
        return 1;
    }
    auto stored = db->kconfig_model();
    if (!stored) {
        std::fprintf(stderr, "resolve_bench: %s\n", stored.error().message.c_str());
        return 1;
    }
    auto model = hw::kconfig::deserialize_model(stored->data);
    if (!model) {
        std::fprintf(stderr, "resolve_bench: %s\n", model.error().c_str());
        return 1;
    }
    const double t_model = ms_since(t);
    t = std::chrono::steady_clock::now();
    auto base = hw::cli::named_base("tinyconfig", *db, *model, db->meta(), "bench", io);
    if (!base) {
        return 1;
    }
    const hw::kconfig::Config base_config = hw::kconfig::olddefconfig(*model, *base);
    const double t_base = ms_since(t);
    t = std::chrono::steady_clock::now();
    hw::needs::Catalog catalog = hw::cli::load_catalog(*db);
    const double t_catalog = ms_since(t);

    t = std::chrono::steady_clock::now();
    hw::probe::Probe probe = hw::probe::probe_sysfs(argv[2]);
    hw::probe::merge(probe, hw::probe::probe_mounts(argv[2]));
    const double t_probe = ms_since(t);

    hw::needs::Options options;
    const hw::kconfig::Model& m = *model;
    options.known = [&m](std::string_view symbol) {
        hw::kconfig::SymId s = m.find(symbol);
        return s != hw::kconfig::kNoSym && m.symbols[s].type != hw::kconfig::SymType::Unknown;
    };
    options.exhaustive = std::getenv("HWNEEDS_EXHAUSTIVE") != nullptr;  // for comparisons by hand
    auto companions = hw::resolve::parse_companions(hw::resolve::builtin_companions_text(),
                                                    hw::resolve::builtin_companions_path());
    if (!companions) {
        std::fprintf(stderr, "resolve_bench: %s\n", companions.error().format().c_str());
        return 1;
    }
    for (const auto& c : *companions) {
        options.companions.push_back({c.module, c.companion, c.reason});
    }
    if (argc > 4) {  // a built-in profile's needs, as `hwneeds resolve --profile NAME` adds them
        auto text = hw::resolve::builtin_profile(argv[4]);
        if (!text) {
            std::fprintf(stderr, "resolve_bench: unknown profile %s\n", argv[4]);
            return 2;
        }
        auto profile = hw::resolve::parse_profile(text->first, text->second, argv[4]);
        if (!profile) {
            std::fprintf(stderr, "resolve_bench: %s\n", profile.error().format().c_str());
            return 1;
        }
        const std::string version = db->meta()["kernel_version"];
        for (const auto& e : profile->entries) {
            if (hw::resolve::applies(e, version)) {
                options.extra.push_back({e.symbol,
                                         e.value == 'n'   ? hw::resolve::Tristate::Off
                                         : e.value == 'y' ? hw::resolve::Tristate::Builtin
                                                          : hw::resolve::Tristate::Module,
                                         e.reason});
            }
        }
    }
    std::vector<double> times;
    std::vector<double> cpu;
    hw::needs::Answer last;
    for (int i = 0; i < runs; ++i) {
        t = std::chrono::steady_clock::now();
        const double c0 = cpu_ms();
        auto a = hw::needs::answer(catalog, *model, *base, &base_config, probe.devices, options);
        cpu.push_back(cpu_ms() - c0);
        times.push_back(ms_since(t));
        if (!a) {
            std::fprintf(stderr, "resolve_bench: %s\n", a.error().c_str());
            return 1;
        }
        last = std::move(*a);
    }
    std::sort(times.begin(), times.end());
    std::sort(cpu.begin(), cpu.end());
    std::printf("machine              %s\n", argv[2]);
    std::printf("devices              %zu\n", probe.devices.size());
    std::printf("modules              %zu\n", last.plan.modules.size());
    std::printf("needs                %zu\n", last.plan.needs.size());
    std::printf("fragment_lines       %zu\n", last.result.fragment.size());
    std::printf("unreachable          %zu\n", last.result.unreachable.size());
    std::printf("problems             %zu\n", last.problems.size());
    if (std::getenv("HWNEEDS_PRINT")) {
        for (const auto& l : last.result.fragment) {
            std::printf("line %s=%s\n", l.symbol.c_str(), l.value.c_str());
        }
    }
    std::printf("evaluations          %zu\n", last.result.evaluations);
    std::printf("load_model_ms        %.1f\n", t_model);
    std::printf("tinyconfig_base_ms   %.1f\n", t_base);
    std::printf("load_catalog_ms      %.1f\n", t_catalog);
    std::printf("probe_ms             %.1f\n", t_probe);
    std::printf("resolve_ms_median    %.2f\n", times[times.size() / 2]);
    std::printf("resolve_ms_min       %.2f\n", times.front());
    std::printf("resolve_ms_max       %.2f\n", times.back());
    std::printf("resolve_cpu_ms_median %.2f  (thread CPU time: less sensitive to other load)\n", cpu[cpu.size() / 2]);
    return last.problems.empty() ? 0 : 1;
}
