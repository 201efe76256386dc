#include "modalias-db/devtable/global_enums.h"

#include "common/parallel.h"
#include "modalias-db/cpp/const_eval.h"
#include "modalias-db/cpp/lexer.h"
#include "modalias-db/devtable/scan.h"

#include <memory>

namespace hw::devtable {

namespace {

// One header's enumerators: the values found while reading it alone, and what still needs
// constants of other headers.
struct Pending {
    std::string name;
    cpp::Tokens expr;      // empty: previous + 1
    int32_t previous = -1; // index into FileEnums::pending, or -1 (the first of its enum)
    bool known = false;
    int64_t value = 0;
};

struct FileEnums {
    std::unique_ptr<cpp::TokenArena> arena;  // spliced token text lives here
    std::vector<Pending> pending;
};

// Tokens outside preprocessor directives.
cpp::Tokens code_tokens(const cpp::Tokens& toks) {
    cpp::Tokens out;
    out.reserve(toks.size());
    bool in_directive = false;
    for (const cpp::Token& t : toks) {
        if (t.at_line_start) {
            in_directive = t.is("#");
        }
        if (!in_directive) {
            out.push_back(t);
        }
    }
    return out;
}

// Values of a file's enumerators; `lookup` answers names from elsewhere.
template <class Lookup>
void evaluate(FileEnums& f, const cpp::GlobalMacros* macros, const Lookup& lookup) {
    std::unordered_map<std::string_view, size_t> local;
    for (size_t i = 0; i < f.pending.size(); ++i) {
        local.emplace(f.pending[i].name, i);
    }
    int depth = 0;
    cpp::IdentResolver resolve = [&](std::string_view name) -> std::optional<int64_t> {
        if (auto it = local.find(name); it != local.end() && f.pending[it->second].known) {
            return f.pending[it->second].value;
        }
        if (auto v = lookup(name)) {
            return v;
        }
        const cpp::MacroDef* def = macros != nullptr ? macros->find(name) : nullptr;
        if (def == nullptr || def->function_like || def->body.empty() || depth > 16) {
            return std::nullopt;
        }
        ++depth;
        auto v = cpp::eval_const(def->body, resolve);
        --depth;
        if (!v) {
            return std::nullopt;
        }
        return v->as_signed();
    };
    for (Pending& p : f.pending) {
        if (p.known) {
            continue;
        }
        if (p.expr.empty()) {
            if (p.previous < 0) {
                p.known = true;
                p.value = 0;
            } else if (f.pending[static_cast<size_t>(p.previous)].known) {
                p.known = true;
                p.value = f.pending[static_cast<size_t>(p.previous)].value + 1;
            }
            continue;
        }
        if (auto v = cpp::eval_const(p.expr, resolve)) {
            p.known = true;
            p.value = v->as_signed();
        }
    }
}

FileEnums read_file_enums(std::string_view text, uint32_t file, std::string_view path) {
    FileEnums out;
    if (text.find("enum") == std::string_view::npos) {
        return out;
    }
    out.arena = std::make_unique<cpp::TokenArena>();
    cpp::Tokens toks = code_tokens(cpp::lex(text, file, path, *out.arena).tokens);
    Declarations decls = scan(toks);
    out.pending.reserve(decls.enums.size());
    for (const EnumConstant& c : decls.enums) {
        Pending p;
        p.name = std::string(c.name);
        p.expr.assign(toks.begin() + c.expr.begin, toks.begin() + c.expr.end);
        p.previous = c.previous;
        out.pending.push_back(std::move(p));
    }
    return out;
}


}  // namespace

GlobalEnums GlobalEnums::from_sources(const std::vector<std::pair<std::string, std::string_view>>& headers,
                                      const cpp::GlobalMacros* macros, unsigned threads) {
    std::vector<FileEnums> files(headers.size());
    auto none = [](std::string_view) -> std::optional<int64_t> { return std::nullopt; };
    parallel_for(headers.size(), threads, [&](size_t i) {
        files[i] = read_file_enums(headers[i].second, static_cast<uint32_t>(i), headers[i].first);
        evaluate(files[i], macros, none);
    });
    GlobalEnums out;
    auto merge = [&] {
        size_t added = 0;
        for (FileEnums& f : files) {
            for (const Pending& p : f.pending) {
                if (p.known && out.m_values.emplace(p.name, p.value).second) {
                    ++added;
                }
            }
        }
        return added;
    };
    merge();
    // Constants defined from other headers' constants: a few rounds settle the chains.
    auto lookup = [&](std::string_view name) { return out.find(name); };
    for (int round = 0; round < 4; ++round) {
        bool any = false;
        for (FileEnums& f : files) {
            bool open = false;
            for (const Pending& p : f.pending) {
                open = open || !p.known;
            }
            if (open) {
                evaluate(f, macros, lookup);
                any = true;
            }
        }
        if (!any || merge() == 0) {
            break;
        }
    }
    return out;
}

GlobalEnums GlobalEnums::build(const hw::SourceTree& tree, const cpp::GlobalMacros& macros, unsigned threads) {
    std::vector<std::pair<std::string, std::string_view>> headers;
    headers.reserve(macros.file_count());
    for (size_t i = 0; i < macros.file_count(); ++i) {
        const std::string& path = macros.file_path(static_cast<uint32_t>(i));
        if (auto text = tree.read(path)) {
            headers.emplace_back(path, *text);
        }
    }
    return from_sources(headers, &macros, threads);
}

std::optional<int64_t> GlobalEnums::find(std::string_view name) const {
    auto it = m_values.find(name);
    if (it == m_values.end()) {
        return std::nullopt;
    }
    return it->second;
}

}  // namespace hw::devtable
