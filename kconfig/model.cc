#include "kconfig/model.h"

#include <functional>

namespace hw::kconfig {

std::string_view sym_type_name(SymType t) {
    switch (t) {
    case SymType::Bool:
        return "bool";
    case SymType::Tristate:
        return "tristate";
    case SymType::Int:
        return "int";
    case SymType::Hex:
        return "hex";
    case SymType::String:
        return "string";
    case SymType::Unknown:
        break;
    }
    return "unknown";
}

Model::Model() {
    for (const char* n : {"n", "m", "y"}) {
        Symbol s;
        s.name = n;
        s.type = SymType::Tristate;
        s.is_const = true;
        symbols.push_back(std::move(s));
    }
    Menu root;
    root.kind = MenuKind::Root;
    menus.push_back(std::move(root));
}

SymId Model::find(std::string_view name) const {
    auto it = m_by_name.find(std::string(name));
    return it == m_by_name.end() ? kNoSym : it->second;
}

SymId Model::lookup(std::string_view name, bool constant) {
    if (name.size() == 1) {
        switch (name[0]) {
        case 'n':
            return kSymNo;
        case 'm':
            return kSymMod;
        case 'y':
            return kSymYes;
        default:
            break;
        }
    }
    auto& map = constant ? m_consts : m_by_name;
    std::string key(name);
    auto it = map.find(key);
    if (it != map.end()) {
        return it->second;
    }
    Symbol s;
    s.name = key;
    s.is_const = constant;
    symbols.push_back(std::move(s));
    SymId id = static_cast<SymId>(symbols.size() - 1);
    map.emplace(std::move(key), id);
    return id;
}

SymId Model::new_choice(std::string_view name) {
    if (!name.empty()) {
        auto it = m_choices.find(std::string(name));
        if (it != m_choices.end()) {
            return it->second;
        }
    }
    Symbol s;
    s.name = std::string(name);
    s.is_choice = true;
    symbols.push_back(std::move(s));
    SymId id = static_cast<SymId>(symbols.size() - 1);
    if (!name.empty()) {
        m_choices.emplace(std::string(name), id);
    }
    return id;
}

namespace {

class Finalizer {
public:
    explicit Finalizer(Model& m) : m_m(m) {}

    void run() { finalize(0); }

private:
    // `m` in a condition becomes `m && MODULES`, so it is n without module support.
    ExprId rewrite_m(ExprId e) {
        if (e == kNoExpr) {
            return e;
        }
        Expr x = m_m.exprs.at(e);
        switch (x.kind) {
        case ExprKind::Not: {
            ExprId a = rewrite_m(static_cast<ExprId>(x.a));
            return a == x.a ? e : m_m.exprs.unary_not(a);
        }
        case ExprKind::And:
        case ExprKind::Or: {
            ExprId a = rewrite_m(static_cast<ExprId>(x.a));
            ExprId b = rewrite_m(static_cast<ExprId>(x.b));
            if (a == x.a && b == x.b) {
                return e;
            }
            return x.kind == ExprKind::And ? m_m.exprs.and_(a, b) : m_m.exprs.or_(a, b);
        }
        case ExprKind::Symbol:
            if (static_cast<SymId>(x.a) == kSymMod) {
                return m_m.exprs.and_(e, m_m.exprs.symbol(m_m.modules_sym));
            }
            return e;
        default:
            return e;
        }
    }

    void propagate_child(uint32_t child_id, ExprId parentdep) {
        Menu& child = m_m.menus[child_id];
        ExprId basedep = m_m.exprs.and_(parentdep, rewrite_m(child.dep));
        child.dep = basedep;
        if (child.sym == kNoSym) {
            child.prompt_cond = basedep;
            return;
        }
        SymId sym = child.sym;
        for (uint32_t pi : m_m.symbols[sym].props) {
            Property& p = m_m.props[pi];
            if (p.menu != child_id) {
                continue;
            }
            ExprId dep = m_m.exprs.and_(basedep, rewrite_m(p.cond));
            p.cond = dep;
            if (p.kind == PropKind::Select || p.kind == PropKind::Imply) {
                ExprId term = m_m.exprs.and_(m_m.exprs.symbol(sym), dep);
                Symbol& target = m_m.symbols[p.target];
                ExprId& slot = p.kind == PropKind::Select ? target.rev_dep : target.implied;
                slot = m_m.exprs.or_(slot, term);
            }
        }
    }

    void set_choice_types(uint32_t id) {
        Menu& menu = m_m.menus[id];
        Symbol& cs = m_m.symbols[menu.sym];
        if (cs.type == SymType::Unknown) {
            for (uint32_t c : menu.children) {
                SymId s = m_m.menus[c].sym;
                if (s != kNoSym && m_m.symbols[s].type != SymType::Unknown) {
                    cs.type = m_m.symbols[s].type;
                    break;
                }
            }
        }
        for (uint32_t c : menu.children) {
            SymId s = m_m.menus[c].sym;
            if (s != kNoSym && m_m.symbols[s].type == SymType::Unknown) {
                m_m.symbols[s].type = cs.type;
            }
        }
    }

    // Children of a choice that become its values: symbol entries directly inside it or inside
    // `if` blocks in it (the kernel flattens those), in order.
    void collect_choice_entries(uint32_t id, std::vector<uint32_t>& out) {
        for (uint32_t c : m_m.menus[id].children) {
            out.push_back(c);
            if (m_m.menus[c].kind == MenuKind::If) {
                collect_choice_entries(c, out);
            }
        }
    }

    void mark_choice_values(uint32_t id) {
        SymId cs = m_m.menus[id].sym;
        std::vector<uint32_t> entries;
        collect_choice_entries(id, entries);
        for (uint32_t c : entries) {
            Menu& child = m_m.menus[c];
            if (child.sym == kNoSym || m_m.symbols[child.sym].is_choice_value) {
                continue;
            }
            if (m_m.symbols[child.sym].is_choice) {
                continue;
            }
            Symbol& v = m_m.symbols[child.sym];
            v.is_choice_value = true;
            v.choice = cs;
            if (m_m.symbols[cs].type == SymType::Tristate && v.type != SymType::Tristate) {
                ExprId base = m_m.exprs.compare(ExprKind::Equal, cs, kSymYes);
                child.dep = m_m.exprs.and_(base, child.dep);
                for (uint32_t pi : v.props) {
                    Property& p = m_m.props[pi];
                    if (p.menu == c) {
                        p.cond = m_m.exprs.and_(m_m.exprs.compare(ExprKind::Equal, cs, kSymYes), p.cond);
                    }
                }
            }
            Property cp;
            cp.kind = PropKind::Choice;
            cp.target = cs;
            cp.menu = c;
            cp.loc = child.loc;
            m_m.props.push_back(cp);
            v.props.push_back(static_cast<uint32_t>(m_m.props.size() - 1));
            m_m.symbols[cs].choice_values.push_back(child.sym);
        }
    }

    void finalize(uint32_t id) {
        SymId sym = m_m.menus[id].sym;
        bool is_choice = sym != kNoSym && m_m.symbols[sym].is_choice;
        if (!m_m.menus[id].children.empty()) {
            ExprId parentdep;
            if (is_choice) {
                set_choice_types(id);
                parentdep = m_m.exprs.symbol(sym);
            } else {
                parentdep = m_m.menus[id].dep;
            }
            std::vector<uint32_t> children = m_m.menus[id].children;
            for (uint32_t c : children) {
                propagate_child(c, parentdep);
            }
            for (uint32_t c : children) {
                finalize(c);
            }
        } else if (sym != kNoSym) {
            // As in the kernel, a definition without any dependency adds nothing to the ||.
            Symbol& s = m_m.symbols[sym];
            s.dir_dep = m_m.exprs.or_(s.dir_dep, m_m.menus[id].dep);
        }
        if (is_choice) {
            mark_choice_values(id);
        }
        if (sym != kNoSym && is_choice && !m_m.symbols[sym].optional && m_m.menus[id].prompt_prop >= 0) {
            ExprId vis = m_m.props[static_cast<size_t>(m_m.menus[id].prompt_prop)].cond;
            ExprId term = m_m.exprs.and_(vis, m_m.exprs.symbol(kSymMod));
            m_m.symbols[sym].rev_dep = m_m.exprs.or_(m_m.symbols[sym].rev_dep, term);
        }
    }

    Model& m_m;
};

}  // namespace

void finalize_model(Model& model) { Finalizer(model).run(); }

}  // namespace hw::kconfig
