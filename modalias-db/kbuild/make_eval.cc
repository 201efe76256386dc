#include "modalias-db/kbuild/make_eval.h"
#include "modalias-db/kbuild/make_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace hw::kbuild {

namespace {

bool has_space(std::string_view s) {
    return std::any_of(s.begin(), s.end(), is_space);
}

// Index of the parenthesis closing s[open] ('(' or '{'), npos if none. Like make, only the
// opener's own kind is counted.
size_t find_close(std::string_view s, size_t open) {
    char o = s[open];
    char c = o == '(' ? ')' : '}';
    int depth = 0;
    for (size_t i = open; i < s.size(); ++i) {
        if (s[i] == o) {
            ++depth;
        } else if (s[i] == c && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

// GNU make's glob for one path component: *, ? and [...].
bool glob_match(std::string_view pat, std::string_view name) {
    size_t p = 0;
    size_t n = 0;
    size_t star = std::string_view::npos;
    size_t star_n = 0;
    while (n < name.size()) {
        if (p < pat.size() && pat[p] == '*') {
            star = p++;
            star_n = n;
            continue;
        }
        if (p < pat.size() && pat[p] == '[') {
            size_t close = pat.find(']', p + 1);
            if (close != std::string_view::npos) {
                std::string_view set = pat.substr(p + 1, close - p - 1);
                bool negate = !set.empty() && (set[0] == '!' || set[0] == '^');
                if (negate) {
                    set.remove_prefix(1);
                }
                bool hit = false;
                for (size_t i = 0; i < set.size(); ++i) {
                    if (i + 2 < set.size() && set[i + 1] == '-') {
                        hit = hit || (name[n] >= set[i] && name[n] <= set[i + 2]);
                        i += 2;
                    } else {
                        hit = hit || name[n] == set[i];
                    }
                }
                if (hit != negate) {
                    p = close + 1;
                    ++n;
                    continue;
                }
            }
        } else if (p < pat.size() && (pat[p] == '?' || pat[p] == name[n])) {
            ++p;
            ++n;
            continue;
        }
        if (star == std::string_view::npos) {
            return false;
        }
        p = star + 1;
        n = ++star_n;
    }
    while (p < pat.size() && pat[p] == '*') {
        ++p;
    }
    return p == pat.size();
}

constexpr std::array kFunctions = {
    "subst", "patsubst", "strip", "findstring", "filter", "filter-out", "sort", "word",
    "wordlist", "words", "firstword", "lastword", "dir", "notdir", "suffix", "basename",
    "addsuffix", "addprefix", "join", "wildcard", "realpath", "abspath", "if", "or", "and",
    "foreach", "call", "value", "eval", "origin", "flavor", "shell", "error", "warning", "info",
    "file", "let", "intcmp",
};

bool is_function(std::string_view name) {
    return std::find(kFunctions.begin(), kFunctions.end(), name) != kFunctions.end();
}

// Variables Makefile.build sets to empty simple values before reading a directory's Kbuild file.
constexpr std::array kKbuildVars = {
    "obj-y", "obj-m", "lib-y", "lib-m", "always-y", "always-m", "targets", "subdir-y", "subdir-m",
    "EXTRA_AFLAGS", "EXTRA_CFLAGS", "EXTRA_CPPFLAGS", "EXTRA_LDFLAGS", "asflags-y", "ccflags-y",
    "rustflags-y", "cppflags-y", "ldflags-y", "subdir-asflags-y", "subdir-ccflags-y",
    // Set empty by the top Makefile for an in-tree build with gcc.
    "KBUILD_EXTMOD", "LLVM", "LLVM_IAS", "KBUILD_SRC", "O", "M", "W", "C",
};

// The symbol of the first `CONFIG_xxx` in raw make text.
std::optional<std::string> first_config_reference(std::string_view text) {
    size_t at = text.find("CONFIG_");
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    size_t start = at + 7;
    size_t end = start;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
        ++end;
    }
    if (end == start) {
        return std::nullopt;
    }
    return std::string(text.substr(start, end - start));
}

}  // namespace

MakeContext make_context(std::string_view srcarch, int bits) {
    MakeContext ctx;
    ctx.srcarch = std::string(srcarch);
    ctx.bits = bits;
    ctx.arch = ctx.srcarch;
    ctx.fixed_symbols.emplace_back("64BIT", bits == 64 ? 'y' : 'n');
    if (srcarch == "x86") {
        ctx.arch = bits == 64 ? "x86_64" : "i386";
        ctx.fixed_symbols.emplace_back("X86_64", bits == 64 ? 'y' : 'n');
        ctx.fixed_symbols.emplace_back("X86_32", bits == 64 ? 'n' : 'y');
    }
    return ctx;
}

std::string normalize_tristate_name(std::string_view name) {
    size_t dash = name.rfind('-');
    if (dash == std::string_view::npos) {
        return std::string(name);
    }
    std::string_view suffix = name.substr(dash + 1);
    if (suffix.size() < 2 ||
        !std::all_of(suffix.begin(), suffix.end(), [](char c) { return c == 'y' || c == 'm'; })) {
        return std::string(name);
    }
    std::string out(name.substr(0, dash + 1));
    out += suffix.find('y') != std::string_view::npos ? 'y' : 'm';
    return out;
}

MakeEvaluator::MakeEvaluator(const SourceTree& tree, std::string dir, const MakeContext& ctx,
                             Diagnostics& diags)
    : m_tree(tree), m_dir(std::move(dir)), m_ctx(ctx), m_diags(diags) {
    std::string src = m_dir.empty() ? "." : m_dir;
    define("srctree", ".");
    define("objtree", ".");
    define("src", src);
    define("obj", src);
    define("SRCARCH", m_ctx.srcarch);
    define("ARCH", m_ctx.arch.empty() ? m_ctx.srcarch : m_ctx.arch);
    define("BITS", std::to_string(m_ctx.bits));
    define("empty", "");
    define("space", " ");
    define("comma", ",");
    for (const char* name : kKbuildVars) {
        define(name, "");
    }
}

void MakeEvaluator::define(std::string_view name, std::string_view value) {
    m_vars.insert_or_assign(std::string(name), Var{std::string(value), false, false});
}

void MakeEvaluator::warn(const Location& loc, int col, std::string message) {
    m_diags.push_back(Diagnostic{std::string(loc.path), loc.line, col, Severity::Warning, std::move(message)});
}

void MakeEvaluator::error(const Location& loc, int col, std::string message) {
    m_diags.push_back(Diagnostic{std::string(loc.path), loc.line, col, Severity::Error, std::move(message)});
}

bool MakeEvaluator::eval_file(std::string_view path) {
    auto text = m_tree.read(path);
    if (!text) {
        return false;
    }
    ++m_files_read;
    eval_text(*text, path);
    return true;
}

void MakeEvaluator::set_block(Dnf cond, std::string hint) {
    m_block = std::move(cond);
    m_block_hint = std::move(hint);
}

void MakeEvaluator::eval_text(std::string_view text, std::string_view path) {
    const size_t base_frames = m_frames.size();
    const bool saved_recipe = m_in_recipe;
    m_in_recipe = false;
    const std::string_view saved_path = m_path;
    const std::string_view saved_line = m_line_text;
    const int saved_lineno = m_lineno;
    m_path = path;

    std::string joined;
    int lineno = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string_view::npos) {
            eol = text.size();
        }
        std::string_view line = text.substr(pos, eol - pos);
        pos = eol + 1;
        const int first = ++lineno;
        auto continued = [](std::string_view l) {
            size_t n = 0;
            while (n < l.size() && l[l.size() - 1 - n] == '\\') {
                ++n;
            }
            return n % 2 == 1;
        };
        if (continued(line) && !m_define_active) {
            // backslash-newline and the blanks around it become one space
            joined.assign(line.substr(0, line.size() - 1));
            while (pos < text.size()) {
                eol = text.find('\n', pos);
                if (eol == std::string_view::npos) {
                    eol = text.size();
                }
                std::string_view next = text.substr(pos, eol - pos);
                pos = eol + 1;
                ++lineno;
                while (!joined.empty() && is_space(joined.back())) {
                    joined.pop_back();
                }
                joined += ' ';
                size_t skip = 0;
                while (skip < next.size() && is_space(next[skip])) {
                    ++skip;
                }
                next.remove_prefix(skip);
                if (continued(next)) {
                    joined.append(next.substr(0, next.size() - 1));
                    continue;
                }
                joined.append(next);
                break;
            }
            line = joined;
        }
        m_lineno = first;
        m_line_text = line;
        eval_line(line, line.starts_with('\t'));
    }
    if (m_define_active && base_frames == m_frames.size() && m_define_file == path) {
        error(m_define_line, 1, "missing 'endef', unterminated 'define'");
        m_define_active = false;
    }
    while (m_frames.size() > base_frames) {
        const Frame& f = m_frames.back();
        m_diags.push_back(Diagnostic{std::string(path), f.line, f.col, Severity::Error, "missing 'endif'"});
        set_block(f.outer, f.outer_hint);
        m_frames.pop_back();
    }
    m_in_recipe = saved_recipe;
    m_path = saved_path;
    m_line_text = saved_line;
    m_lineno = saved_lineno;
}

int MakeEvaluator::column_of(std::string_view part) const {
    const char* b = m_line_text.data();
    if (part.data() >= b && part.data() <= b + m_line_text.size()) {
        return static_cast<int>(part.data() - b) + 1;
    }
    return 1;
}

void MakeEvaluator::eval_line(std::string_view line, bool starts_with_tab) {
    if (m_define_active) {
        std::string_view t = trim(line);
        std::string_view kw = t.substr(0, std::min(t.find_first_of(" \t"), t.size()));
        if (kw == "endef" && m_define_nesting == 0) {
            m_define_active = false;
            if (!m_define_body.empty() && m_define_body.back() == '\n') {
                m_define_body.pop_back();
            }
            eval_assignment(m_define_name, m_define_op, m_define_body);
            return;
        }
        if (kw == "define") {
            ++m_define_nesting;
        } else if (kw == "endef") {
            --m_define_nesting;
        }
        m_define_body.append(line);
        m_define_body += '\n';
        return;
    }
    if (starts_with_tab && m_in_recipe) {
        return;
    }
    // Comments: '#' up to the end of the line unless escaped.
    for (size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '#' && (i == 0 || line[i - 1] != '\\')) {
            line = line.substr(0, i);
            break;
        }
    }
    std::string_view t = trim(line);
    if (t.empty()) {
        return;
    }
    size_t kw_end = 0;
    while (kw_end < t.size() && ((t[kw_end] >= 'a' && t[kw_end] <= 'z') || t[kw_end] == '-')) {
        ++kw_end;
    }
    std::string_view kw = t.substr(0, kw_end);
    std::string_view rest = trim(t.substr(kw_end));
    const bool kw_alone = kw_end == t.size() || is_space(t[kw_end]) || t[kw_end] == '(' ||
                          t[kw_end] == '"' || t[kw_end] == '\'';
    if (kw_alone && (kw == "ifeq" || kw == "ifneq" || kw == "ifdef" || kw == "ifndef" ||
                     kw == "else" || kw == "endif")) {
        eval_conditional(kw, rest, column_of(t));
        return;
    }
    if (m_block.is_false()) {
        if (kw_alone && kw == "define") {
            start_define(rest);
        }
        return;
    }
    m_in_recipe = false;
    if (kw_alone) {
        if (kw == "export" || kw == "unexport" || kw == "override" || kw == "private") {
            if (rest.find('=') == std::string_view::npos && !rest.starts_with("define")) {
                return;  // `export VAR`: only marks a variable for sub-makes
            }
            eval_line(rest, false);
            return;
        }
        if (kw == "define") {
            start_define(rest);
            return;
        }
        if (kw == "include" || kw == "-include" || kw == "sinclude") {
            eval_include(rest, kw != "include");
            return;
        }
        if (kw == "undefine") {
            m_vars.erase(std::string(trim(MarkerTable::strip(expand(rest)))));
            return;
        }
        if (kw == "vpath") {
            return;
        }
    }
    // An assignment, a rule, or a bare function call ($(eval ...), $(error ...)).
    int depth = 0;
    for (size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (c == '$' && i + 1 < t.size() && (t[i + 1] == '(' || t[i + 1] == '{')) {
            ++depth;
            ++i;
            continue;
        }
        if (depth > 0) {
            if (c == '(' || c == '{') {
                ++depth;
            } else if (c == ')' || c == '}') {
                --depth;
            }
            continue;
        }
        std::string_view op;
        if (c == '=') {
            op = "=";
        } else if ((c == '+' || c == '?' || c == '!') && i + 1 < t.size() && t[i + 1] == '=') {
            op = t.substr(i, 2);
        } else if (c == ':') {
            if (t.substr(i).starts_with(":::=")) {
                op = ":=";
                eval_assignment(trim(t.substr(0, i)), op, trim(t.substr(i + 4)));
                return;
            }
            if (t.substr(i).starts_with("::=")) {
                eval_assignment(trim(t.substr(0, i)), ":=", trim(t.substr(i + 3)));
                return;
            }
            if (t.substr(i).starts_with(":=")) {
                op = ":=";
            } else {
                m_in_recipe = true;  // a rule (or a target-specific variable): skipped
                return;
            }
        }
        if (!op.empty()) {
            eval_assignment(trim(t.substr(0, i)), op, trim(t.substr(i + op.size())));
            return;
        }
    }
    std::string result = expand(t);
    if (!trim(MarkerTable::strip(result)).empty()) {
        error(Location{m_path, m_lineno}, column_of(t), "missing separator");
    }
}

void MakeEvaluator::start_define(std::string_view rest) {
    std::string_view name = rest;
    std::string_view op = "=";
    for (std::string_view candidate : {"::=", ":=", "+=", "?=", "="}) {
        if (rest.ends_with(candidate)) {
            op = candidate == "::=" ? ":=" : candidate;
            name = trim(rest.substr(0, rest.size() - candidate.size()));
            break;
        }
    }
    m_define_active = true;
    m_define_nesting = 0;
    m_define_name = std::string(name);
    m_define_op = std::string(op);
    m_define_body.clear();
    m_define_file = m_path;
    m_define_line = Location{m_path, m_lineno};
}

void MakeEvaluator::eval_conditional(std::string_view keyword, std::string_view rest, int col) {
    const Location loc{m_path, m_lineno};
    if (keyword == "endif") {
        if (m_frames.empty()) {
            error(loc, col, "extraneous 'endif'");
            return;
        }
        set_block(m_frames.back().outer, m_frames.back().outer_hint);
        m_frames.pop_back();
        return;
    }
    if (keyword == "else") {
        if (m_frames.empty()) {
            error(loc, col, "extraneous 'else'");
            return;
        }
        Frame& f = m_frames.back();
        if (f.seen_else) {
            error(loc, col, "only one 'else' per conditional");
            return;
        }
        f.taken = f.taken || f.branch;
        Dnf branch;
        std::string hint = f.outer_hint;
        if (rest.empty()) {
            f.seen_else = true;
            branch = f.unknown ? f.unknown_base : !f.taken;
        } else {
            size_t kw_end = 0;
            while (kw_end < rest.size() && rest[kw_end] >= 'a' && rest[kw_end] <= 'z') {
                ++kw_end;
            }
            std::string_view kw2 = rest.substr(0, kw_end);
            if (kw2 != "ifeq" && kw2 != "ifneq" && kw2 != "ifdef" && kw2 != "ifndef") {
                error(loc, column_of(rest), "extraneous text after 'else' directive");
                branch = !f.taken;
            } else if (f.outer.is_false()) {
                branch = Dnf::falsity();
            } else {
                auto [c, unknown] = condition_of(kw2, trim(rest.substr(kw_end)));
                if (unknown && !f.unknown) {
                    f.unknown = true;
                    f.unknown_base = !f.taken;
                }
                branch = f.unknown ? f.unknown_base : !f.taken && c;
                if (!c.first_symbol().empty()) {
                    hint = std::string(c.first_symbol());
                }
            }
        }
        f.branch = branch;
        set_block(f.outer && branch, hint);
        return;
    }
    Frame f;
    f.outer = m_block;
    f.outer_hint = m_block_hint;
    f.taken = Dnf::falsity();
    f.line = m_lineno;
    f.col = col;
    std::string hint = m_block_hint;
    if (m_block.is_false()) {
        f.branch = Dnf::falsity();
    } else {
        auto [c, unknown] = condition_of(keyword, rest);
        f.unknown = unknown;
        f.branch = unknown ? Dnf::truth() : c;
        if (!c.first_symbol().empty()) {
            hint = std::string(c.first_symbol());
        }
    }
    Dnf block = f.outer && f.branch;
    m_frames.push_back(std::move(f));
    set_block(std::move(block), std::move(hint));
}

std::pair<Dnf, bool> MakeEvaluator::condition_of(std::string_view keyword, std::string_view rest) {
    const Location loc{m_path, m_lineno};
    const bool saved_taint = m_tainted;
    m_tainted = false;
    Dnf cond;
    bool unknown = false;
    if (keyword == "ifdef" || keyword == "ifndef") {
        std::string name(trim(MarkerTable::strip(expand(rest))));
        auto it = m_vars.find(name);
        if (it != m_vars.end()) {
            std::vector<Word> alts;
            m_marks.alternatives(it->second.value, alts);
            cond = non_empty(alts);
            unknown = it->second.tainted;
        } else if (name.starts_with("CONFIG_")) {
            std::vector<Word> alts;
            m_marks.alternatives(config_value(std::string_view(name).substr(7)), alts);
            cond = non_empty(alts);
        } else {
            unknown = true;
        }
        if (keyword == "ifndef") {
            cond = !cond;
        }
    } else {
        std::string_view a;
        std::string_view b;
        bool ok = false;
        if (!rest.empty() && rest.front() == '(') {
            size_t close = find_close(rest, 0);
            if (close != std::string_view::npos) {
                auto args = split_args(rest.substr(1, close - 1), 2);
                if (args.size() == 2) {
                    a = args[0];
                    b = args[1];
                    ok = trim(rest.substr(close + 1)).empty();
                }
            }
        } else if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
            size_t end_a = rest.find(rest.front(), 1);
            if (end_a != std::string_view::npos) {
                a = rest.substr(1, end_a - 1);
                std::string_view r2 = trim(rest.substr(end_a + 1));
                if (!r2.empty() && (r2.front() == '"' || r2.front() == '\'')) {
                    size_t end_b = r2.find(r2.front(), 1);
                    if (end_b != std::string_view::npos) {
                        b = r2.substr(1, end_b - 1);
                        ok = trim(r2.substr(end_b + 1)).empty();
                    }
                }
            }
        }
        if (!ok) {
            error(loc, column_of(rest), "invalid syntax in conditional");
            m_tainted = saved_taint;
            return {Dnf::falsity(), false};
        }
        std::vector<Word> alts_a;
        std::vector<Word> alts_b;
        m_marks.alternatives(expand(trim(a)), alts_a);
        m_marks.alternatives(expand(trim(b)), alts_b);
        unknown = m_tainted;
        cond = Dnf::falsity();
        const bool want_equal = keyword == "ifeq";
        for (const Word& x : alts_a) {
            for (const Word& y : alts_b) {
                if ((trim(x.text) == trim(y.text)) == want_equal) {
                    cond = cond || (x.cond && y.cond);
                }
            }
        }
    }
    m_tainted = saved_taint;
    if (unknown) {
        warn(loc, column_of(rest), "condition depends on unknown values; taking both branches");
    }
    return {cond, unknown};
}

void MakeEvaluator::eval_include(std::string_view rest, bool optional) {
    const Location loc{m_path, m_lineno};
    std::vector<Word> files = m_marks.split_words(expand(rest));
    for (const Word& w : files) {
        if (w.text.starts_with('/')) {
            continue;
        }
        std::string rel = normalize_path(w.text);
        Dnf cond = m_block && w.cond;
        if (cond.is_false()) {
            continue;
        }
        if (rel.empty() || rel.starts_with("..") || !m_tree.exists(rel) || m_tree.is_dir(rel)) {
            if (!optional) {
                warn(loc, column_of(rest), "cannot include '" + w.text + "': no such file");
            }
            continue;
        }
        if (m_include_depth >= 16) {
            error(loc, column_of(rest), "includes nested too deeply");
            continue;
        }
        Dnf saved_block = m_block;
        std::string saved_hint = m_block_hint;
        set_block(cond, m_block_hint);
        ++m_include_depth;
        eval_file(rel);
        --m_include_depth;
        set_block(std::move(saved_block), std::move(saved_hint));
    }
}

void MakeEvaluator::eval_assignment(std::string_view name, std::string_view op, std::string_view value) {
    const bool sole = !value.empty() && !has_space(value);
    std::string expanded = expand(name);
    std::vector<Word> alts;
    m_marks.alternatives(expanded, alts);
    for (const Word& alt : alts) {
        std::string_view n = trim(alt.text);
        if (n.empty() || has_space(n)) {
            continue;
        }
        Dnf cond = m_block && alt.cond;
        if (cond.is_false()) {
            continue;
        }
        // The line's own symbol: the first CONFIG_ the name refers to (for
        // `obj-$(subst y,$(CONFIG_A),$(CONFIG_B))` that is A, whose state B passes on).
        std::string hint(alt.cond.first_symbol());
        if (!hint.empty()) {
            hint = first_config_reference(name).value_or(hint);
        } else {
            hint = m_block_hint;
        }
        assign(normalize_tristate_name(n), op, value, cond, hint, sole);
    }
}

void MakeEvaluator::assign(const std::string& name, std::string_view op, std::string_view value,
                           const Dnf& cond, std::string_view hint, bool sole) {
    auto it = m_vars.find(name);
    if (op == "?=") {
        if (it != m_vars.end()) {
            return;
        }
        op = "=";
    }
    if (op == "!=") {
        m_vars.insert_or_assign(name, Var{"", false, true});
        return;
    }
    if (op == ":=") {
        const bool saved = m_tainted;
        m_tainted = false;
        std::string v = expand(value);
        bool taint = m_tainted;
        if (!cond.is_true() && it != m_vars.end()) {
            std::string old = it->second.recursive ? expand(it->second.value) : it->second.value;
            taint = taint || it->second.tainted || m_tainted;
            v = m_marks.wrap(cond, hint, v, sole);
            std::string rest = m_marks.wrap(!cond, "", old);
            if (!rest.empty()) {
                v += ' ';
                v += rest;
            }
        } else if (!cond.is_true()) {
            v = m_marks.wrap(cond, hint, v, sole);
        }
        m_tainted = saved;
        m_vars.insert_or_assign(name, Var{std::move(v), false, taint});
        return;
    }
    if (op == "=") {
        std::string v = m_marks.wrap(cond, hint, value, sole);
        if (!cond.is_true() && it != m_vars.end()) {
            std::string rest = m_marks.wrap(!cond, "", it->second.value);
            if (!rest.empty()) {
                v += ' ';
                v += rest;
            }
        }
        m_vars.insert_or_assign(name, Var{std::move(v), true, false});
        return;
    }
    // +=
    if (it == m_vars.end()) {
        m_vars.emplace(name, Var{m_marks.wrap(cond, hint, value, sole), true, false});
        return;
    }
    std::string piece;
    if (it->second.recursive) {
        piece = m_marks.wrap(cond, hint, value, sole);
    } else {
        const bool saved = m_tainted;
        m_tainted = false;
        std::string v = expand(value);
        it->second.tainted = it->second.tainted || m_tainted;
        m_tainted = saved;
        piece = m_marks.wrap(cond, hint, v, sole);
    }
    if (piece.empty()) {
        return;
    }
    if (!it->second.value.empty()) {
        it->second.value += ' ';
    }
    it->second.value += piece;
}

std::vector<Word> MakeEvaluator::words(std::string_view var, bool merge_duplicates) {
    std::string text;
    expand_variable(var, text);
    return m_marks.split_words(text, merge_duplicates);
}

bool MakeEvaluator::has_words(std::string_view var) {
    if (!is_defined(var)) {
        return false;
    }
    return !words(var).empty();
}

std::vector<Word> MakeEvaluator::expand_alternatives(std::string_view text) {
    std::vector<Word> alts;
    m_marks.alternatives(expand(text), alts);
    return alts;
}

std::string MakeEvaluator::expand(std::string_view text) {
    std::string out;
    expand_into(text, out);
    return out;
}

void MakeEvaluator::expand_into(std::string_view text, std::string& out) {
    size_t i = 0;
    while (i < text.size()) {
        size_t d = text.find('$', i);
        if (d == std::string_view::npos) {
            out.append(text.substr(i));
            return;
        }
        out.append(text.substr(i, d - i));
        if (d + 1 >= text.size()) {
            return;
        }
        char c = text[d + 1];
        if (c == '$') {
            out += '$';
            i = d + 2;
        } else if (c == '(' || c == '{') {
            size_t close = find_close(text, d + 1);
            if (close == std::string_view::npos) {
                error(Location{m_path, m_lineno}, column_of(text.substr(d)), "unterminated variable reference");
                return;
            }
            expand_reference(text.substr(d + 2, close - d - 2), out);
            i = close + 1;
        } else {
            expand_variable(text.substr(d + 1, 1), out);
            i = d + 2;
        }
    }
}

void MakeEvaluator::expand_reference(std::string_view ref, std::string& out) {
    size_t sp = ref.find_first_of(" \t");
    if (sp != std::string_view::npos && is_function(ref.substr(0, sp))) {
        std::string_view args = ref.substr(sp);
        while (!args.empty() && is_space(args.front())) {
            args.remove_prefix(1);
        }
        expand_function(ref.substr(0, sp), args, out);
        return;
    }
    // Substitution reference $(var:from=to): a ':' outside nested references.
    int depth = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        char c = ref[i];
        if (c == '(' || c == '{') {
            ++depth;
        } else if ((c == ')' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ':' && depth == 0) {
            size_t eq = ref.find('=', i + 1);
            if (eq == std::string_view::npos) {
                break;
            }
            std::string name = MarkerTable::strip(expand(ref.substr(0, i)));
            std::string from = MarkerTable::strip(expand(ref.substr(i + 1, eq - i - 1)));
            std::string to = MarkerTable::strip(expand(ref.substr(eq + 1)));
            if (from.find('%') == std::string::npos) {
                from.insert(0, "%");
                to.insert(0, "%");
            }
            std::string value;
            expand_variable(name, value);
            std::vector<Word> ws = m_marks.split_words(value);
            for (Word& w : ws) {
                std::string_view stem;
                if (match_pattern(from, w.text, stem)) {
                    w.text = replace_pattern(to, stem);
                }
            }
            merge_words(ws);
            out += m_marks.join_words(ws);
            return;
        }
    }
    std::string name = expand(ref);
    expand_variable(name, out);
}

std::string MakeEvaluator::config_value(std::string_view symbol) {
    for (const auto& [sym, state] : m_ctx.fixed_symbols) {
        if (sym == symbol) {
            return state == 'y' ? "y" : "";
        }
    }
    std::string out = m_marks.wrap(Dnf::literal(symbol, kStateY), "", "y");
    out += m_marks.wrap(Dnf::literal(symbol, kStateM), "", "m");
    return out;
}

void MakeEvaluator::expand_variable(std::string_view name, std::string& out) {
    if (MarkerTable::has_markers(name)) {
        std::vector<Word> alts;
        m_marks.alternatives(name, alts);
        for (const Word& alt : alts) {
            std::string value;
            expand_variable(trim(alt.text), value);
            out += m_marks.wrap(alt.cond, alt.hint, value);
        }
        return;
    }
    name = trim(name);
    if (!m_call_args.empty() && !name.empty() &&
        std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        size_t index = static_cast<size_t>(std::stoul(std::string(name)));
        const auto& frame = m_call_args.back();
        if (index < frame.size()) {
            out += frame[index];
        }
        return;
    }
    auto it = m_vars.find(name);
    if (it != m_vars.end()) {
        if (it->second.tainted) {
            m_tainted = true;
        }
        if (!it->second.recursive) {
            out += it->second.value;
            return;
        }
        if (m_depth > 64) {
            error(Location{m_path, m_lineno}, 1, "recursive variable '" + std::string(name) + "' references itself");
            return;
        }
        ++m_depth;
        std::string value = it->second.value;  // the map may change while expanding
        expand_into(value, out);
        --m_depth;
        return;
    }
    if (name.starts_with("CONFIG_")) {
        out += config_value(name.substr(7));
        return;
    }
    m_tainted = true;
}

std::string MakeEvaluator::wildcard(std::string_view patterns) {
    std::vector<std::string> found;
    for (const Word& w : m_marks.split_words(patterns)) {
        std::string_view p = w.text;
        size_t slash = p.rfind('/');
        std::string_view dir = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
        std::string_view base = slash == std::string_view::npos ? p : p.substr(slash + 1);
        if (p.starts_with('/')) {
            continue;
        }
        if (base.find_first_of("*?[") == std::string_view::npos) {
            std::string rel = normalize_path(p);
            if (!rel.empty() && !rel.starts_with("..") && m_tree.exists(rel)) {
                found.emplace_back(p);
            }
            continue;
        }
        std::string rel_dir = normalize_path(dir);
        if (rel_dir.starts_with("..")) {
            continue;
        }
        for (const std::string& name : m_tree.list(rel_dir)) {
            if (name.starts_with('.') && !base.starts_with('.')) {
                continue;
            }
            if (glob_match(base, name)) {
                found.push_back(dir.empty() ? name : std::string(dir) + "/" + name);
            }
        }
    }
    std::sort(found.begin(), found.end());
    std::string out;
    for (const std::string& f : found) {
        if (!out.empty()) {
            out += ' ';
        }
        out += f;
    }
    return out;
}

}  // namespace hw::kbuild
