#include "modalias-db/kbuild/kbuild.h"

#include "common/parallel.h"
#include "modalias-db/kbuild/make_eval.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace hw::kbuild {

namespace {

struct LocalSource {
    std::string path;
    Dnf cond;
};

// A target of one directory's obj-y/obj-m, before the directory guards are known.
struct LocalModule {
    std::string stem;  // target without ".o", relative to the directory ("foo", "sub/foo")
    Dnf cond;
    std::string hint;
    bool sole = false;  // the hint's line names only this target
    bool modular = false;
    std::vector<LocalSource> sources;
    std::vector<std::string> include_dirs;
};

struct Edge {
    std::string child;
    Dnf cond;
    std::string hint;
};

struct DirResult {
    std::string dir;
    std::vector<Edge> subdirs;
    std::vector<LocalModule> modules;
    std::vector<std::string> subdir_includes;  // subdir-ccflags-y: this dir and below
    Diagnostics diagnostics;
    size_t files = 0;
};

// Directory listings, shared by all workers (a directory is listed once).
class DirCache {
public:
    explicit DirCache(const SourceTree& tree) : m_tree(tree) {}
    bool has_file(std::string_view path) {
        size_t slash = path.rfind('/');
        std::string dir(slash == std::string_view::npos ? std::string_view() : path.substr(0, slash));
        std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
        const Entries* entries = nullptr;
        {
            std::lock_guard lock(m_mutex);
            auto it = m_dirs.find(dir);
            if (it != m_dirs.end()) {
                entries = it->second.get();
            }
        }
        if (entries == nullptr) {
            auto listing = std::make_unique<Entries>();
            for (std::string& n : m_tree.list(dir)) {
                listing->insert(std::move(n));
            }
            std::lock_guard lock(m_mutex);
            auto [it, inserted] = m_dirs.try_emplace(dir, std::move(listing));
            entries = it->second.get();
        }
        return entries->contains(std::string(name));
    }

private:
    using Entries = std::unordered_set<std::string>;
    const SourceTree& m_tree;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::unique_ptr<Entries>> m_dirs;
};

std::string module_name(std::string_view stem) {
    size_t slash = stem.rfind('/');
    std::string name(slash == std::string_view::npos ? stem : stem.substr(slash + 1));
    std::replace(name.begin(), name.end(), '-', '_');
    return name;
}

void add_unique(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) {
        list.push_back(std::move(item));
    }
}

// -I dir, -Idir, -iquote dir, -iquotedir -> tree-relative dirs (absolute ones are dropped).
void include_flags(const std::vector<Word>& flags, std::vector<std::string>& out) {
    for (size_t i = 0; i < flags.size(); ++i) {
        std::string_view f = flags[i].text;
        std::string_view arg;
        for (std::string_view opt : {"-iquote", "-I"}) {
            if (f.starts_with(opt)) {
                arg = f.substr(opt.size());
                if (arg.empty() && i + 1 < flags.size()) {
                    arg = flags[++i].text;
                }
                break;
            }
        }
        if (arg.empty() || arg.starts_with('/')) {
            continue;
        }
        std::string dir = normalize_path(arg);
        if (!dir.empty() && !dir.starts_with("..")) {
            add_unique(out, std::move(dir));
        }
    }
}

class DirScanner {
public:
    DirScanner(const SourceTree& tree, const MakeContext& ctx, DirCache& files, bool subdir_ym_modules)
        : m_tree(tree), m_ctx(ctx), m_files(files), m_subdir_ym_modules(subdir_ym_modules) {}

    // Evaluates dir's Kbuild file (or Makefile) and collects targets and subdirectories.
    DirResult scan(const std::string& dir) {
        DirResult r;
        r.dir = dir;
        MakeEvaluator ev(m_tree, dir, m_ctx, r.diagnostics);
        std::string file = join_path(dir, "Kbuild");
        if (!m_files.has_file(file)) {
            file = join_path(dir, "Makefile");
        }
        if (!ev.eval_file(file)) {
            r.diagnostics.push_back(Diagnostic{dir.empty() ? "." : dir, 0, 0, Severity::Warning,
                                               "no Kbuild file or Makefile in directory"});
            return r;
        }
        collect(ev, r);
        r.files = ev.files_read();
        return r;
    }

    // The top directory: ./Kbuild with ARCH_CORE/ARCH_LIB/ARCH_DRIVERS, or the top Makefile's
    // init-y/core-y/... lists for trees without a top-level Kbuild.
    DirResult scan_top() {
        DirResult r;
        MakeEvaluator ev(m_tree, "", m_ctx, r.diagnostics);
        ev.eval_text(top_makefile_lines(), "Makefile");
        ev.eval_text(
            "ARCH_CORE := $(core-y)\n"
            "ARCH_LIB := $(filter %/, $(libs-y))\n"
            "ARCH_DRIVERS := $(drivers-y) $(drivers-m)\n",
            "Makefile");
        if (m_files.has_file("Kbuild")) {
            ev.eval_file("Kbuild");
            collect(ev, r);
        }
        if (r.subdirs.empty()) {
            ev.eval_text(
                "obj-y := $(init-y) $(core-y) $(drivers-y) $(drivers-m) $(net-y) "
                "$(filter %/, $(libs-y)) $(virt-y)\n",
                "Makefile");
            collect(ev, r);
        }
        r.files = ev.files_read() + 1;
        return r;
    }

private:
    // The top Makefile is mostly about building; only its top-directory lists and the inclusion
    // of the arch Makefile matter here, so just those lines are evaluated (in order).
    std::string top_makefile_lines() {
        auto text = m_tree.read("Makefile");
        if (!text) {
            return {};
        }
        // Logical lines (continuations joined), one output line per physical line.
        std::vector<std::string> lines;
        std::string_view t = *text;
        size_t pos = 0;
        std::string logical;
        while (pos < t.size()) {
            size_t eol = t.find('\n', pos);
            if (eol == std::string_view::npos) {
                eol = t.size();
            }
            logical.append(t.substr(pos, eol - pos));
            pos = eol + 1;
            if (!logical.empty() && logical.back() == '\\') {
                logical.back() = ' ';
                lines.emplace_back();
                continue;
            }
            lines.push_back(std::move(logical));
            logical.clear();
        }
        auto trimmed = [](std::string_view l) {
            while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) {
                l.remove_prefix(1);
            }
            return l;
        };
        auto is_arch_include = [&](std::string_view l) {
            l = trimmed(l);
            return l.starts_with("include") && (l.find("arch/$(SRCARCH)/Makefile") != std::string_view::npos ||
                                                l.find("arch/$(ARCH)/Makefile") != std::string_view::npos);
        };
        // 6.1 includes the arch Makefile twice, for config targets and (last) for the build.
        size_t arch_line = lines.size();
        for (size_t i = 0; i < lines.size(); ++i) {
            if (is_arch_include(lines[i])) {
                arch_line = i;
            }
        }
        std::string out;
        for (size_t i = 0; i < lines.size(); ++i) {
            std::string_view l = trimmed(lines[i]);
            bool list = false;
            for (std::string_view prefix : {"init-", "core-", "drivers-", "net-", "libs-", "virt-"}) {
                list = list || (l.starts_with(prefix) && l.find('=') != std::string_view::npos);
            }
            if (list || i == arch_line) {
                out.append(l);
            }
            out += '\n';
        }
        return out;
    }

    void collect(MakeEvaluator& ev, DirResult& r) {
        std::map<std::string, size_t> target_index;
        std::map<std::string, size_t> edge_index;
        auto add = [&](const Word& w, bool modular) {
            if (w.text.ends_with('/')) {
                std::string child = join_path(r.dir, w.text);
                auto [it, inserted] = edge_index.try_emplace(child, r.subdirs.size());
                if (inserted) {
                    r.subdirs.push_back(Edge{child, w.cond, w.hint});
                } else {
                    Edge& e = r.subdirs[it->second];
                    e.cond = e.cond || w.cond;
                    if (e.hint.empty()) {
                        e.hint = w.hint;
                    }
                }
                return;
            }
            if (!w.text.ends_with(".o")) {
                return;
            }
            std::string stem = w.text.substr(0, w.text.size() - 2);
            auto [it, inserted] = target_index.try_emplace(stem, r.modules.size());
            if (inserted) {
                r.modules.push_back(LocalModule{stem, w.cond, w.hint, w.sole, modular, {}, {}});
            } else {
                LocalModule& m = r.modules[it->second];
                m.cond = m.cond || w.cond;
                m.modular = m.modular || modular;
                if (m.hint.empty() || (w.sole && !m.sole)) {
                    m.hint = w.hint;
                    m.sole = w.sole;
                }
            }
        };
        for (const Word& w : ev.words("obj-y")) {
            add(w, false);
        }
        for (const Word& w : ev.words("obj-m")) {
            add(w, true);
        }
        if (m_subdir_ym_modules) {
            for (const char* var : {"subdir-y", "subdir-m"}) {
                for (Word w : ev.words(var)) {
                    if (!w.text.ends_with('/')) {
                        w.text += '/';
                    }
                    add(w, true);
                }
            }
        }
        std::vector<std::string> dir_includes;
        for (const char* var : {"ccflags-y", "EXTRA_CFLAGS", "subdir-ccflags-y"}) {
            include_flags(ev.words(var, /*merge_duplicates=*/false), dir_includes);
        }
        include_flags(ev.words("subdir-ccflags-y", /*merge_duplicates=*/false), r.subdir_includes);
        for (LocalModule& m : r.modules) {
            std::vector<std::string> objects;
            resolve(ev, r.dir, m.stem, m.modular, Dnf::truth(), 0, m.sources, objects);
            m.include_dirs = dir_includes;
            for (const std::string& obj : objects) {
                include_flags(ev.words("CFLAGS_" + obj + ".o", /*merge_duplicates=*/false), m.include_dirs);
            }
        }
    }

    // Collects the .c files of object `stem` (relative to dir); composites are expanded.
    void resolve(MakeEvaluator& ev, const std::string& dir, const std::string& stem, bool modular,
                 const Dnf& cond, int depth, std::vector<LocalSource>& sources,
                 std::vector<std::string>& objects) {
        add_unique(objects, stem);
        std::vector<std::string> suffixes = {"-objs", "-y"};
        if (modular) {
            suffixes.push_back("-m");
        }
        bool composite = false;
        if (depth < 8) {
            for (const char* s : {"-objs", "-y", "-m", "-"}) {
                if (ev.is_defined(stem + s) && ev.has_words(stem + s)) {
                    composite = true;
                    break;
                }
            }
        }
        if (!composite) {
            std::string c_file = join_path(dir, stem + ".c");
            if (m_files.has_file(c_file)) {
                auto it = std::find_if(sources.begin(), sources.end(),
                                       [&](const LocalSource& s) { return s.path == c_file; });
                if (it == sources.end()) {
                    sources.push_back(LocalSource{c_file, cond});
                } else {
                    it->cond = it->cond || cond;
                }
            }
            return;
        }
        for (const std::string& s : suffixes) {
            for (const Word& part : ev.words(stem + s)) {
                if (!part.text.ends_with(".o")) {
                    continue;
                }
                std::string part_stem = part.text.substr(0, part.text.size() - 2);
                Dnf part_cond = cond && part.cond;
                if (part_cond.is_false()) {
                    continue;
                }
                // A composite naming itself would loop: its own name is then a plain object.
                resolve(ev, dir, part_stem, modular, part_cond, part_stem == stem ? 8 : depth + 1, sources,
                        objects);
            }
        }
    }

    const SourceTree& m_tree;
    const MakeContext& m_ctx;
    DirCache& m_files;
    bool m_subdir_ym_modules;
};

struct DirInfo {
    const DirResult* result = nullptr;
    std::vector<std::pair<std::string, const Edge*>> parents;  // (parent dir, edge)
    bool done = false;
    bool visiting = false;
    Dnf guard = Dnf::falsity();
    std::string symbol;
    std::vector<std::string> inherited_includes;  // subdir-ccflags-y from above (and own)
};

// Guard, symbol and inherited includes of every directory, from its parents'.
void resolve_dir(const std::string& dir, std::unordered_map<std::string, DirInfo>& dirs) {
    DirInfo& info = dirs[dir];
    if (info.done || info.visiting) {
        return;
    }
    info.visiting = true;
    if (info.parents.empty()) {
        info.guard = Dnf::truth();
    }
    std::string parent_symbol;
    for (const auto& [parent, edge] : info.parents) {
        resolve_dir(parent, dirs);
        const DirInfo& p = dirs[parent];
        info.guard = info.guard || (p.guard && edge->cond);
        if (info.symbol.empty() && !edge->hint.empty()) {
            info.symbol = edge->hint;
        }
        if (parent_symbol.empty()) {
            parent_symbol = p.symbol;
        }
        for (const std::string& inc : p.inherited_includes) {
            add_unique(info.inherited_includes, inc);
        }
    }
    if (info.symbol.empty()) {
        info.symbol = parent_symbol;
    }
    if (info.result != nullptr) {
        for (const std::string& inc : info.result->subdir_includes) {
            add_unique(info.inherited_includes, inc);
        }
    }
    info.visiting = false;
    info.done = true;
}

}  // namespace

Result scan(const SourceTree& tree, std::string_view srcarch, int bits, unsigned threads) {
    const MakeContext ctx = make_context(srcarch, bits);
    DirCache files(tree);
    // Before 5.x-era need-modorder, subdir-y/subdir-m directories built modules too; since then
    // Makefile.build visits them only for non-module targets.
    bool subdir_ym_modules = true;
    if (auto build = tree.read("scripts/Makefile.build")) {
        subdir_ym_modules = build->find("need-modorder") == std::string_view::npos;
    }
    DirScanner scanner(tree, ctx, files, subdir_ym_modules);

    std::vector<std::unique_ptr<DirResult>> all;
    all.push_back(std::make_unique<DirResult>(scanner.scan_top()));
    std::unordered_set<std::string> seen{""};
    std::vector<std::string> level;
    auto queue_children = [&](const DirResult& r) {
        for (const Edge& e : r.subdirs) {
            if (e.cond.is_false() || e.child.starts_with("..")) {
                continue;
            }
            if (seen.insert(e.child).second) {
                level.push_back(e.child);
            }
        }
    };
    queue_children(*all.front());
    while (!level.empty()) {
        std::vector<std::string> current = std::move(level);
        level.clear();
        std::vector<std::unique_ptr<DirResult>> results(current.size());
        parallel_for(current.size(), threads, [&](size_t i) {
            results[i] = std::make_unique<DirResult>(scanner.scan(current[i]));
        });
        for (auto& r : results) {
            queue_children(*r);
            all.push_back(std::move(r));
        }
    }

    std::unordered_map<std::string, DirInfo> dirs;
    for (const auto& r : all) {
        dirs[r->dir].result = r.get();
    }
    for (const auto& r : all) {
        for (const Edge& e : r->subdirs) {
            if (!e.cond.is_false() && dirs.contains(e.child)) {
                dirs[e.child].parents.emplace_back(r->dir, &e);
            }
        }
    }

    Result out;
    std::map<std::string, size_t> by_path;
    for (const auto& r : all) {
        resolve_dir(r->dir, dirs);
        const DirInfo& info = dirs[r->dir];
        out.files_read += r->files;
        out.diagnostics.insert(out.diagnostics.end(), r->diagnostics.begin(), r->diagnostics.end());
        for (const LocalModule& lm : r->modules) {
            Dnf cond = info.guard && lm.cond;
            if (cond.is_false()) {
                continue;
            }
            std::string path = join_path(r->dir, lm.stem);
            auto [it, inserted] = by_path.try_emplace(path, out.modules.size());
            if (!inserted) {
                Module& m = out.modules[it->second];
                m.cond = or_(m.cond, cond.to_cond());
                m.modular = m.modular || lm.modular;
                continue;
            }
            Module m;
            m.name = module_name(lm.stem);
            m.path = std::move(path);
            m.symbol = !lm.hint.empty() ? lm.hint : info.symbol;
            m.cond = cond.to_cond();
            m.modular = lm.modular;
            for (const LocalSource& s : lm.sources) {
                m.sources.push_back(Source{s.path, s.cond.to_cond()});
            }
            m.include_dirs = lm.include_dirs;
            for (const std::string& inc : info.inherited_includes) {
                add_unique(m.include_dirs, inc);
            }
            out.modules.push_back(std::move(m));
        }
    }
    std::sort(out.modules.begin(), out.modules.end(),
              [](const Module& a, const Module& b) { return a.path < b.path; });
    return out;
}

}  // namespace hw::kbuild
