#include "modalias-db/indexer.h"

#include "common/parallel.h"
#include "common/source_tree.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/preprocessor.h"
#include "modalias-db/db/db.h"
#include "modalias-db/devtable/extract.h"
#include "modalias-db/devtable/global_enums.h"
#include "modalias-db/devtable/layout.h"
#include "modalias-db/kbuild/kbuild.h"
#include "modalias-db/kconfig_phase.h"
#include "modalias-db/trigger_scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_map>

namespace hw::index {

std::expected<ArchInfo, std::string> arch_info(std::string_view arch) {
    static const ArchInfo kArches[] = {
        {"x86_64", "x86", 64}, {"i386", "x86", 32},     {"arm64", "arm64", 64},  {"arm", "arm", 32},
        {"riscv", "riscv", 64}, {"powerpc", "powerpc", 64}, {"s390", "s390", 64},
    };
    for (const ArchInfo& a : kArches) {
        if (a.arch == arch) {
            return a;
        }
    }
    return std::unexpected("unknown arch '" + std::string(arch) +
                           "' (known: x86_64, i386, arm64, arm, riscv, powerpc, s390)");
}

std::expected<std::string, std::string> kernel_version(std::string_view makefile) {
    std::map<std::string, std::string, std::less<>> vars;
    size_t pos = 0;
    while (pos < makefile.size() && vars.size() < 4) {
        size_t end = makefile.find('\n', pos);
        if (end == std::string_view::npos) {
            end = makefile.size();
        }
        std::string_view line = makefile.substr(pos, end - pos);
        pos = end + 1;
        for (std::string_view key : {"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION"}) {
            if (line.starts_with(key) && line.size() > key.size() &&
                (line[key.size()] == ' ' || line[key.size()] == '=')) {
                std::string_view value = line.substr(line.find('=') == std::string_view::npos ? line.size() : line.find('=') + 1);
                while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
                    value.remove_prefix(1);
                }
                while (!value.empty() && (value.back() == ' ' || value.back() == '\t' || value.back() == '\r')) {
                    value.remove_suffix(1);
                }
                vars.emplace(std::string(key), std::string(value));
            }
        }
    }
    if (!vars.contains("VERSION") || !vars.contains("PATCHLEVEL")) {
        return std::unexpected("no VERSION/PATCHLEVEL lines");
    }
    std::string v = vars["VERSION"] + "." + vars["PATCHLEVEL"];
    if (!vars["SUBLEVEL"].empty()) {
        v += "." + vars["SUBLEVEL"];
    }
    return v + vars["EXTRAVERSION"];
}

namespace {

using Clock = std::chrono::steady_clock;

class PhaseTimer {
public:
    explicit PhaseTimer(std::vector<PhaseTime>& out) : m_out(out) {}
    void start(std::string name) {
        stop();
        m_name = std::move(name);
        m_start = Clock::now();
    }
    void stop() {
        if (!m_name.empty()) {
            m_out.push_back({m_name, std::chrono::duration<double>(Clock::now() - m_start).count()});
            m_name.clear();
        }
    }

private:
    std::vector<PhaseTime>& m_out;
    std::string m_name;
    Clock::time_point m_start;
};

// The identifiers that make a file worth preprocessing: the kernel's own macros that end in a
// device table or an alias/firmware/softdep .modinfo entry, and every header macro whose body
// uses one (transitively), e.g. module_cpu_feature_match or IRQCHIP_PLATFORM_DRIVER_END.
// MODULE_INFO(tag, ...) only counts with one of those tags: module_param expands to
// MODULE_INFO(parmtype, ...) and would otherwise drag in thousands of files without tables.
TriggerSet make_triggers(const cpp::GlobalMacros& globals) {
    std::set<std::string, std::less<>> names = {"MODULE_DEVICE_TABLE", "MODULE_ALIAS", "MODULE_FIRMWARE",
                                                "MODULE_SOFTDEP"};
    auto uses_trigger = [&](const cpp::Tokens& body) {
        for (size_t i = 0; i < body.size(); ++i) {
            const cpp::Token& t = body[i];
            if (!t.is_ident()) {
                continue;
            }
            if (names.contains(t.text)) {
                return true;
            }
            if ((t.text == "MODULE_INFO" || t.text == "__MODULE_INFO") && i + 2 < body.size() && body[i + 1].is("(") &&
                (body[i + 2].is("alias") || body[i + 2].is("firmware") || body[i + 2].is("softdep"))) {
                return true;
            }
        }
        return false;
    };
    bool grew = true;
    while (grew) {
        grew = false;
        globals.for_each([&](const cpp::MacroDef& def) {
            if (!names.contains(def.name) && uses_trigger(def.body)) {
                names.emplace(def.name);
                grew = true;
            }
        });
    }
    // Direct uses in a source file: MODULE_INFO(alias, ...) is rare but legal.
    names.emplace("MODULE_INFO");
    names.emplace("__MODULE_INFO");
    TriggerSet set;
    for (const std::string& n : names) {
        set.add(n);
    }
    return set;
}

struct Unit {
    size_t module = 0;  // index into kbuild modules
    size_t source = 0;  // index into that module's sources
};

struct UnitResult {
    devtable::Extracted extracted;
    Diagnostics pp_diagnostics;
};

}  // namespace

std::expected<Summary, std::string> build_index(const Options& options, const ProgressFn& progress,
                                                Diagnostics& diags) {
    Summary summary;
    auto arch = arch_info(options.arch);
    if (!arch) {
        return std::unexpected(arch.error());
    }
    summary.arch = *arch;
    const unsigned threads = options.threads == 0 ? default_threads() : options.threads;
    SourceTree tree(options.kernel_src);
    if (!tree.is_dir("")) {
        return std::unexpected(options.kernel_src.string() + ": no such directory");
    }
    auto top = tree.read("Makefile");
    auto version = top ? kernel_version(*top) : std::unexpected(std::string("no top-level Makefile"));
    if (!version || !tree.is_dir("arch/" + arch->srcarch)) {
        return std::unexpected(options.kernel_src.string() + ": not a kernel source tree (" +
                               (version ? "no arch/" + arch->srcarch : version.error()) + ")");
    }
    summary.kernel_version = *version;

    // Create the output first: an unwritable path should fail in a millisecond, not a minute.
    auto writer = db::Writer::create(options.out);
    if (!writer) {
        return std::unexpected(writer.error().message);
    }

    PhaseTimer timer(summary.phases);
    auto report = [&](std::string_view phase, size_t done, size_t total) {
        if (progress) {
            progress(Progress{phase, done, total});
        }
    };
    // A header included by many units reports its problems once.
    std::set<std::string> reported;
    auto keep = [&](std::string_view phase, Diagnostics&& more) {
        for (Diagnostic& d : more) {
            if (!reported.insert(d.format()).second) {
                continue;
            }
            writer->add_problem(phase, d);
            diags.push_back(std::move(d));
        }
    };

    // The Kconfig parse spends most of its time waiting for toolchain probes: run it beside the
    // C phases. It only reads files; the writer stays on this thread.
    KconfigIndex kconfig;
    std::thread kconfig_thread;
    if (options.kconfig) {
        kconfig_thread = std::thread([&] {
            kconfig = build_kconfig_index(tree, arch->arch, arch->srcarch, summary.kernel_version);
        });
    }

    timer.start("kbuild");
    report("kbuild", 0, 0);
    kbuild::Result kb = kbuild::scan(tree, arch->srcarch, arch->bits, threads);
    keep("kbuild", std::move(kb.diagnostics));

    timer.start("headers");
    report("headers", 0, 0);
    Diagnostics header_diags;
    cpp::GlobalMacros globals = cpp::build_global_macros(tree, arch->srcarch, threads, header_diags);
    keep("headers", std::move(header_diags));
    // Enum constants of the same headers (HDA_DEV_LEGACY, SSAM_SSH_TC_*): tables use them, and
    // units do not see <...> headers' declarations.
    devtable::GlobalEnums enums = devtable::GlobalEnums::build(tree, globals, threads);

    timer.start("layouts");
    report("layouts", 0, 0);
    const std::string layout_path = "include/linux/mod_devicetable.h";
    auto layout_text = tree.read(layout_path);
    if (!layout_text) {
        return std::unexpected(options.kernel_src.string() + ": " + layout_path + ": " + layout_text.error().message);
    }
    Diagnostics layout_diags;
    devtable::Layouts layouts = devtable::parse_layouts(*layout_text, layout_path, layout_diags);
    keep("layouts", std::move(layout_diags));

    // select: read every module source once, in parallel; follow quoted includes layer by layer
    // (a .c that includes another .c with the MODULE_DEVICE_TABLE, tables in local headers).
    timer.start("select");
    TriggerSet triggers = make_triggers(globals);
    std::vector<std::string> paths;
    for (const kbuild::Module& m : kb.modules) {
        for (const kbuild::Source& s : m.sources) {
            paths.push_back(s.path);
        }
    }
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    summary.sources = paths.size();
    std::unordered_map<std::string, TriggerScan> scans;
    std::vector<std::string> layer = paths;
    while (!layer.empty()) {
        std::vector<TriggerScan> results(layer.size());
        std::atomic<size_t> done{0};
        parallel_for(layer.size(), threads, [&](size_t i) {
            // Not cached: most sources are never looked at again, and caching all of them
            // would hold the whole tree in memory.
            auto text = tree.read_shared(layer[i]);
            if (text) {
                results[i] = scan_triggers(**text, triggers);
                // Resolve here, in parallel: one stat per include of every file adds up.
                std::vector<std::string> resolved;
                for (const std::string& inc : results[i].quote_includes) {
                    std::string p = join_path(dirname(layer[i]), inc);
                    if (tree.exists(p)) {
                        resolved.push_back(std::move(p));
                    }
                }
                results[i].quote_includes = std::move(resolved);
            }
            size_t d = ++done;
            if (d % 2048 == 0) {
                report("select", d, layer.size());
            }
        });
        std::vector<std::string> next;
        for (size_t i = 0; i < layer.size(); ++i) {
            for (const std::string& p : results[i].quote_includes) {
                if (!scans.contains(p)) {
                    next.push_back(p);
                }
            }
            scans.emplace(layer[i], std::move(results[i]));
        }
        std::sort(next.begin(), next.end());
        next.erase(std::unique(next.begin(), next.end()), next.end());
        std::erase_if(next, [&](const std::string& p) { return scans.contains(p); });
        layer = std::move(next);
    }
    std::unordered_map<std::string, bool> closure;
    std::function<bool(const std::string&, int)> triggered = [&](const std::string& p, int depth) -> bool {
        auto it = closure.find(p);
        if (it != closure.end()) {
            return it->second;
        }
        closure[p] = false;  // cycle guard
        auto s = scans.find(p);
        bool hit = false;
        if (s != scans.end()) {
            hit = s->second.has_trigger;
            for (size_t k = 0; !hit && depth < 16 && k < s->second.quote_includes.size(); ++k) {
                hit = triggered(s->second.quote_includes[k], depth + 1);  // resolved above
            }
        }
        closure[p] = hit;
        return hit;
    };
    std::vector<Unit> units;
    for (size_t m = 0; m < kb.modules.size(); ++m) {
        for (size_t s = 0; s < kb.modules[m].sources.size(); ++s) {
            if (triggered(kb.modules[m].sources[s].path, 0)) {
                units.push_back({m, s});
            }
        }
    }
    summary.units = units.size();

    timer.start("tables");
    cpp::Preprocessor pp(globals, tree);
    std::vector<UnitResult> results(units.size());
    std::atomic<size_t> done{0};
    report("tables", 0, units.size());
    parallel_for(units.size(), threads, [&](size_t i) {
        const kbuild::Module& mod = kb.modules[units[i].module];
        cpp::PreprocessOptions po;
        po.path = mod.sources[units[i].source].path;
        po.module_name = mod.name;
        po.include_dirs = mod.include_dirs;
        cpp::TranslationUnit tu = pp.run(po);
        results[i].extracted = devtable::extract(tu, layouts, &enums);
        results[i].pp_diagnostics = std::move(tu.diagnostics);
        size_t d = ++done;
        if (d % 256 == 0 || d == units.size()) {
            report("tables", d, units.size());
        }
    });

    if (kconfig_thread.joinable()) {
        timer.start("kconfig-wait");
        report("kconfig", 0, 0);
        kconfig_thread.join();
    }
    timer.start("write");
    report("write", 0, 0);
    store_kconfig_index(kconfig, *writer);
    keep("kconfig", std::move(kconfig.diagnostics));
    summary.kconfig_model = kconfig.has_model;
    summary.kconfig_symbols = kconfig.symbols.size();
    summary.kconfig_files = kconfig.files;
    summary.kconfig_probes = kconfig.probes.size();
    summary.kconfig_seconds = kconfig.seconds;
    summary.kconfig_error = options.kconfig ? kconfig.error : "not asked for (--no-kconfig)";
    writer->set_meta("generator", "hwneeds " HWNEEDS_VERSION);
    writer->set_meta("kernel_version", summary.kernel_version);
    writer->set_meta("arch", arch->arch);
    writer->set_meta("srcarch", arch->srcarch);
    std::error_code ec;
    writer->set_meta("source_root", std::filesystem::absolute(options.kernel_src, ec).lexically_normal().string());
    {
        std::time_t now = std::time(nullptr);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
        writer->set_meta("created_at", buf);
    }
    std::vector<size_t> order(kb.modules.size());
    for (size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return kb.modules[a].path < kb.modules[b].path; });
    std::vector<int64_t> ids(kb.modules.size(), -1);
    std::set<std::string> seen_paths;
    for (size_t i : order) {
        const kbuild::Module& m = kb.modules[i];
        if (!seen_paths.insert(m.path).second) {
            continue;  // the Kbuild scan reports duplicates itself
        }
        ids[i] = writer->add_module({m.name, m.path, m.symbol, m.cond, m.modular});
        ++summary.modules;
        summary.modular += m.modular ? 1 : 0;
        for (const kbuild::Source& s : m.sources) {
            writer->add_module_source(ids[i], s.path, s.cond);
        }
    }
    std::set<std::string> problem_files;
    for (size_t i = 0; i < units.size(); ++i) {
        const Unit& u = units[i];
        int64_t id = ids[u.module];
        const Cond& source_cond = kb.modules[u.module].sources[u.source].cond;
        if (id >= 0) {
            for (const devtable::Alias& a : results[i].extracted.aliases) {
                writer->add_alias(id, a.pattern, a.type, and_(a.cond, source_cond), a.path, a.line);
                ++summary.aliases;
                ++summary.aliases_by_type[a.type];
            }
            for (const devtable::Modinfo& mi : results[i].extracted.modinfo) {
                writer->add_modinfo(id, mi.tag, mi.value, and_(mi.cond, source_cond), mi.path, mi.line);
                summary.firmware += mi.tag == "firmware" ? 1 : 0;
                summary.softdeps += mi.tag == "softdep" ? 1 : 0;
            }
        }
        keep("cpp", std::move(results[i].pp_diagnostics));
        keep("devtable", std::move(results[i].extracted.diagnostics));
    }
    for (const Diagnostic& d : diags) {
        if (d.severity == Severity::Error) {
            ++summary.errors;
            problem_files.insert(d.path);
        } else {
            ++summary.warnings;
        }
    }
    summary.problem_files = problem_files.size();
    auto committed = writer->commit();
    if (!committed) {
        return std::unexpected(committed.error().message);
    }
    timer.stop();
    summary.bytes_read = tree.bytes_read();
    return summary;
}

}  // namespace hw::index
