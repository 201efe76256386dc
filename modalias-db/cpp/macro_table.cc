#include "modalias-db/cpp/macro_table.h"

#include "common/parallel.h"
#include "modalias-db/cpp/lexer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <tuple>

namespace hw::cpp {

std::expected<MacroDef, DefineError> parse_define(std::span<const Token> rest, uint32_t file, uint32_t line) {
    if (rest.empty()) {
        return std::unexpected(DefineError{nullptr, "no macro name given in #define directive"});
    }
    if (!rest[0].is_ident()) {
        return std::unexpected(DefineError{&rest[0], "macro names must be identifiers"});
    }
    MacroDef def;
    def.name = rest[0].text;
    def.file = file;
    def.line = line;
    size_t i = 1;
    if (i < rest.size() && rest[i].is("(") && !rest[i].space_before) {
        def.function_like = true;
        ++i;
        bool closed = false;
        bool expect_name = true;
        while (i < rest.size()) {
            const Token& t = rest[i];
            if (expect_name && t.is(")") && def.params.empty()) {
                closed = true;
                ++i;
                break;
            }
            if (expect_name) {
                if (t.is("...")) {
                    def.params.push_back("__VA_ARGS__");
                    def.variadic = true;
                } else if (t.is_ident()) {
                    def.params.push_back(t.text);
                    if (i + 1 < rest.size() && rest[i + 1].is("...")) {
                        def.variadic = true;
                        ++i;
                    }
                } else {
                    return std::unexpected(DefineError{&t, "expected parameter name, found \"" + std::string(t.text) + "\""});
                }
                expect_name = false;
                ++i;
                continue;
            }
            if (t.is(")")) {
                closed = true;
                ++i;
                break;
            }
            if (t.is(",") && !def.variadic) {
                expect_name = true;
                ++i;
                continue;
            }
            return std::unexpected(DefineError{&t, "expected ',' or ')', found \"" + std::string(t.text) + "\""});
        }
        if (!closed) {
            return std::unexpected(DefineError{nullptr, "missing ')' in macro parameter list"});
        }
    }
    def.body.assign(rest.begin() + static_cast<std::ptrdiff_t>(i), rest.end());
    def.param_of.assign(def.body.size(), -1);
    for (size_t k = 0; k < def.body.size(); ++k) {
        Token& t = def.body[k];
        t.at_line_start = false;
        if (t.is_ident() && def.function_like) {
            for (size_t p = 0; p < def.params.size(); ++p) {
                if (def.params[p] == t.text) {
                    def.param_of[k] = static_cast<int16_t>(p);
                    break;
                }
            }
        }
    }
    if (!def.body.empty()) {
        def.body.front().space_before = false;
        if (def.body.front().is("##")) {
            return std::unexpected(DefineError{&rest[i], "'##' cannot appear at either end of a macro expansion"});
        }
        if (def.body.back().is("##")) {
            return std::unexpected(DefineError{&rest.back(), "'##' cannot appear at either end of a macro expansion"});
        }
    }
    if (def.function_like) {
        for (size_t k = 0; k < def.body.size(); ++k) {
            if (def.body[k].is("#") && (k + 1 >= def.body.size() || def.param_of[k + 1] < 0)) {
                return std::unexpected(DefineError{&rest[i + k], "'#' is not followed by a macro parameter"});
            }
        }
    }
    return def;
}

void MacroIndex::grow() {
    std::vector<Entry> old = std::move(m_slots);
    m_slots.assign(old.empty() ? 64 : old.size() * 2, Entry{});
    size_t mask = m_slots.size() - 1;
    // About 8 bits per slot, 4 per name at most.
    m_bloom.assign(m_slots.size() / 8, 0);
    m_bloom_mask = m_bloom.size() - 1;
    auto mark = [&](uint64_t h) { bloom_word(h) |= bloom_bits(h); };
    for (const Entry& e : old) {
        if (!e.name.empty()) {
            mark(e.hash);
            size_t i = e.hash & mask;
            while (!m_slots[i].name.empty()) {
                i = (i + 1) & mask;
            }
            m_slots[i] = e;
        }
    }
}

void MacroIndex::set(std::string_view name, uint64_t hash, const MacroDef* def) {
    if ((m_size + 1) * 2 > m_slots.size()) {
        grow();
    }
    size_t mask = m_slots.size() - 1;
    size_t i = hash & mask;
    while (!m_slots[i].name.empty()) {
        if (m_slots[i].hash == hash && m_slots[i].name == name) {
            m_slots[i].def = def;
            return;
        }
        i = (i + 1) & mask;
    }
    m_slots[i] = Entry{hash, name, def};
    bloom_word(hash) |= bloom_bits(hash);
    ++m_size;
}

const MacroDef* MacroIndex::find(std::string_view name, uint64_t hash, bool* found) const {
    if (m_slots.empty() || !maybe_contains(hash)) {
        if (found != nullptr) {
            *found = false;
        }
        return nullptr;
    }
    size_t mask = m_slots.size() - 1;
    for (size_t i = hash & mask; !m_slots[i].name.empty(); i = (i + 1) & mask) {
        if (m_slots[i].hash == hash && m_slots[i].name == name) {
            if (found != nullptr) {
                *found = true;
            }
            return m_slots[i].def;
        }
    }
    if (found != nullptr) {
        *found = false;
    }
    return nullptr;
}

namespace {

// What a kernel build of x86_64 sees of a header's conditional blocks.
enum class Branch : uint8_t { Uncond, Cond, Skip };

struct Frame {
    Branch state = Branch::Cond;
    Branch else_state = Branch::Cond;
    std::string_view ifndef_name;  // `#ifndef NAME` (a default for NAME)
    bool known_taken = false;      // an earlier branch was certainly taken: later ones are Skip
};

struct Candidate {
    MacroDef def;
    bool conditional = false;
};

struct IncludeRef {
    std::string_view name;
    bool angled = false;
};

struct FileScan {
    std::vector<Candidate> defs;
    std::vector<IncludeRef> includes;
    bool device_table = false;
    bool any = false;
    Diagnostics diags;
    std::unique_ptr<TokenArena> arena;
};

// (then, else) for `#ifdef name`; nullopt when the name says nothing certain.
std::optional<std::pair<Branch, Branch>> known_ifdef(std::string_view name) {
    using B = Branch;
    if (name == "__KERNEL__" || name == "CONFIG_64BIT" || name == "CONFIG_X86_64") {
        return std::pair{B::Uncond, B::Skip};
    }
    if (name == "__ASSEMBLY__" || name == "__cplusplus" || name == "__BIG_ENDIAN" ||
        name == "__BIG_ENDIAN_BITFIELD" || name == "CONFIG_X86_32" || name == "__CHECKER__") {
        return std::pair{B::Skip, B::Uncond};
    }
    return std::nullopt;
}

// `#if` forms we can read without evaluating: 0, 1, [!]defined(NAME), [!]defined NAME.
std::optional<std::pair<Branch, Branch>> known_if(std::span<const Token> expr) {
    if (expr.size() == 1 && expr[0].kind == TokKind::Number) {
        if (expr[0].text == "0") {
            return std::pair{Branch::Skip, Branch::Uncond};
        }
        if (expr[0].text == "1") {
            return std::pair{Branch::Uncond, Branch::Skip};
        }
        return std::nullopt;
    }
    bool negate = false;
    if (!expr.empty() && expr[0].is("!")) {
        negate = true;
        expr = expr.subspan(1);
    }
    std::string_view name;
    if (expr.size() == 2 && expr[0].is("defined") && expr[1].is_ident()) {
        name = expr[1].text;
    } else if (expr.size() == 4 && expr[0].is("defined") && expr[1].is("(") && expr[2].is_ident() && expr[3].is(")")) {
        name = expr[2].text;
    } else {
        return std::nullopt;
    }
    auto k = known_ifdef(name);
    if (k && negate) {
        std::swap(k->first, k->second);
    }
    return k;
}

// `struct xxx_device_id name[...] =` anywhere in the tokens (macro bodies too: a table that a
// macro defines is still the includer's).
bool has_device_table(const Tokens& toks) {
    for (size_t i = 0; i + 3 < toks.size(); ++i) {
        if (!toks[i].is_ident() || !toks[i].text.ends_with("_device_id") || !toks[i + 1].is_ident() ||
            !toks[i + 2].is("[")) {
            continue;
        }
        for (size_t k = i + 3; k < toks.size() && k < i + 16; ++k) {
            if (toks[k].is("]")) {
                if (k + 1 < toks.size() && toks[k + 1].is("=")) {
                    return true;
                }
                break;
            }
        }
    }
    return false;
}

FileScan scan_header(std::string_view source, uint32_t file, const std::string& path) {
    FileScan out;
    out.arena = std::make_unique<TokenArena>();
    LexResult lexed = lex(source, file, path, *out.arena);
    const Tokens& toks = lexed.tokens;
    out.device_table = has_device_table(toks);
    // Directive line ranges [begin, end) of tokens after '#'.
    std::vector<std::pair<size_t, size_t>> dirs;
    for (size_t i = 0; i < toks.size(); ++i) {
        if (toks[i].at_line_start && toks[i].is("#")) {
            size_t j = i + 1;
            while (j < toks.size() && !toks[j].at_line_start) {
                ++j;
            }
            dirs.emplace_back(i + 1, j);
            i = j - 1;
        }
    }
    std::vector<Frame> frames;
    auto skipping = [&] {
        return std::any_of(frames.begin(), frames.end(), [](const Frame& f) { return f.state == Branch::Skip; });
    };
    for (size_t d = 0; d < dirs.size(); ++d) {
        auto [b, e] = dirs[d];
        if (b >= e) {
            continue;
        }
        std::string_view word = toks[b].text;
        std::span<const Token> args(toks.data() + b + 1, e - b - 1);
        if (word == "ifndef" || word == "ifdef" || word == "if") {
            Frame f;
            std::optional<std::pair<Branch, Branch>> k;
            if (word == "if") {
                k = known_if(args);
            } else if (!args.empty()) {
                k = known_ifdef(args[0].text);
                if (k && word == "ifndef") {
                    std::swap(k->first, k->second);
                }
            }
            if (k) {
                f.state = k->first;
                f.else_state = k->second;
                f.known_taken = k->first == Branch::Uncond;
            } else if (word == "ifndef" && !args.empty()) {
                f.ifndef_name = args[0].text;
                // The include guard: the file's first directive, followed by its #define.
                if (d == 0 && d + 1 < dirs.size()) {
                    auto [nb, ne] = dirs[d + 1];
                    if (ne - nb >= 2 && toks[nb].text == "define" && toks[nb + 1].text == args[0].text) {
                        f.state = Branch::Uncond;
                        f.known_taken = true;
                    }
                }
            }
            frames.push_back(f);
        } else if (word == "elif" || word == "else") {
            if (frames.empty()) {
                continue;
            }
            Frame& f = frames.back();
            f.ifndef_name = {};
            if (f.known_taken) {
                f.state = Branch::Skip;
            } else if (word == "else") {
                f.state = f.else_state;
            } else {
                auto k = known_if(args);
                f.state = k ? k->first : Branch::Cond;
                f.known_taken = f.state == Branch::Uncond;
            }
        } else if (word == "endif") {
            if (!frames.empty()) {
                frames.pop_back();
            }
        } else if (word == "include" || word == "include_next") {
            if (skipping() || args.empty()) {
                continue;
            }
            if (args[0].kind == TokKind::String && args[0].text.size() >= 2 && args[0].text.front() == '"') {
                out.includes.push_back(IncludeRef{args[0].text.substr(1, args[0].text.size() - 2), false});
            } else if (args[0].is("<") && args.size() >= 3 && args.back().is(">")) {
                // The name's tokens are contiguous in the source buffer.
                const char* b = args[1].text.data();
                const char* e = args[args.size() - 2].text.data() + args[args.size() - 2].text.size();
                if (e > b && static_cast<size_t>(e - b) < 256) {
                    out.includes.push_back(IncludeRef{std::string_view(b, static_cast<size_t>(e - b)), true});
                }
            }
        } else if (word == "define" || word == "undef") {
            if (skipping()) {
                continue;
            }
            if (word == "undef") {
                if (!args.empty()) {
                    std::erase_if(out.defs, [&](const Candidate& c) { return c.def.name == args[0].text; });
                }
                continue;
            }
            auto def = parse_define(args, file, toks[b].line);
            if (!def) {
                const Token& at = def.error().at != nullptr ? *def.error().at : toks[e - 1];
                out.diags.push_back(Diagnostic{path, static_cast<int>(at.line), static_cast<int>(at.col),
                                               Severity::Warning, def.error().message});
                continue;
            }
            bool conditional = std::any_of(frames.begin(), frames.end(), [&](const Frame& f) {
                return f.state == Branch::Cond && f.ifndef_name != def->name;
            });
            out.any = true;
            out.defs.push_back(Candidate{std::move(*def), conditional});
        }
    }
    return out;
}

int dir_rank(std::string_view path, std::string_view srcarch) {
    std::string arch = "arch/" + std::string(srcarch) + "/include/";
    if (path.starts_with(arch)) {
        return path.substr(arch.size()).starts_with("asm/") ? 0 : 1;
    }
    if (path.starts_with("include/linux/")) {
        return 2;
    }
    if (path.starts_with("include/uapi/")) {
        return 4;
    }
    if (path.starts_with("include/asm-generic/")) {
        return 5;
    }
    if (path.starts_with("include/")) {
        return 3;
    }
    return 6;
}

}  // namespace

struct GlobalMacros::ReachCache {
    std::mutex mutex;
    std::vector<std::unique_ptr<std::vector<uint64_t>>> sets;  // by header id
};

struct GlobalMacrosBuilder {
    static void resolve_includes(GlobalMacros& g, std::vector<FileScan>& scans) {
        g.m_includes.resize(g.m_files.size());
        for (size_t i = 0; i < scans.size(); ++i) {
            for (const IncludeRef& inc : scans[i].includes) {
                int32_t id = inc.angled ? g.resolve_angled(inc.name)
                                        : g.header_id(join_path(dirname(g.m_files[i]), inc.name));
                if (id < 0 && !inc.angled) {
                    id = g.resolve_angled(inc.name);
                }
                if (id >= 0 && static_cast<size_t>(id) != i) {
                    g.m_includes[i].push_back(static_cast<uint32_t>(id));
                }
            }
        }
    }

    static GlobalMacros build(std::vector<std::string> paths, const std::function<std::string_view(size_t)>& read,
                              std::string_view srcarch, unsigned threads, Diagnostics& diags) {
        GlobalMacros g;
        g.m_srcarch = std::string(srcarch);
        g.m_files = std::move(paths);
        std::vector<FileScan> scans(g.m_files.size());
        parallel_for(g.m_files.size(), threads, [&](size_t i) {
            scans[i] = scan_header(read(i), static_cast<uint32_t>(i), g.m_files[i]);
        });
        g.m_defines.resize(g.m_files.size());
        g.m_device_table.resize(g.m_files.size());
        g.m_reach = std::make_unique<GlobalMacros::ReachCache>();
        g.m_reach->sets.resize(g.m_files.size());
        struct Ranked {
            std::string_view name;
            bool conditional;
            int rank;
            uint32_t seq;  // path order, then line order: breaks ties
            MacroDef* def;
        };
        std::vector<Ranked> all;
        for (size_t i = 0; i < scans.size(); ++i) {
            FileScan& s = scans[i];
            g.m_file_index.emplace(g.m_files[i], static_cast<uint32_t>(i));
            g.m_defines[i] = s.any ? 1 : 0;
            g.m_device_table[i] = s.device_table ? 1 : 0;
            diags.insert(diags.end(), s.diags.begin(), s.diags.end());
            int rank = dir_rank(g.m_files[i], srcarch);
            g.m_candidates += s.defs.size();
            for (Candidate& c : s.defs) {
                all.push_back(Ranked{c.def.name, c.conditional, rank, static_cast<uint32_t>(all.size()), &c.def});
            }
        }
        resolve_includes(g, scans);
        std::sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
            return std::tie(a.name, a.conditional, a.rank, a.seq) < std::tie(b.name, b.conditional, b.rank, b.seq);
        });
        g.m_defs.reserve(all.size());
        const MacroDef* prev = nullptr;
        for (size_t k = 0; k < all.size(); ++k) {
            g.m_defs.push_back(std::make_unique<MacroDef>(std::move(*all[k].def)));
            const MacroDef* def = g.m_defs.back().get();
            if (k == 0 || all[k - 1].name != all[k].name) {
                g.m_index.set(def->name, def);
            } else {
                g.m_next.emplace(prev, def);
            }
            prev = def;
        }
        for (FileScan& s : scans) {
            g.m_arenas.push_back(std::move(s.arena));
        }
        return g;
    }
};

GlobalMacros::GlobalMacros() = default;
GlobalMacros::~GlobalMacros() = default;
GlobalMacros::GlobalMacros(GlobalMacros&&) noexcept = default;
GlobalMacros& GlobalMacros::operator=(GlobalMacros&&) noexcept = default;


bool GlobalMacros::has_header(std::string_view path) const { return m_file_index.contains(path); }

int32_t GlobalMacros::header_id(std::string_view path) const {
    auto it = m_file_index.find(path);
    return it == m_file_index.end() ? -1 : static_cast<int32_t>(it->second);
}

int32_t GlobalMacros::resolve_angled(std::string_view name) const {
    std::string arch = "arch/" + m_srcarch + "/include/";
    for (const std::string& dir : {arch, std::string("include/"), arch + "uapi/", std::string("include/uapi/")}) {
        std::string path = dir;
        path += name;
        if (int32_t id = header_id(path); id >= 0) {
            return id;
        }
    }
    if (name.starts_with("asm/")) {
        return header_id("include/asm-generic/" + std::string(name.substr(4)));
    }
    return -1;
}

const std::vector<uint64_t>& GlobalMacros::reachable(uint32_t header) const {
    {
        std::lock_guard lock(m_reach->mutex);
        if (m_reach->sets[header]) {
            return *m_reach->sets[header];
        }
    }
    // Depth-first over the include graph; cycles (headers guarded against each other) end at the
    // visited bit.
    auto set = std::make_unique<std::vector<uint64_t>>((m_files.size() + 63) / 64, 0);
    std::vector<uint32_t> stack{header};
    (*set)[header >> 6] |= uint64_t{1} << (header & 63);
    while (!stack.empty()) {
        uint32_t h = stack.back();
        stack.pop_back();
        for (uint32_t next : m_includes[h]) {
            uint64_t bit = uint64_t{1} << (next & 63);
            if (((*set)[next >> 6] & bit) == 0) {
                (*set)[next >> 6] |= bit;
                stack.push_back(next);
            }
        }
    }
    std::lock_guard lock(m_reach->mutex);
    if (!m_reach->sets[header]) {
        m_reach->sets[header] = std::move(set);
    }
    return *m_reach->sets[header];
}

bool GlobalMacros::defines_anything(std::string_view path) const {
    auto it = m_file_index.find(path);
    return it != m_file_index.end() && m_defines[it->second] != 0;
}

GlobalMacros GlobalMacros::from_sources(const std::vector<std::pair<std::string, std::string_view>>& headers,
                                        std::string_view srcarch, unsigned threads, Diagnostics& diags) {
    std::vector<std::string> paths;
    for (const auto& h : headers) {
        paths.push_back(h.first);
    }
    return GlobalMacrosBuilder::build(std::move(paths), [&](size_t i) { return headers[i].second; }, srcarch,
                                      threads, diags);
}

namespace {

void list_headers(const SourceTree& tree, const std::string& dir, std::vector<std::string>& out) {
    for (const std::string& name : tree.list(dir)) {
        std::string path = dir + "/" + name;
        if (name.ends_with(".h")) {
            // x86 is little-endian: the big-endian byteorder headers would define __BIG_ENDIAN.
            if (name != "big_endian.h") {
                out.push_back(std::move(path));
            }
        } else if (name.find('.') == std::string::npos && tree.is_dir(path)) {
            list_headers(tree, path, out);
        }
    }
}

}  // namespace

GlobalMacros build_global_macros(const SourceTree& tree, std::string_view srcarch, unsigned threads,
                                 Diagnostics& diags) {
    std::vector<std::string> paths;
    list_headers(tree, "include", paths);
    list_headers(tree, "arch/" + std::string(srcarch) + "/include", paths);
    std::sort(paths.begin(), paths.end());
    return GlobalMacrosBuilder::build(
        paths,
        [&](size_t i) -> std::string_view {
            auto data = tree.read(paths[i]);
            return data ? *data : std::string_view();
        },
        srcarch, threads, diags);
}

}  // namespace hw::cpp
