#include "kconfig/show.h"

#include <algorithm>
#include <cctype>

namespace hw::kconfig {

namespace {

// Binding strength: || < && < ! < comparison/symbol.
int precedence(ExprKind k) {
    switch (k) {
    case ExprKind::Or:
        return 1;
    case ExprKind::And:
        return 2;
    case ExprKind::Not:
        return 3;
    default:
        return 4;
    }
}

std::string sym_text(const Model& m, SymId s) {
    const Symbol& sym = m.symbols[s];
    if (sym.is_const && s > kSymYes) {
        return "\"" + sym.name + "\"";
    }
    if (sym.is_choice && sym.name.empty()) {
        return "<choice>";
    }
    return sym.name;
}

void append_expr(const Model& m, ExprId e, int outer, std::string& out) {
    const Expr& x = m.exprs.at(e);
    int p = precedence(x.kind);
    bool paren = p < outer;
    if (paren) {
        out += '(';
    }
    switch (x.kind) {
    case ExprKind::Symbol:
        out += sym_text(m, static_cast<SymId>(x.a));
        break;
    case ExprKind::Not:
        out += '!';
        append_expr(m, static_cast<ExprId>(x.a), p, out);
        break;
    case ExprKind::And:
    case ExprKind::Or:
        append_expr(m, static_cast<ExprId>(x.a), p, out);
        out += x.kind == ExprKind::And ? " && " : " || ";
        append_expr(m, static_cast<ExprId>(x.b), p, out);
        break;
    default: {
        static constexpr const char* kOps[] = {"=", "!=", "<", "<=", ">", ">="};
        out += sym_text(m, static_cast<SymId>(x.a));
        out += ' ';
        out += kOps[static_cast<int>(x.kind) - static_cast<int>(ExprKind::Equal)];
        out += ' ';
        out += sym_text(m, static_cast<SymId>(x.b));
        break;
    }
    }
    if (paren) {
        out += ')';
    }
}

std::string where(const Model& m, const Location& l) {
    std::string file = l.file < m.files.size() ? m.files[l.file] : "?";
    return file + ":" + std::to_string(l.line);
}

std::string if_clause(const Model& m, ExprId cond) {
    return cond == kNoExpr ? "" : " if " + expr_to_string(m, cond);
}

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

void append_property(const Model& m, const Property& p, std::string& out) {
    switch (p.kind) {
    case PropKind::Prompt:
        out += "    prompt " + quoted(m.menus[p.menu].prompt) + if_clause(m, p.cond) + "\n";
        break;
    case PropKind::Default:
        out += "    default " + expr_to_string(m, p.expr) + if_clause(m, p.cond) + "\n";
        break;
    case PropKind::Select:
        out += "    select " + sym_text(m, p.target) + if_clause(m, p.cond) + "\n";
        break;
    case PropKind::Imply:
        out += "    imply " + sym_text(m, p.target) + if_clause(m, p.cond) + "\n";
        break;
    case PropKind::Range:
        out += "    range " + sym_text(m, p.target) + " " + sym_text(m, p.target2) + if_clause(m, p.cond) + "\n";
        break;
    case PropKind::Choice: {
        const Symbol& cs = m.symbols[p.target];
        std::string label = cs.name;
        for (uint32_t mi : cs.menus) {
            if (m.menus[mi].has_prompt) {
                label = quoted(m.menus[mi].prompt);
                break;
            }
        }
        out += "    value of choice " + (label.empty() ? std::string("<choice>") : label) + "\n";
        break;
    }
    }
}

// The entry that menuconfig would show `id` under. Besides the enclosing menu, the kernel
// (menu_finalize) nests entries under an earlier sibling symbol when they, and every entry
// between, depend on it (`config FOO` followed by `if FOO` or `depends on FOO` entries).
uint32_t shown_parent(const Model& m, uint32_t id) {
    const Menu& menu = m.menus[id];
    const std::vector<uint32_t>& sibs = m.menus[menu.parent].children;
    auto pos = std::find(sibs.begin(), sibs.end(), id);
    for (auto it = pos; it != sibs.begin();) {
        --it;
        SymId cand = m.menus[*it].sym;
        if (cand == kNoSym || m.symbols[cand].is_choice) {
            continue;
        }
        bool all = true;
        for (auto j = it + 1; j != pos + 1 && all; ++j) {
            all = m.exprs.depends_on_symbol(m.menus[*j].dep, cand);
        }
        if (all) {
            return *it;
        }
    }
    return menu.parent;
}

std::string menu_path(const Model& m, uint32_t menu) {
    std::vector<std::string> parts;
    for (uint32_t id = shown_parent(m, menu); id != 0; id = shown_parent(m, id)) {
        const Menu& mm = m.menus[id];
        if (mm.kind != MenuKind::If && mm.has_prompt && !mm.prompt.empty()) {
            parts.push_back(mm.prompt);
        }
    }
    std::string out = m.menus[0].prompt.empty() ? "Main menu" : m.menus[0].prompt;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        out += " > " + *it;
    }
    return out;
}

void append_help(const std::string& help, std::string& out) {
    size_t pos = 0;
    while (pos < help.size()) {
        size_t eol = help.find('\n', pos);
        if (eol == std::string::npos) {
            eol = help.size();
        }
        std::string_view line(help.data() + pos, eol - pos);
        out += line.empty() ? "\n" : "      " + std::string(line) + "\n";
        pos = eol + 1;
    }
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (size_t i = 1; i <= a.size(); ++i) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

std::string unknown(const Model& m, std::string_view name) {
    std::string want = upper(name);
    size_t limit = std::max<size_t>(2, want.size() / 4);
    std::vector<std::pair<size_t, std::string>> close;
    for (SymId s = kSymYes + 1; s < m.symbols.size(); ++s) {
        const Symbol& sym = m.symbols[s];
        if (sym.is_const || sym.is_choice || sym.menus.empty()) {
            continue;
        }
        size_t len = sym.name.size();
        if (len + limit < want.size() || want.size() + limit < len) {
            continue;
        }
        size_t d = edit_distance(want, upper(sym.name));
        if (d <= limit) {
            close.emplace_back(d, sym.name);
        }
    }
    std::sort(close.begin(), close.end());
    std::string out = "unknown symbol '" + std::string(name) + "'";
    size_t n = std::min<size_t>(3, close.size());
    for (size_t i = 0; i < n; ++i) {
        out += i == 0 ? "; did you mean " : i + 1 == n ? " or " : ", ";
        out += close[i].second;
    }
    return n == 0 ? out : out + "?";
}

}  // namespace

std::string expr_to_string(const Model& model, ExprId e) {
    if (e == kNoExpr) {
        return "y";
    }
    std::string out;
    append_expr(model, e, 0, out);
    return out;
}

std::expected<std::string, std::string> show_symbol(const Model& model, std::string_view name) {
    std::string_view bare = name.starts_with("CONFIG_") ? name.substr(7) : name;
    SymId s = model.find(bare);
    if (s == kNoSym || s <= kSymYes) {
        return std::unexpected(unknown(model, bare));
    }
    const Symbol& sym = model.symbols[s];
    std::string out = "config " + sym.name + "\n";
    out += "  type: " + std::string(sym_type_name(sym.type)) + "\n";
    if (sym.menus.empty()) {
        out += "  referenced but never defined\n";
    }
    for (uint32_t mi : sym.menus) {
        const Menu& menu = model.menus[mi];
        out += "  defined at " + where(model, menu.loc) + "\n";
        if (menu.dep != kNoExpr) {
            out += "    depends on " + expr_to_string(model, menu.dep) + "\n";
        }
        for (uint32_t pi : sym.props) {
            if (model.props[pi].menu == mi) {
                append_property(model, model.props[pi], out);
            }
        }
        out += "    menu path: " + menu_path(model, mi) + "\n";
        if (!menu.help.empty()) {
            out += "    help\n";
            append_help(menu.help, out);
        }
    }
    out += "  direct dependency: " + expr_to_string(model, sym.dir_dep) + "\n";
    for (PropKind kind : {PropKind::Select, PropKind::Imply}) {
        std::string lines;
        for (const Property& p : model.props) {
            if (p.kind == kind && p.target == s) {
                SymId from = model.menus[p.menu].sym;
                lines += "    " + (from == kNoSym ? std::string("?") : sym_text(model, from)) + " at " +
                         where(model, p.loc) + if_clause(model, p.cond) + "\n";
            }
        }
        if (!lines.empty()) {
            out += kind == PropKind::Select ? "  selected by:\n" : "  implied by:\n";
            out += lines;
        }
    }
    return out;
}

}  // namespace hw::kconfig
