#include "kconfig/parser.h"

#include "kconfig/lexer.h"

#include <memory>

namespace hw::kconfig {

namespace {

struct Block {
    uint32_t menu;
    MenuKind kind;
    uint32_t file;
};

class Parser {
public:
    Parser(const FileReader& read, const Environment& env, ShellRunner& shell)
        : m_read(read), m_pp(env, shell) {}

    ParseResult run(std::string_view top) {
        parse_file(top, nullptr);
        for (auto it = m_blocks.rbegin(); it != m_blocks.rend(); ++it) {
            const Menu& m = m_r.model.menus[it->menu];
            error_at(m_r.model.files[m.loc.file], m.loc.line, 0,
                     std::string("unterminated '") + block_word(it->kind) + "' block");
        }
        for (auto& d : m_pp.diagnostics()) {
            m_r.diagnostics.push_back(d);
        }
        m_r.messages = m_pp.messages();
        finalize_model(m_r.model);
        return std::move(m_r);
    }

private:
    static const char* block_word(MenuKind k) {
        switch (k) {
        case MenuKind::Choice:
            return "choice";
        case MenuKind::If:
            return "if";
        default:
            return "menu";
        }
    }

    void error_at(std::string_view path, int line, int col, std::string msg,
                  Severity sev = Severity::Error) {
        m_r.diagnostics.push_back({std::string(path), line, col, sev, std::move(msg)});
    }
    void error(const Token& t, std::string msg, Severity sev = Severity::Error) {
        error_at(m_lex->path(), t.line, t.col, std::move(msg), sev);
    }

    void parse_file(std::string_view path, const Token* from) {
        for (const auto& c : m_chain) {
            if (c == path) {
                error(*from, "recursive inclusion of '" + std::string(path) + "'");
                return;
            }
        }
        auto text = m_read(path);
        if (!text) {
            if (from != nullptr) {
                error(*from, "can't open file \"" + std::string(path) + "\"");
            } else {
                error_at(path, 0, 0, "can't open file \"" + std::string(path) + "\"");
            }
            return;
        }
        m_r.model.files.emplace_back(path);
        uint32_t file_index = static_cast<uint32_t>(m_r.model.files.size() - 1);
        m_chain.emplace_back(path);
        Lexer lexer(*text, m_r.model.files.back(), m_pp, m_r.diagnostics);
        Lexer* saved_lex = m_lex;
        Token saved_tok = std::move(m_tok);
        uint32_t saved_file = m_file;
        m_lex = &lexer;
        m_file = file_index;
        advance();
        while (m_tok.kind != Tok::Eof) {
            statement();
        }
        m_lex = saved_lex;
        m_tok = std::move(saved_tok);
        m_file = saved_file;
        m_chain.pop_back();
    }

    void advance() { m_tok = m_lex->next(); }

    // Skips to the end of the current statement after an error.
    void recover() {
        while (m_tok.kind != Tok::Eol && m_tok.kind != Tok::Eof) {
            advance();
        }
        if (m_tok.kind == Tok::Eol) {
            advance();
        }
    }

    bool expect(Tok kind, std::string_view what) {
        if (m_tok.kind == kind) {
            return true;
        }
        error(m_tok, "expected " + std::string(what) + ", got " + describe(m_tok));
        recover();
        return false;
    }

    static std::string describe(const Token& t) {
        if (t.kind == Tok::Word) {
            return "'" + t.text + "'";
        }
        if (t.kind == Tok::String) {
            return "string \"" + t.text + "\"";
        }
        if (t.kind >= Tok::Bool && t.kind <= Tok::Visible) {
            return "'" + t.text + "'";
        }
        return std::string(tok_name(t.kind));
    }

    bool end_of_statement() {
        if (m_tok.kind == Tok::Eol || m_tok.kind == Tok::Eof) {
            if (m_tok.kind == Tok::Eol) {
                advance();
            }
            return true;
        }
        error(m_tok, "unexpected " + describe(m_tok) + " at end of statement");
        recover();
        return false;
    }

    uint32_t current_parent() const { return m_blocks.empty() ? 0 : m_blocks.back().menu; }

    uint32_t add_menu(MenuKind kind, SymId sym, const Token& at) {
        Menu m;
        m.kind = kind;
        m.sym = sym;
        m.parent = current_parent();
        m.loc = {m_file, at.line};
        auto& menus = m_r.model.menus;
        menus.push_back(std::move(m));
        uint32_t id = static_cast<uint32_t>(menus.size() - 1);
        menus[menus[id].parent].children.push_back(id);
        if (sym != kNoSym) {
            m_r.model.symbols[sym].menus.push_back(id);
        }
        return id;
    }

    uint32_t add_prop(uint32_t menu, PropKind kind, const Token& at) {
        Property p;
        p.kind = kind;
        p.menu = menu;
        p.loc = {m_file, at.line};
        m_r.model.props.push_back(p);
        uint32_t id = static_cast<uint32_t>(m_r.model.props.size() - 1);
        SymId sym = m_r.model.menus[menu].sym;
        if (sym != kNoSym) {
            m_r.model.symbols[sym].props.push_back(id);
        }
        return id;
    }

    void set_type(uint32_t menu, SymType type, const Token& at) {
        Symbol& s = m_r.model.symbols[m_r.model.menus[menu].sym];
        if (s.type == type) {
            return;
        }
        if (s.type == SymType::Unknown) {
            s.type = type;
            return;
        }
        error(at, "ignoring type redefinition of '" + (s.name.empty() ? std::string("<choice>") : s.name) +
                      "' from '" + std::string(sym_type_name(s.type)) + "' to '" +
                      std::string(sym_type_name(type)) + "'",
              Severity::Warning);
    }

    void add_prompt(uint32_t menu, std::string text, ExprId cond, const Token& at) {
        Menu& m = m_r.model.menus[menu];
        size_t lead = 0;
        while (lead < text.size() && (text[lead] == ' ' || text[lead] == '\t')) {
            ++lead;
        }
        text.erase(0, lead);
        if (m.sym != kNoSym) {
            // Prompts of symbols are hidden by every enclosing menu's `visible if`.
            for (uint32_t p = m.parent;; p = m_r.model.menus[p].parent) {
                const Menu& pm = m_r.model.menus[p];
                if (pm.visibility != kNoExpr) {
                    cond = m_r.model.exprs.and_(cond, pm.visibility);
                }
                if (p == 0) {
                    break;
                }
            }
            uint32_t pid = add_prop(menu, PropKind::Prompt, at);
            m_r.model.props[pid].cond = cond;
            m_r.model.menus[menu].prompt_prop = static_cast<int>(pid);
        }
        Menu& mm = m_r.model.menus[menu];
        if (mm.has_prompt) {
            error(at, "prompt redefined", Severity::Warning);
        }
        mm.has_prompt = true;
        mm.prompt = std::move(text);
    }

    // ---- expressions ----
    SymId symbol_operand() {
        if (m_tok.kind == Tok::Word) {
            SymId s = m_r.model.lookup(m_tok.text, false);
            advance();
            return s;
        }
        if (m_tok.kind == Tok::String) {
            SymId s = m_r.model.lookup(m_tok.text, true);
            advance();
            return s;
        }
        error(m_tok, "expected a symbol, got " + describe(m_tok));
        return kNoSym;
    }

    ExprId primary(bool& ok) {
        if (m_tok.kind == Tok::Not) {
            advance();
            ExprId e = primary(ok);
            return ok ? m_r.model.exprs.unary_not(e) : kNoExpr;
        }
        if (m_tok.kind == Tok::OpenParen) {
            advance();
            ExprId e = or_expr(ok);
            if (!ok) {
                return kNoExpr;
            }
            if (m_tok.kind != Tok::CloseParen) {
                error(m_tok, "expected ')', got " + describe(m_tok));
                ok = false;
                return kNoExpr;
            }
            advance();
            return e;
        }
        SymId l = symbol_operand();
        if (l == kNoSym) {
            ok = false;
            return kNoExpr;
        }
        ExprKind kind;
        switch (m_tok.kind) {
        case Tok::Equal:
            kind = ExprKind::Equal;
            break;
        case Tok::Unequal:
            kind = ExprKind::Unequal;
            break;
        case Tok::Less:
            kind = ExprKind::Less;
            break;
        case Tok::LessEqual:
            kind = ExprKind::LessEqual;
            break;
        case Tok::Greater:
            kind = ExprKind::Greater;
            break;
        case Tok::GreaterEqual:
            kind = ExprKind::GreaterEqual;
            break;
        default:
            return m_r.model.exprs.symbol(l);
        }
        advance();
        SymId r = symbol_operand();
        if (r == kNoSym) {
            ok = false;
            return kNoExpr;
        }
        return m_r.model.exprs.compare(kind, l, r);
    }

    ExprId and_expr(bool& ok) {
        ExprId e = primary(ok);
        while (ok && m_tok.kind == Tok::And) {
            advance();
            ExprId r = primary(ok);
            e = m_r.model.exprs.and_(e, r);
        }
        return e;
    }

    ExprId or_expr(bool& ok) {
        ExprId e = and_expr(ok);
        while (ok && m_tok.kind == Tok::Or) {
            advance();
            ExprId r = and_expr(ok);
            e = m_r.model.exprs.or_(e, r);
        }
        return e;
    }

    // Parses an expression; on error reports, skips the statement and returns false.
    bool expression(ExprId& out) {
        bool ok = true;
        out = or_expr(ok);
        if (!ok) {
            recover();
        }
        return ok;
    }

    // Optional `if <expr>`.
    bool if_expr(ExprId& out) {
        out = kNoExpr;
        if (m_tok.kind != Tok::If) {
            return true;
        }
        advance();
        return expression(out);
    }

    // ---- statements ----
    void statement() {
        Token first = m_tok;
        switch (first.kind) {
        case Tok::MainMenu:
            advance();
            if (expect(Tok::String, "a quoted prompt")) {
                m_r.model.menus[0].prompt = m_tok.text;
                m_r.model.menus[0].has_prompt = true;
                advance();
                end_of_statement();
            }
            return;
        case Tok::Word:
            assignment();
            return;
        case Tok::Config:
        case Tok::MenuConfig:
            config_entry(first.kind == Tok::MenuConfig);
            return;
        case Tok::Choice:
            choice_entry();
            return;
        case Tok::EndChoice:
        case Tok::EndIf:
        case Tok::EndMenu:
            end_block();
            return;
        case Tok::Comment:
            comment_entry();
            return;
        case Tok::If:
            if_entry();
            return;
        case Tok::Menu:
            menu_entry();
            return;
        case Tok::Source:
            source();
            return;
        default:
            error(first, "invalid statement: unexpected " + describe(first));
            recover();
            return;
        }
    }

    void assignment() {
        Token name = m_tok;
        advance();
        Flavor flavor;
        switch (m_tok.kind) {
        case Tok::Equal:
            flavor = Flavor::Recursive;
            break;
        case Tok::ColonEqual:
            flavor = Flavor::Simple;
            break;
        case Tok::PlusEqual:
            flavor = Flavor::Append;
            break;
        default:
            error(name, "unknown statement \"" + name.text + "\"");
            recover();
            return;
        }
        advance();
        std::string value;
        if (m_tok.kind == Tok::AssignValue) {
            value = m_tok.text;
            advance();
        }
        m_pp.set_location(m_lex->path(), name.line);
        m_pp.add_variable(name.text, value, flavor);
        end_of_statement();
    }

    void source() {
        Token at = m_tok;
        advance();
        if (!expect(Tok::String, "a quoted file name")) {
            return;
        }
        std::string path = m_tok.text;
        advance();
        if (m_tok.kind != Tok::Eol && m_tok.kind != Tok::Eof) {
            error(m_tok, "unexpected " + describe(m_tok) + " at end of statement");
            recover();
            return;
        }
        // The sourced file is read before the next line of this one is lexed, so variables
        // it defines are visible there.
        parse_file(path, &at);
        advance();
    }

    void end_block() {
        Token at = m_tok;
        const char* word = at.kind == Tok::EndChoice ? "choice" : at.kind == Tok::EndIf ? "if" : "menu";
        advance();
        if (!end_of_statement()) {
            return;
        }
        if (m_blocks.empty()) {
            error(at, std::string("unexpected '") + at.text + "' outside any block");
            return;
        }
        const Block& b = m_blocks.back();
        if (std::string_view(block_word(b.kind)) != word) {
            error(at, std::string("unexpected '") + at.text + "' within " + block_word(b.kind) + " block");
            return;
        }
        if (b.file != m_file) {
            error(at, std::string("'") + at.text + "' in different file than '" + block_word(b.kind) + "'");
            return;
        }
        m_blocks.pop_back();
    }

    bool depends_option(uint32_t menu) {
        Token at = m_tok;
        advance();
        if (!expect(Tok::On, "'on'")) {
            return true;
        }
        advance();
        ExprId e;
        if (!expression(e)) {
            return true;
        }
        if (end_of_statement()) {
            Menu& m = m_r.model.menus[menu];
            m.dep = m_r.model.exprs.and_(m.dep, e);
        }
        (void)at;
        return true;
    }

    void help_option(uint32_t menu) {
        advance();
        if (m_tok.kind != Tok::Eol) {
            error(m_tok, "unexpected " + describe(m_tok) + " after 'help'");
            recover();
        }
        // The help block starts on the next line: take it before the lexer sees it.
        m_r.model.menus[menu].help = m_lex->read_help();
        advance();
    }

    static SymType type_of(Tok t) {
        switch (t) {
        case Tok::Bool:
        case Tok::DefBool:
            return SymType::Bool;
        case Tok::Tristate:
        case Tok::DefTristate:
            return SymType::Tristate;
        case Tok::Int:
            return SymType::Int;
        case Tok::Hex:
            return SymType::Hex;
        case Tok::StringType:
            return SymType::String;
        default:
            return SymType::Unknown;
        }
    }

    // `<type> ["prompt" [if expr]]`
    void type_option(uint32_t menu) {
        Token at = m_tok;
        SymType type = type_of(at.kind);
        advance();
        if (m_tok.kind == Tok::String) {
            std::string text = m_tok.text;
            advance();
            ExprId cond;
            if (!if_expr(cond)) {
                return;
            }
            if (!end_of_statement()) {
                return;
            }
            set_type(menu, type, at);
            add_prompt(menu, std::move(text), cond, at);
            return;
        }
        if (end_of_statement()) {
            set_type(menu, type, at);
        }
    }

    void prompt_option(uint32_t menu) {
        Token at = m_tok;
        advance();
        if (!expect(Tok::String, "a quoted prompt")) {
            return;
        }
        std::string text = m_tok.text;
        advance();
        ExprId cond;
        if (!if_expr(cond) || !end_of_statement()) {
            return;
        }
        add_prompt(menu, std::move(text), cond, at);
    }

    void config_entry(bool menuconfig) {
        Token at = m_tok;
        advance();
        if (m_tok.kind != Tok::Word) {
            error(m_tok, std::string("expected a symbol name after '") + at.text + "', got " + describe(m_tok));
            recover();
            return;
        }
        SymId sym = m_r.model.lookup(m_tok.text, false);
        advance();
        if (!end_of_statement()) {
            return;
        }
        uint32_t menu = add_menu(menuconfig ? MenuKind::MenuConfig : MenuKind::Config, sym, at);
        for (;;) {
            Token opt = m_tok;
            switch (opt.kind) {
            case Tok::Bool:
            case Tok::Tristate:
            case Tok::Int:
            case Tok::Hex:
            case Tok::StringType:
                type_option(menu);
                continue;
            case Tok::Prompt:
                prompt_option(menu);
                continue;
            case Tok::Default:
            case Tok::DefBool:
            case Tok::DefTristate: {
                advance();
                ExprId value;
                ExprId cond;
                if (!expression(value) || !if_expr(cond) || !end_of_statement()) {
                    continue;
                }
                uint32_t p = add_prop(menu, PropKind::Default, opt);
                m_r.model.props[p].expr = value;
                m_r.model.props[p].cond = cond;
                if (opt.kind != Tok::Default) {
                    set_type(menu, type_of(opt.kind), opt);
                }
                continue;
            }
            case Tok::Select:
            case Tok::Imply: {
                advance();
                if (m_tok.kind != Tok::Word) {
                    error(m_tok, std::string("expected a symbol name after '") + opt.text + "', got " +
                                     describe(m_tok));
                    recover();
                    continue;
                }
                SymId target = m_r.model.lookup(m_tok.text, false);
                advance();
                ExprId cond;
                if (!if_expr(cond) || !end_of_statement()) {
                    continue;
                }
                uint32_t p = add_prop(menu, opt.kind == Tok::Select ? PropKind::Select : PropKind::Imply, opt);
                m_r.model.props[p].target = target;
                m_r.model.props[p].cond = cond;
                continue;
            }
            case Tok::Range: {
                advance();
                SymId lo = symbol_operand();
                SymId hi = lo == kNoSym ? kNoSym : symbol_operand();
                if (hi == kNoSym) {
                    recover();
                    continue;
                }
                ExprId cond;
                if (!if_expr(cond) || !end_of_statement()) {
                    continue;
                }
                uint32_t p = add_prop(menu, PropKind::Range, opt);
                m_r.model.props[p].target = lo;
                m_r.model.props[p].target2 = hi;
                m_r.model.props[p].cond = cond;
                continue;
            }
            case Tok::Modules:
                advance();
                if (end_of_statement()) {
                    if (m_r.model.modules_sym != kSymNo) {
                        error(opt, "symbol '" + m_r.model.symbols[sym].name +
                                       "' redefines option 'modules' already defined by symbol '" +
                                       m_r.model.symbols[m_r.model.modules_sym].name + "'");
                    } else {
                        m_r.model.modules_sym = sym;
                    }
                }
                continue;
            case Tok::Depends:
                depends_option(menu);
                continue;
            case Tok::Help:
                help_option(menu);
                continue;
            default:
                break;
            }
            break;
        }
        if (menuconfig && !m_r.model.menus[menu].has_prompt) {
            error(at, "menuconfig statement without prompt", Severity::Warning);
        }
    }

    void choice_entry() {
        Token at = m_tok;
        advance();
        std::string name;
        if (m_tok.kind == Tok::Word) {
            name = m_tok.text;
            advance();
        }
        if (!end_of_statement()) {
            return;
        }
        SymId sym = m_r.model.new_choice(name);
        uint32_t menu = add_menu(MenuKind::Choice, sym, at);
        for (;;) {
            Token opt = m_tok;
            switch (opt.kind) {
            case Tok::Prompt:
                prompt_option(menu);
                continue;
            case Tok::Bool:
            case Tok::Tristate:
                type_option(menu);
                continue;
            case Tok::Optional:
                advance();
                if (end_of_statement()) {
                    m_r.model.symbols[sym].optional = true;
                }
                continue;
            case Tok::Default: {
                advance();
                if (m_tok.kind != Tok::Word) {
                    error(m_tok, "expected a symbol name after 'default', got " + describe(m_tok));
                    recover();
                    continue;
                }
                SymId target = m_r.model.lookup(m_tok.text, false);
                advance();
                ExprId cond;
                if (!if_expr(cond) || !end_of_statement()) {
                    continue;
                }
                uint32_t p = add_prop(menu, PropKind::Default, opt);
                m_r.model.props[p].expr = m_r.model.exprs.symbol(target);
                m_r.model.props[p].cond = cond;
                continue;
            }
            case Tok::Depends:
                depends_option(menu);
                continue;
            case Tok::Help:
                help_option(menu);
                continue;
            default:
                break;
            }
            break;
        }
        m_blocks.push_back({menu, MenuKind::Choice, m_file});
    }

    void comment_entry() {
        Token at = m_tok;
        advance();
        if (!expect(Tok::String, "a quoted comment")) {
            return;
        }
        std::string text = m_tok.text;
        advance();
        if (!end_of_statement()) {
            return;
        }
        uint32_t menu = add_menu(MenuKind::Comment, kNoSym, at);
        add_prompt(menu, std::move(text), kNoExpr, at);
        while (m_tok.kind == Tok::Depends) {
            depends_option(menu);
        }
    }

    void if_entry() {
        Token at = m_tok;
        advance();
        ExprId e;
        if (!expression(e) || !end_of_statement()) {
            // Keep block structure so that the matching endif still pairs up.
            e = kNoExpr;
        }
        uint32_t menu = add_menu(MenuKind::If, kNoSym, at);
        m_r.model.menus[menu].dep = e;
        m_blocks.push_back({menu, MenuKind::If, m_file});
    }

    void menu_entry() {
        Token at = m_tok;
        advance();
        std::string text;
        if (m_tok.kind == Tok::String) {
            text = m_tok.text;
            advance();
            end_of_statement();
        } else {
            error(m_tok, "expected a quoted prompt, got " + describe(m_tok));
            recover();
        }
        uint32_t menu = add_menu(MenuKind::Menu, kNoSym, at);
        add_prompt(menu, std::move(text), kNoExpr, at);
        for (;;) {
            if (m_tok.kind == Tok::Depends) {
                depends_option(menu);
                continue;
            }
            if (m_tok.kind == Tok::Visible) {
                advance();
                ExprId cond;
                if (if_expr(cond) && end_of_statement()) {
                    Menu& m = m_r.model.menus[menu];
                    m.visibility = m_r.model.exprs.and_(m.visibility, cond);
                }
                continue;
            }
            break;
        }
        m_blocks.push_back({menu, MenuKind::Menu, m_file});
    }

    const FileReader& m_read;
    Preprocessor m_pp;
    ParseResult m_r;
    Lexer* m_lex = nullptr;
    Token m_tok;
    uint32_t m_file = 0;
    std::vector<Block> m_blocks;
    std::vector<std::string> m_chain;  // files being parsed, outermost first
};

}  // namespace

bool ParseResult::ok() const {
    for (const auto& d : diagnostics) {
        if (d.severity == Severity::Error) {
            return false;
        }
    }
    return true;
}

ParseResult parse_kconfig(const FileReader& read, std::string_view top_file, const Environment& env,
                          ShellRunner& shell) {
    return Parser(read, env, shell).run(top_file);
}

std::expected<Model, Diagnostics> parse_tree(const hw::SourceTree& tree, std::string_view srcarch,
                                             const Environment& env, ShellRunner& shell) {
    Environment e = env;
    if (!e.vars.contains("SRCARCH")) {
        e.vars.emplace("SRCARCH", std::string(srcarch));
    }
    FileReader reader = [&tree](std::string_view path) -> std::optional<std::string_view> {
        auto r = tree.read(path);
        if (!r) {
            return std::nullopt;
        }
        return *r;
    };
    ParseResult r = parse_kconfig(reader, "Kconfig", e, shell);
    if (!r.ok()) {
        return std::unexpected(std::move(r.diagnostics));
    }
    return std::move(r.model);
}

}  // namespace hw::kconfig
