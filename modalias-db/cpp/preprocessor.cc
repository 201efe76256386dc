#include "modalias-db/cpp/preprocessor.h"

#include "modalias-db/cpp/const_eval.h"
#include "modalias-db/cpp/lexed_file_cache.h"
#include "modalias-db/cpp/lexer.h"
#include "modalias-db/cpp/macro_expander.h"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <optional>
#include <unordered_map>

namespace hw::cpp {

// Macros every unit sees before the kernel's headers: what `gcc -D__KERNEL__` on x86_64 predefines
// and the kernel's Makefiles add (KBUILD_MODNAME and KBUILD_BASENAME are per unit).
namespace {

constexpr std::string_view kPredefinedSource =
    "#define __KERNEL__ 1\n"
    "#define __x86_64__ 1\n"
    "#define __x86_64 1\n"
    "#define __amd64__ 1\n"
    "#define __linux__ 1\n"
    "#define __linux 1\n"
    "#define __unix__ 1\n"
    "#define __GNUC__ 12\n"
    "#define __GNUC_MINOR__ 2\n"
    "#define __GNUC_PATCHLEVEL__ 0\n"
    "#define __STDC__ 1\n"
    "#define __STDC_VERSION__ 201112L\n"
    "#define __STDC_HOSTED__ 0\n"
    "#define __CHAR_BIT__ 8\n"
    "#define __SIZEOF_SHORT__ 2\n"
    "#define __SIZEOF_INT__ 4\n"
    "#define __SIZEOF_LONG__ 8\n"
    "#define __SIZEOF_LONG_LONG__ 8\n"
    "#define __SIZEOF_POINTER__ 8\n"
    "#define __LP64__ 1\n"
    "#define _LP64 1\n"
    "#define __ORDER_LITTLE_ENDIAN__ 1234\n"
    "#define __ORDER_BIG_ENDIAN__ 4321\n"
    "#define __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__\n"
    "#define __SCHAR_MAX__ 0x7f\n"
    "#define __SHRT_MAX__ 0x7fff\n"
    "#define __INT_MAX__ 0x7fffffff\n"
    "#define __LONG_MAX__ 0x7fffffffffffffffL\n"
    "#define __LONG_LONG_MAX__ 0x7fffffffffffffffLL\n";

}  // namespace

struct Preprocessor::Predefined {
    TokenArena arena;
    std::deque<MacroDef> defs;
    MacroIndex index;
    // Headers the build's `-include` flags put in every unit (Makefile, scripts/Makefile.lib) and
    // everything they reach.
    std::vector<uint64_t> forced_visible;
};

namespace {

// include/generated/uapi/linux/version.h, which the build writes from the top Makefile.
std::string version_macros(const SourceTree& tree) {
    auto makefile = tree.read("Makefile");
    if (!makefile) {
        return {};
    }
    auto field = [&](std::string_view name) -> long {
        size_t at = 0;
        while ((at = makefile->find(name, at)) != std::string_view::npos) {
            if (at == 0 || (*makefile)[at - 1] == '\n') {
                size_t eq = makefile->find('=', at);
                size_t eol = makefile->find('\n', at);
                if (eq != std::string_view::npos && eq < eol) {
                    return std::strtol(std::string(makefile->substr(eq + 1, eol - eq - 1)).c_str(), nullptr, 10);
                }
            }
            at += name.size();
        }
        return -1;
    };
    long version = field("VERSION");
    long patchlevel = field("PATCHLEVEL");
    long sublevel = field("SUBLEVEL");
    if (version < 0 || patchlevel < 0 || sublevel < 0) {
        return {};
    }
    long code = (version << 16) + (patchlevel << 8) + std::min(sublevel, 255L);
    return "#define LINUX_VERSION_CODE " + std::to_string(code) + "\n" +
           "#define KERNEL_VERSION(a,b,c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))\n" +
           "#define LINUX_VERSION_MAJOR " + std::to_string(version) + "\n" +
           "#define LINUX_VERSION_PATCHLEVEL " + std::to_string(patchlevel) + "\n" +
           "#define LINUX_VERSION_SUBLEVEL " + std::to_string(sublevel) + "\n";
}

}  // namespace

Preprocessor::Preprocessor(const GlobalMacros& globals, const SourceTree& tree, size_t cache_budget)
    : m_globals(globals),
      m_tree(tree),
      m_predefined(std::make_unique<Predefined>()),
      m_cache(std::make_unique<LexedFileCache>(cache_budget)) {
    std::string_view source =
        m_predefined->arena.store(std::string(kPredefinedSource) + version_macros(tree));
    LexResult lexed = lex(source, 0, "<predefined>", m_predefined->arena);
    const Tokens& toks = lexed.tokens;
    for (size_t i = 0; i < toks.size();) {
        size_t j = i + 1;
        while (j < toks.size() && !toks[j].at_line_start) {
            ++j;
        }
        auto def = parse_define(std::span<const Token>(toks.data() + i + 2, j - i - 2), 0, toks[i].line);
        if (def) {
            m_predefined->defs.push_back(std::move(*def));
            m_predefined->index.set(m_predefined->defs.back().name, &m_predefined->defs.back());
        }
        i = j;
    }
    m_predefined->forced_visible.assign((globals.file_count() + 63) / 64, 0);
    for (std::string_view forced : {"linux/compiler-version.h", "linux/kconfig.h", "linux/compiler_types.h"}) {
        if (int32_t id = globals.resolve_angled(forced); id >= 0) {
            const std::vector<uint64_t>& r = globals.reachable(static_cast<uint32_t>(id));
            for (size_t w = 0; w < r.size(); ++w) {
                m_predefined->forced_visible[w] |= r[w];
            }
        }
    }
}

Preprocessor::~Preprocessor() = default;

// The state of preprocessing one unit.
class UnitRun final : public ExpansionHost {
public:
    UnitRun(const Preprocessor& pp, const PreprocessOptions& options)
        : m_pp(pp), m_opts(options), m_globals(pp.m_globals), m_tree(pp.m_tree) {
        m_tu.arena = std::make_unique<TokenArena>();
        m_expander = std::make_unique<MacroExpander>(*this, *m_tu.arena);
        m_tu.conds.push_back(hw::Cond::truth());
        m_cond_index.emplace("1", 0);
    }

    TranslationUnit run() {
        define_unit_macros();
        auto pushed = push_file(m_opts.path, Share::No);
        if (!pushed) {
            m_tu.files.push_back(m_opts.path);
            m_tu.diagnostics.push_back(Diagnostic{m_opts.path, 0, 0, Severity::Error,
                                                  pushed.error().message});
            return std::move(m_tu);
        }
        m_tu.tokens.reserve(4096);
        main_loop();
        return std::move(m_tu);
    }

private:
    // --- file layer: tokens of the unit and its includes, directives executed -----------------

    struct SourceFile {
        uint32_t id;
        const LexedFile* lexed;  // its tokens say file 0: tokens taken out get `id`
        size_t pos = 0;
        size_t next_define = 0;  // index into lexed->defines of the first at or after `pos`
    };

    // What the output loop knows about file scope; saved and restored around the branches of a
    // symbolic #if so that both branches start from the same state.
    struct Scope {
        bool in_body = false;     // inside a function body being skipped
        int body_depth = 0;
        int brace_depth = 0;
        int paren_depth = 0;
        bool after_paren = false;  // the last file-scope token was ')'
        bool saw_assign = false;   // '=' at depth 0 since the last ';' (so '{' starts an initializer)
    };

    struct IfFrame {
        hw::Cond branch;  // condition of the current branch, relative to the enclosing frames
        hw::Cond rest;    // condition under which no earlier branch was taken
        bool dead = false;
        bool else_seen = false;
        std::string_view word;
        uint32_t file = 0, line = 0, col = 0;
        size_t file_level = 0;
        Scope at_if;
        Scope after_first;
        bool have_after = false;
        bool live() const { return !dead && !branch.is_false(); }
    };

    uint32_t file_id(const std::string& path) {
        auto it = m_file_ids.find(path);
        if (it != m_file_ids.end()) {
            return it->second;
        }
        uint32_t id = static_cast<uint32_t>(m_tu.files.size());
        m_tu.files.push_back(path);
        m_file_ids.emplace(path, id);
        return id;
    }

    // Whether a file goes through the run's cache of lexed files: the unit's own .c is lexed
    // for the unit only (most are never included elsewhere), its includes are shared.
    enum class Share : bool { No, Yes };

    // Makes `path` the current file. Its tokens come from this unit's earlier read, the run's
    // cache, or a new read (not into the SourceTree's cache: the buffer is kept alive by the
    // TranslationUnit, whose tokens point into it). A file that cannot be read gets no file id.
    std::expected<void, IoError> push_file(const std::string& path, Share share) {
        if (auto it = m_file_ids.find(path); it != m_file_ids.end() && it->second < m_lexed.size() &&
                                             m_lexed[it->second]) {
            // Already lexed for this unit (include guards stop at the tokens).
            m_files.push_back(SourceFile{it->second, m_lexed[it->second].get(), 0});
            return {};
        }
        LexedFileCache& cache = *m_pp.m_cache;
        std::shared_ptr<const LexedFile> lexed = share == Share::Yes ? cache.find(path) : nullptr;
        if (!lexed) {
            auto data = m_tree.read_shared(path);
            if (!data) {
                return std::unexpected(data.error());
            }
            lexed = lex_file(std::move(*data), path, share == Share::Yes ? Compact::Yes : Compact::No);
            if (share == Share::Yes) {
                cache.insert(path, lexed);
            }
        }
        uint32_t id = file_id(path);
        if (m_lexed.size() <= id) {
            m_lexed.resize(id + 1);
        }
        // Holds the whole LexedFile (its arena too) for as long as the unit's tokens live.
        m_tu.buffers.emplace_back(lexed, lexed->buffer.get());
        for (const Diagnostic& d : lexed->diagnostics) {
            // Unterminated quotes are reported only where the token is used: `#if 0` blocks and
            // #error texts hold apostrophes that a compiler does not mind either.
            if (d.message == "unterminated comment") {
                m_tu.diagnostics.push_back(d);
            }
        }
        m_lexed[id] = std::move(lexed);
        m_files.push_back(SourceFile{id, m_lexed[id].get(), 0});
        return {};
    }

    void diag(const Token& at, Severity severity, std::string message) {
        m_tu.diagnostics.push_back(Diagnostic{path_of(at.file), static_cast<int>(at.line), static_cast<int>(at.col),
                                              severity, std::move(message)});
    }
    void error(const Token& at, std::string message) { diag(at, Severity::Error, std::move(message)); }
    void warning(const Token& at, std::string message) { diag(at, Severity::Warning, std::move(message)); }

    bool next_file_token(Token& out) {
        while (!m_files.empty()) {
            SourceFile& f = m_files.back();
            const Tokens& toks = f.lexed->tokens;
            if (f.pos >= toks.size()) {
                end_file();
                continue;
            }
            const Token& t = toks[f.pos];
            if (t.at_line_start && t.is_punct('#')) {
                size_t at = f.pos;
                size_t b = at + 1;
                size_t e = b;
                while (e < toks.size() && !toks[e].at_line_start) {
                    ++e;
                }
                f.pos = e;
                run_directive(f, at, b, e);
                continue;
            }
            ++f.pos;
            if (m_skipping) {
                continue;
            }
            out = t;
            out.file = f.id;
            out.cond = m_cond_id;
            if (out.kind == TokKind::Other) {
                check_unterminated(out);
            }
            return true;
        }
        return false;
    }

    // Runs the directive toks[at] `#` .. toks[e - 1] of file `f`, with the tokens carrying f's id.
    void run_directive(SourceFile& f, size_t at, size_t b, size_t e) {
        const Tokens& toks = f.lexed->tokens;
        const std::vector<LexedFile::Define>& defines = f.lexed->defines;
        while (f.next_define < defines.size() && defines[f.next_define].at < at) {
            ++f.next_define;
        }
        m_directive_define = f.next_define < defines.size() && defines[f.next_define].at == at
                                 ? &defines[f.next_define]
                                 : nullptr;
        Token hash = toks[at];
        hash.file = f.id;
        std::span<const Token> d(toks.data() + b, e - b);
        if (f.id != 0) {
            Tokens& copy = m_directive_tokens;
            copy.assign(d.begin(), d.end());
            for (Token& t : copy) {
                t.file = f.id;
            }
            d = copy;
        }
        // (`f` may move: an #include grows m_files.)
        directive(hash, d);
        m_directive_define = nullptr;
    }

    // A stray quote: the lexer found no closing one on the line.
    void check_unterminated(const Token& t) {
        if (t.text.starts_with("\"") || t.text.starts_with("'")) {
            error(t, t.text.starts_with("\"") ? "missing terminating '\"' character"
                                              : "missing terminating ' character");
        }
    }

    void end_file() {
        size_t level = m_files.size();
        while (!m_frames.empty() && m_frames.back().file_level == level) {
            const IfFrame& f = m_frames.back();
            m_tu.diagnostics.push_back(Diagnostic{path_of(f.file), static_cast<int>(f.line), static_cast<int>(f.col),
                                                  Severity::Error, "unterminated #" + std::string(f.word)});
            m_frames.pop_back();
        }
        m_files.pop_back();
        update_state();
    }

    // --- conditions ------------------------------------------------------------------------------

    uint32_t intern(const hw::Cond& c) {
        const std::string& text = c.to_string();
        auto it = m_cond_index.find(text);
        if (it != m_cond_index.end()) {
            return it->second;
        }
        uint32_t id = static_cast<uint32_t>(m_tu.conds.size());
        m_tu.conds.push_back(c);
        m_cond_index.emplace(text, id);
        return id;
    }

    void update_state() {
        m_skipping = std::any_of(m_frames.begin(), m_frames.end(), [](const IfFrame& f) { return !f.live(); });
        if (m_skipping) {
            return;
        }
        hw::Cond cur = hw::Cond::truth();
        for (const IfFrame& f : m_frames) {
            cur = hw::and_(cur, f.branch);
        }
        m_cond_id = intern(cur);
    }

    // Whether `name` is defined, as a condition: Kconfig symbols and MODULE are atoms.
    hw::Cond defined_cond(std::string_view name) {
        if (!m_def_conds.empty()) {
            if (auto it = m_def_conds.find(name); it != m_def_conds.end()) {
                return it->second;
            }
        }
        bool found = false;
        const MacroDef* local = m_local.find(name, hash_name(name), &found);
        if (found) {
            return local != nullptr ? hw::Cond::truth() : hw::Cond::falsity();
        }
        if (name.starts_with("CONFIG_")) {
            std::string_view sym = name.substr(7);
            if (sym.ends_with("_MODULE")) {
                return hw::Cond::module(sym.substr(0, sym.size() - 7));
            }
            return hw::Cond::builtin(sym);
        }
        if (name == "MODULE") {
            return hw::Cond::in_module();
        }
        return lookup(name) != nullptr ? hw::Cond::truth() : hw::Cond::falsity();
    }

    std::optional<CondAtom> match_atom(std::span<const Token> rest) {
        const Token& t = rest[0];
        if (!t.is_ident()) {
            return std::nullopt;
        }
        std::string_view s = t.text;
        if (s == "defined") {
            if (rest.size() >= 4 && rest[1].is("(") && rest[2].is_ident() && rest[3].is(")")) {
                return CondAtom{defined_cond(rest[2].text), 4, false};
            }
            if (rest.size() >= 2 && rest[1].is_ident()) {
                return CondAtom{defined_cond(rest[1].text), 2, false};
            }
            return std::nullopt;
        }
        if (is_never_expanded(s) && s != "MODULE_DEVICE_TABLE" && s != "__MODULE_INFO") {
            if (rest.size() < 4 || !rest[1].is("(") || !rest[3].is(")")) {
                return std::nullopt;
            }
            std::string_view arg = rest[2].text;
            if (!arg.starts_with("CONFIG_")) {
                // IS_ENABLED(FOO) of a non-Kconfig name: true when it expanded to 1.
                return CondAtom{rest[2].text == "1" ? hw::Cond::truth() : hw::Cond::falsity(), 4, false};
            }
            std::string_view sym = arg.substr(7);
            hw::Cond c;
            if (s == "IS_ENABLED") {
                c = hw::Cond::enabled(sym);
            } else if (s == "IS_BUILTIN") {
                c = hw::Cond::builtin(sym);
            } else if (s == "IS_MODULE") {
                c = hw::Cond::module(sym);
            } else {
                c = hw::or_(hw::Cond::builtin(sym), hw::and_(hw::Cond::module(sym), hw::Cond::in_module()));
            }
            return CondAtom{c, 4, false};
        }
        if (s.starts_with("CONFIG_")) {
            return CondAtom{defined_cond(s), 1, true};
        }
        if (s == "MODULE") {
            return CondAtom{hw::Cond::in_module(), 1, true};
        }
        if (s == "__has_attribute" || s == "__has_builtin" || s == "__has_include" || s == "__has_include_next" ||
            s == "__has_feature" || s == "__has_c_attribute") {
            if (rest.size() < 2 || !rest[1].is("(")) {
                return std::nullopt;
            }
            size_t depth = 0;
            size_t k = 1;
            for (; k < rest.size(); ++k) {
                if (rest[k].is("(")) {
                    ++depth;
                } else if (rest[k].is(")") && --depth == 0) {
                    break;
                }
            }
            // GCC 12 knows the attributes and builtins the kernel asks about.
            bool yes = s == "__has_attribute" || s == "__has_builtin";
            return CondAtom{yes ? hw::Cond::truth() : hw::Cond::falsity(), k + 1, false};
        }
        return std::nullopt;
    }

    hw::Cond eval_condition(const Token& hash, std::span<const Token> expr) {
        // `defined X` of ordinary macros is decided before expansion (C11 6.10.1p4); Kconfig
        // symbols and MODULE stay for the atom matcher.
        Tokens pre;
        pre.reserve(expr.size());
        for (size_t i = 0; i < expr.size(); ++i) {
            const Token& t = expr[i];
            if (!(t.is_ident() && t.text == "defined")) {
                pre.push_back(t);
                continue;
            }
            size_t len = 0;
            std::string_view name;
            if (i + 3 < expr.size() + 0 && expr[i + 1].is("(") && expr[i + 2].is_ident() && expr[i + 3].is(")")) {
                name = expr[i + 2].text;
                len = 4;
            } else if (i + 1 < expr.size() && expr[i + 1].is_ident()) {
                name = expr[i + 1].text;
                len = 2;
            } else {
                error(t, "operator \"defined\" requires an identifier");
                return hw::Cond::falsity();
            }
            hw::Cond c = defined_cond(name);
            if (!c.is_true() && !c.is_false()) {
                pre.insert(pre.end(), expr.begin() + static_cast<std::ptrdiff_t>(i),
                           expr.begin() + static_cast<std::ptrdiff_t>(i + len));
                pre[pre.size() - (len == 4 ? 2 : 1)].no_expand = true;  // the atom matcher reads the name
            } else {
                Token n = t;
                n.kind = TokKind::Number;
                n.text = c.is_true() ? "1" : "0";
                pre.push_back(n);
            }
            i += len - 1;
        }
        Tokens expanded = m_expander->expand(pre);
        if (expanded.empty()) {
            error(hash, "#" + std::string(m_directive_word) + " with no expression");
            return hw::Cond::falsity();
        }
        auto v = eval_if(expanded, [this](std::span<const Token> rest) { return match_atom(rest); });
        if (!v) {
            const EvalError& e = v.error();
            Token at = hash;
            at.file = e.file;
            at.line = e.line;
            at.col = e.col;
            error(at, e.message + " in #" + std::string(m_directive_word));
            return hw::Cond::falsity();
        }
        switch (v->kind) {
        case IfValue::Kind::Known: return v->known ? hw::Cond::truth() : hw::Cond::falsity();
        case IfValue::Kind::Symbolic: return v->cond;
        case IfValue::Kind::Unknown:
            warning(hash, "#" + std::string(m_directive_word) + " depends on the value of " + v->unknown_reason +
                              ", unknown without a configuration; taken as false");
            return hw::Cond::falsity();
        }
        return hw::Cond::falsity();
    }

    hw::Cond ifdef_condition(const Token& hash, std::span<const Token> rest) {
        if (rest.empty() || !rest[0].is_ident()) {
            error(rest.empty() ? hash : rest[0], "no macro name given in #" + std::string(m_directive_word) + " directive");
            return hw::Cond::falsity();
        }
        return defined_cond(rest[0].text);
    }

    IfFrame* frame_of_this_file(const Token& hash, std::string_view word) {
        if (m_frames.empty() || m_frames.back().file_level != m_files.size()) {
            error(hash, "#" + std::string(word) + " without #if");
            return nullptr;
        }
        return &m_frames.back();
    }

    // Starts a new branch of `f`: the scope goes back to what it was at the #if.
    void next_branch(IfFrame& f) {
        if (f.live()) {
            if (!f.have_after) {
                f.after_first = m_scope;
                f.have_after = true;
            }
            m_scope = f.at_if;
        }
    }

    void conditional_directive(const Token& hash, std::string_view word, std::span<const Token> rest) {
        m_directive_word = word;
        if (word == "if" || word == "ifdef" || word == "ifndef") {
            IfFrame f;
            f.word = word;
            f.file = hash.file;
            f.line = hash.line;
            f.col = hash.col;
            f.file_level = m_files.size();
            f.at_if = m_scope;
            if (m_skipping) {
                f.dead = true;
                f.branch = hw::Cond::falsity();
                f.rest = hw::Cond::falsity();
            } else {
                hw::Cond c = word == "if" ? eval_condition(hash, rest) : ifdef_condition(hash, rest);
                if (word == "ifndef") {
                    c = hw::not_(c);
                }
                f.branch = c;
                f.rest = hw::not_(c);
            }
            m_frames.push_back(std::move(f));
        } else if (word == "elif") {
            IfFrame* f = frame_of_this_file(hash, word);
            if (f == nullptr) {
                return;
            }
            if (f->else_seen) {
                error(hash, "#elif after #else");
            }
            next_branch(*f);
            if (f->dead) {
                return;
            }
            if (f->rest.is_false()) {
                f->branch = hw::Cond::falsity();
            } else {
                // Evaluated with the enclosing frames live, as if this frame were not there.
                IfFrame saved = std::move(m_frames.back());
                m_frames.pop_back();
                update_state();
                hw::Cond c = eval_condition(hash, rest);
                m_frames.push_back(std::move(saved));
                f = &m_frames.back();
                f->branch = hw::and_(f->rest, c);
                f->rest = hw::and_(f->rest, hw::not_(c));
            }
        } else if (word == "else") {
            IfFrame* f = frame_of_this_file(hash, word);
            if (f == nullptr) {
                return;
            }
            if (f->else_seen) {
                error(hash, "#else after #else");
            }
            f->else_seen = true;
            next_branch(*f);
            if (!f->dead) {
                f->branch = f->rest;
                f->rest = hw::Cond::falsity();
            }
        } else {  // endif
            IfFrame* f = frame_of_this_file(hash, word);
            if (f == nullptr) {
                return;
            }
            if (f->have_after) {
                m_scope = f->after_first;
            }
            m_frames.pop_back();
        }
        update_state();
    }

    void directive(const Token& hash, std::span<const Token> d) {
        if (d.empty()) {
            return;  // the null directive
        }
        std::string_view word = d[0].text;
        std::span<const Token> rest = d.subspan(1);
        if (word == "if" || word == "ifdef" || word == "ifndef" || word == "elif" || word == "else" ||
            word == "endif") {
            conditional_directive(hash, word, rest);
            return;
        }
        if (m_skipping) {
            return;
        }
        if (word == "define") {
            define(hash, rest);
        } else if (word == "undef") {
            if (rest.empty() || !rest[0].is_ident()) {
                error(rest.empty() ? hash : rest[0], "no macro name given in #undef directive");
                return;
            }
            record_definedness(rest[0].text, /*defining=*/false);
            m_local.set(rest[0].text, nullptr);
        } else if (word == "include" || word == "include_next") {
            include(hash, rest, word == "include_next");
        } else if (word == "error" || word == "warning" || word == "pragma" || word == "line" || word == "ident" ||
                   word == "sccs" || word == "assert" || word == "unassert" || d[0].kind == TokKind::Number) {
            // No effect on what the indexer reads. (#error under a symbolic condition is common.)
        } else {
            error(d[0], "invalid preprocessing directive #" + std::string(word));
        }
    }

    void define(const Token& hash, std::span<const Token> rest) {
        if (m_directive_define != nullptr) {
            define_parsed(hash, rest, *m_directive_define);
            return;
        }
        auto def = parse_define(rest, hash.file, hash.line);
        if (!def) {
            const Token& at = def.error().at != nullptr ? *def.error().at : (rest.empty() ? hash : rest.back());
            error(at, def.error().message);
            return;
        }
        record_definedness(def->name, /*defining=*/true);
        m_local_defs.push_back(std::move(*def));
        m_local.set(m_local_defs.back().name, &m_local_defs.back());
    }

    // A #define of a lexed file, parsed when the file was lexed (its tokens say file 0).
    void define_parsed(const Token& hash, std::span<const Token> rest, const LexedFile::Define& pre) {
        if (!pre.def) {
            Token at = pre.def.error().at != nullptr ? *pre.def.error().at : (rest.empty() ? hash : rest.back());
            at.file = hash.file;
            error(at, pre.def.error().message);
            return;
        }
        record_definedness(pre.def->name, /*defining=*/true);
        m_local.set(pre.def->name, pre.hash, &*pre.def);
    }

    // A #define under condition C makes the name defined when (C || defined before); an #undef
    // under C leaves it defined when (!C && defined before). Only non-trivial results are kept:
    // `#ifdef NAME` reads them (expansion still uses the latest definition, see the header).
    void record_definedness(std::string_view name, bool defining) {
        const hw::Cond& here = m_tu.conds[m_cond_id];
        if (here.is_true() && m_def_conds.empty()) {
            return;  // the common case: no symbolic definedness anywhere
        }
        hw::Cond before = defined_cond(name);
        hw::Cond after = defining ? (here == before ? before : hw::or_(here, before))
                                  : hw::and_(hw::not_(here), before);
        if (after.is_true() || after.is_false()) {
            m_def_conds.erase(name);
        } else {
            m_def_conds.insert_or_assign(name, std::move(after));
        }
    }

    void define_unit_macros() {
        std::string base(m_opts.path);
        if (size_t slash = base.rfind('/'); slash != std::string::npos) {
            base = base.substr(slash + 1);
        }
        if (size_t dot = base.rfind('.'); dot != std::string::npos) {
            base = base.substr(0, dot);
        }
        std::replace(base.begin(), base.end(), '-', '_');
        std::string text = "#define KBUILD_BASENAME \"" + base + "\"\n";
        if (!m_opts.module_name.empty()) {
            text += "#define KBUILD_MODNAME \"" + m_opts.module_name + "\"\n";
        }
        std::string_view stored = m_tu.arena->store(std::move(text));
        LexResult lexed = lex(stored, 0, "<command line>", *m_tu.arena);
        m_cmdline = std::move(lexed.tokens);
        for (size_t i = 0; i < m_cmdline.size();) {
            size_t j = i + 1;
            while (j < m_cmdline.size() && !m_cmdline[j].at_line_start) {
                ++j;
            }
            define(m_cmdline[i], std::span<const Token>(m_cmdline.data() + i + 2, j - i - 2));
            i = j;
        }
    }

    // --- #include --------------------------------------------------------------------------------

    bool is_global_header(std::string_view name) const {
        const std::string& arch = m_globals.srcarch();
        std::string n(name);
        if (m_globals.has_header("include/" + n) || m_globals.has_header("include/uapi/" + n) ||
            m_globals.has_header("arch/" + arch + "/include/" + n) ||
            m_globals.has_header("arch/" + arch + "/include/uapi/" + n)) {
            return true;
        }
        // asm/ headers the build generates from asm-generic (Kbuild generic-y), and other
        // generated headers.
        if (name.starts_with("asm/") || name.starts_with("generated/") || name.starts_with("uapi/") ||
            name == "linux/version.h") {
            return true;
        }
        return false;
    }

    void include(const Token& hash, std::span<const Token> rest, bool is_next) {
        Tokens expanded;
        if (!rest.empty() && rest[0].kind != TokKind::String && !rest[0].is("<")) {
            expanded = m_expander->expand(Tokens(rest.begin(), rest.end()));
            rest = expanded;
        }
        std::string name;
        bool angled = false;
        if (!rest.empty() && rest[0].kind == TokKind::String && rest[0].text.starts_with("\"")) {
            name = std::string(rest[0].text.substr(1, rest[0].text.size() - 2));
        } else if (!rest.empty() && rest[0].is("<")) {
            angled = true;
            size_t k = 1;
            for (; k < rest.size() && !rest[k].is(">"); ++k) {
                name += rest[k].text;
            }
            if (k == rest.size()) {
                name.clear();
            }
        }
        if (name.empty()) {
            error(rest.empty() ? hash : rest[0], "#include expects \"FILENAME\" or <FILENAME>");
            return;
        }
        if ((angled || is_next) && is_global_header(name)) {
            int32_t id = m_globals.resolve_angled(name);
            if (id >= 0) {
                see_global_header(static_cast<uint32_t>(id));
                if (m_globals.defines_device_table(static_cast<uint32_t>(id)) &&
                    m_files.size() < kMaxIncludeDepth) {
                    // A table defined in a global header (elan-i2c-ids.h) is the unit's table.
                    const std::string& path = m_globals.file_path(static_cast<uint32_t>(id));
                    if (push_file(path, Share::Yes) &&
                        std::find(m_followed.begin(), m_followed.end(), static_cast<uint32_t>(id)) ==
                            m_followed.end()) {
                        m_followed.push_back(static_cast<uint32_t>(id));
                    }
                }
            }
            return;  // its macros are in GlobalMacros
        }
        if (m_files.size() >= kMaxIncludeDepth) {
            error(hash, "#include nested depth " + std::to_string(m_files.size()) + " exceeds maximum of " +
                            std::to_string(kMaxIncludeDepth));
            return;
        }
        std::vector<std::string> dirs;
        dirs.emplace_back(dirname(path_of(hash.file)));
        dirs.emplace_back(dirname(m_opts.path));
        dirs.insert(dirs.end(), m_opts.include_dirs.begin(), m_opts.include_dirs.end());
        for (const std::string& dir : dirs) {
            std::string path = join_path(dir, name);
            if (path.starts_with("..")) {
                continue;
            }
            if (push_file(path, Share::Yes)) {
                return;
            }
        }
        if (!is_global_header(name)) {
            warning(rest[0], name + ": No such file or directory");
        } else if (int32_t id = m_globals.resolve_angled(name); id >= 0) {
            see_global_header(static_cast<uint32_t>(id));
        }
    }

    // The unit includes global header `id`: the macros of every header it reaches become visible.
    void see_global_header(uint32_t id) {
        const std::vector<uint64_t>& r = m_globals.reachable(id);
        if (!m_have_visible) {
            m_have_visible = true;
            m_visible = m_pp.m_predefined->forced_visible;
            m_visible.resize(r.size(), 0);
        }
        for (size_t i = 0; i < r.size(); ++i) {
            m_visible[i] |= r[i];
        }
    }

    // A global header that the unit follows like a local one (it defines a table) contributes its
    // macros as local definitions, in order; its global entries would make its include guard look
    // defined before the header is read.
    bool visible(const MacroDef& global) const {
        if (!m_followed.empty() && std::find(m_followed.begin(), m_followed.end(), global.file) != m_followed.end()) {
            return false;
        }
        return !m_have_visible || ((m_visible[global.file >> 6] >> (global.file & 63)) & 1) != 0;
    }

    // --- ExpansionHost -------------------------------------------------------------------------

    bool next_source_token(Token& out) override { return next_file_token(out); }

    const MacroDef* lookup(std::string_view name) const override {
        uint64_t h = hash_name(name);
        bool found = false;
        const MacroDef* def = m_local.find(name, h, &found);
        if (found) {
            return def;
        }
        if ((def = m_pp.m_predefined->index.find(name, h)) != nullptr) {
            return def;
        }
        // Kconfig symbols are conditions, never values (no autoconf.h at index time); but a few
        // CONFIG_ names are plain header constants (include/sound/core.h: CONFIG_SND_MAJOR 116),
        // and those expand like any macro.
        def = m_globals.find(name, h);
        while (def != nullptr && !visible(*def)) {
            def = m_globals.next_candidate(def);
        }
        return def;
    }

    bool is_local(const MacroDef& m) const override {
        bool found = false;
        return m_local.find(m.name, hash_name(m.name), &found) == &m;
    }

    void report(const Token& at, Severity severity, std::string message) override {
        diag(at, severity, std::move(message));
    }

    const std::string& path_of(uint32_t file) const override { return m_tu.files[file]; }

    // --- output --------------------------------------------------------------------------------

    // The rest of a function body, read straight from the current file while the expander has
    // nothing pending: what next_raw() would return one token at a time, without copying each.
    // Stops at a directive (the file layer runs it), at the file's end, or after the closing '}'.
    void skip_body() {
        if (m_files.empty() || !m_expander->idle()) {
            return;
        }
        SourceFile& f = m_files.back();
        const Tokens& toks = f.lexed->tokens;
        while (f.pos < toks.size()) {
            const Token& t = toks[f.pos];
            if (t.at_line_start && t.is_punct('#')) {
                return;
            }
            ++f.pos;
            if (m_skipping) {
                continue;
            }
            if (t.kind == TokKind::Punct) {
                if (t.is_punct('{')) {
                    ++m_scope.body_depth;
                } else if (t.is_punct('}') && --m_scope.body_depth == 0) {
                    end_body();
                    return;
                }
            } else if (t.kind == TokKind::Other) {
                Token at = t;
                at.file = f.id;
                check_unterminated(at);
            }
        }
    }

    void end_body() {
        m_scope.in_body = false;
        m_scope.after_paren = false;
        m_scope.saw_assign = false;
    }

    void main_loop() {
        Tokens& out = m_tu.tokens;
        for (;;) {
            if (m_scope.in_body) {
                skip_body();
                if (!m_scope.in_body) {
                    continue;
                }
            }
            Token t;
            bool raw = m_scope.in_body;
            if (!(raw ? m_expander->next_raw(t) : m_expander->next(t))) {
                break;
            }
            if (raw && !m_scope.in_body) {
                // A directive just ended the body (a branch of a symbolic #if): expand it again.
                m_expander->push_back(t);
                continue;
            }
            if (m_scope.in_body) {
                if (t.is_punct('{')) {
                    ++m_scope.body_depth;
                } else if (t.is_punct('}') && --m_scope.body_depth == 0) {
                    end_body();
                }
                continue;
            }
            if (t.kind == TokKind::Punct && t.text.size() == 1) {
                switch (t.text[0]) {
                case '{':
                    if (m_scope.after_paren && m_scope.brace_depth == 0 && m_scope.paren_depth == 0 &&
                        !m_scope.saw_assign) {
                        // A function body: `{ }` stands for it.
                        out.push_back(t);
                        Token close = t;
                        close.text = "}";
                        out.push_back(close);
                        m_scope.in_body = true;
                        m_scope.body_depth = 1;
                        continue;
                    }
                    ++m_scope.brace_depth;
                    break;
                case '(': ++m_scope.paren_depth; break;
                case ')': m_scope.paren_depth = std::max(0, m_scope.paren_depth - 1); break;
                case '}':
                    m_scope.brace_depth = std::max(0, m_scope.brace_depth - 1);
                    if (m_scope.brace_depth == 0) {
                        m_scope.saw_assign = false;
                    }
                    break;
                case '=':
                    if (m_scope.brace_depth == 0 && m_scope.paren_depth == 0) {
                        m_scope.saw_assign = true;
                    }
                    break;
                case ';':
                    if (m_scope.brace_depth == 0) {
                        m_scope.saw_assign = false;
                        m_scope.paren_depth = 0;
                    }
                    break;
                default: break;
                }
            }
            m_scope.after_paren = t.is_punct(')');
            t.at_line_start = false;
            t.no_expand = false;
            out.push_back(t);
        }
    }

    static constexpr size_t kMaxIncludeDepth = 200;

    const Preprocessor& m_pp;
    const PreprocessOptions& m_opts;
    const GlobalMacros& m_globals;
    const SourceTree& m_tree;
    TranslationUnit m_tu;

    std::vector<SourceFile> m_files;
    std::unordered_map<std::string, uint32_t> m_file_ids;
    std::vector<std::shared_ptr<const LexedFile>> m_lexed;  // by file id
    Tokens m_directive_tokens;                // the running directive's, when copied to set Token::file
    const LexedFile::Define* m_directive_define = nullptr;  // the running #define, parsed by lex_file
    std::vector<IfFrame> m_frames;
    bool m_skipping = false;
    uint32_t m_cond_id = 0;
    std::unordered_map<std::string, uint32_t> m_cond_index;
    std::string_view m_directive_word;
    Scope m_scope;

    std::deque<MacroDef> m_local_defs;
    // Names whose definedness depends on Kconfig symbols (defined/#undef'd under a symbolic #if).
    std::unordered_map<std::string_view, hw::Cond> m_def_conds;
    MacroIndex m_local;  // a null definition: #undef'd
    Tokens m_cmdline;

    // Global headers whose macros the unit can see (a bitset over GlobalMacros header ids): those
    // reachable from its <...> includes, plus what the build's -include flags force in. Until the
    // unit includes a global header, all are visible.
    std::vector<uint32_t> m_followed;  // global headers preprocessed like local ones
    bool m_have_visible = false;
    std::vector<uint64_t> m_visible;

    std::unique_ptr<MacroExpander> m_expander;
};

TranslationUnit Preprocessor::run(const PreprocessOptions& options) const {
    UnitRun run(*this, options);
    return run.run();
}

}  // namespace hw::cpp
