// hwneeds explain --db FILE SYMBOL [inputs] [--base B] [--profile nixos] [--tristate T]
#include "cli/resolution.h"
#include "kconfig/show.h"

#include <algorithm>
#include <functional>
#include <set>

namespace hw::cli {

namespace {

const std::vector<OptionSpec>& explain_options() {
    static const std::vector<OptionSpec> kOptions = resolution_options({
        {"help", "", "show this help"},
    });
    return kOptions;
}

const resolve::Line* find_line(const Resolution& r, std::string_view symbol) {
    for (const resolve::Line& l : r.result.fragment) {
        if (l.symbol == symbol) {
            return &l;
        }
    }
    return nullptr;
}

std::string line_text(const resolve::Line& l) {
    return l.value == "n" ? "# CONFIG_" + l.symbol + " is not set" : "CONFIG_" + l.symbol + "=" + l.value;
}

// SYMBOL <- what it was written for <- ... down to the needs, as an indented tree.
void print_chain(const Resolution& r, const resolve::Line& l, int depth, std::set<std::string>& seen, Io& io) {
    const std::string indent(2 * static_cast<size_t>(depth) + 2, ' ');
    if (!seen.insert(l.symbol).second) {
        io.out << indent << l.symbol << " (see above)\n";
        return;
    }
    if (l.required_by.empty()) {
        for (const std::string& reason : l.reasons) {
            io.out << indent << l.symbol << " is needed: " << reason << "\n";
        }
        return;
    }
    for (const std::string& parent : l.required_by) {
        io.out << indent << l.symbol << " is a dependency of " << parent << "\n";
        if (const resolve::Line* up = find_line(r, parent)) {
            if (depth < 16) {
                print_chain(r, *up, depth + 1, seen, io);
            }
        } else {
            // A prerequisite without a line of its own (no prompt: reached by default or select).
            for (const resolve::Need& n : r.plan.needs) {
                if (n.symbol == parent) {
                    io.out << indent << "  " << parent << " is needed: " << n.reason << "\n";
                }
            }
        }
    }
}

}  // namespace

int cmd_explain(std::span<const std::string_view> argv, Io& io) {
    auto args = parse_args(argv, explain_options());
    if (!args) {
        io.err << "hwneeds explain: " << args.error() << "\n";
        return kExitUsage;
    }
    if (args->has("help")) {
        io.out << "usage: hwneeds explain --db FILE SYMBOL [inputs] [--base BASE] [--profile nixos]\n"
                  "                       [--tristate prefer-m|builtin]\n\n"
                  "Why SYMBOL (with or without CONFIG_) is in the answer `hwneeds resolve` gives for the\n"
                  "same inputs: device -> modalias -> module -> symbol -> the dependency chain that put\n"
                  "each line there; or why it is not: the value it ends up with, what would need it.\n\n"
                  "options:\n"
               << format_options(explain_options());
        return kExitOk;
    }
    if (!usage_ok(*args, "explain", io)) {
        return kExitUsage;
    }
    if (args->positionals.size() != 1) {
        io.err << "hwneeds explain: give exactly one SYMBOL (see --help)\n";
        return kExitUsage;
    }
    std::string symbol = args->positionals[0];
    if (symbol.starts_with("CONFIG_")) {
        symbol.erase(0, 7);
    }
    auto r = run_resolution(*args, "explain", io);
    if (!r) {
        return kExitFailure;
    }
    const kconfig::SymId s = r->model.find(symbol);
    if (s == kconfig::kNoSym || r->model.symbols[s].type == kconfig::SymType::Unknown) {
        io.err << "hwneeds explain: unknown symbol " << symbol << " (no such config in this tree's Kconfig)\n";
        return kExitFailure;
    }
    const std::string value = r->final_config.value[s];
    const std::string base_value = r->base_config.value[s];
    std::vector<const resolve::Need*> needs;
    for (const resolve::Need& n : r->plan.needs) {
        if (n.symbol == symbol) {
            needs.push_back(&n);
        }
    }
    if (const resolve::Line* l = find_line(*r, symbol)) {
        io.out << line_text(*l) << ": in the fragment (" << r->result.fragment.size() << " lines over "
               << r->base_name << ", where it is " << base_value << ")\n";
        std::set<std::string> seen;
        print_chain(*r, *l, 0, seen, io);
    } else {
        io.out << "CONFIG_" << symbol << "=" << value << ": not in the fragment; ";
        auto skipped = std::find_if(r->skipped.begin(), r->skipped.end(),
                                    [&](const needs::Skipped& k) { return k.symbol == symbol; });
        const bool unreachable = std::any_of(r->result.unreachable.begin(), r->result.unreachable.end(),
                                             [&](const std::string& u) { return u.starts_with(symbol + ":"); });
        if (skipped != r->skipped.end()) {
            io.out << "left out on purpose, " << skipped->why << "\n";
        } else if (unreachable) {
            io.out << "it is needed but cannot be enabled\n";
        } else if (!needs.empty()) {
            io.out << (base_value == value ? r->base_name + " has it already" : "olddefconfig sets it from the other lines")
                   << "\n";
        } else {
            io.out << "no device, module or profile entry needs it"
                   << (base_value == value ? "" : " (olddefconfig gives it this value from the other lines)") << "\n";
        }
    }
    for (const resolve::Need* n : needs) {
        io.out << "  needed (" << (n->want == resolve::Tristate::Builtin ? "y" : n->want == resolve::Tristate::Off ? "n" : "m")
               << "): " << n->reason << "\n";
    }
    for (const std::string& u : r->result.unreachable) {
        if (u.starts_with(symbol + ":")) {
            io.out << "  cannot be enabled: " << u.substr(symbol.size() + 2) << "\n";
        }
    }
    // Who selects it now, and which modules of the index it builds.
    for (kconfig::SymId e = 0; e < r->model.symbols.size(); ++e) {
        for (uint32_t p : r->model.symbols[e].props) {
            const kconfig::Property& prop = r->model.props[p];
            if (prop.kind == kconfig::PropKind::Select && prop.target == s && r->final_config.tri[e] != kconfig::Tri::N) {
                io.out << "  selected by " << r->model.symbols[e].name << "="
                       << kconfig::tri_char(r->final_config.tri[e]);
                if (prop.cond != kconfig::kNoExpr) {
                    io.out << " if " << kconfig::expr_to_string(r->model, prop.cond);
                }
                io.out << "\n";
            }
        }
    }
    std::vector<std::string> built;
    size_t builtin_objects = 0;
    for (const needs::Module& m : r->catalog.modules()) {
        if (m.symbol == symbol && m.modular) {
            built.push_back(m.name + " (" + m.path + ")");
        } else if (m.symbol == symbol) {
            ++builtin_objects;
        }
    }
    if (!built.empty()) {
        io.out << "  builds module" << (built.size() > 1 ? "s" : "") << ":";
        for (const std::string& b : built) {
            io.out << " " << b;
        }
        io.out << "\n";
    }
    if (builtin_objects > 0) {
        io.out << "  builds " << builtin_objects << " built-in object" << (builtin_objects > 1 ? "s" : "") << "\n";
    }
    io.out << "  (dependencies and help: hwneeds kconfig show --db " << *args->get("db") << " " << symbol << ")\n";
    return kExitOk;
}

}  // namespace hw::cli
