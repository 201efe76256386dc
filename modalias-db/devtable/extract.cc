#include "modalias-db/devtable/extract.h"

#include "modalias-db/cpp/const_eval.h"
#include "modalias-db/devtable/entry.h"
#include "modalias-db/devtable/file2alias.h"
#include "modalias-db/devtable/initializer.h"
#include "modalias-db/devtable/scan.h"

#include <unordered_map>

namespace hw::devtable {

namespace {

// Integer evaluation with the unit's enum constants, resolved lazily (a unit sees thousands of
// enum constants from headers; a table needs a handful).
class UnitEvaluator {
public:
    UnitEvaluator(std::span<const cpp::Token> tokens, const std::vector<EnumConstant>& enums, const Layouts& layouts,
                  const GlobalEnums* globals)
        : m_tokens(tokens), m_enums(enums), m_layouts(layouts), m_globals(globals), m_state(enums.size(), State::Unknown),
          m_values(enums.size(), 0) {
        m_by_name.reserve(enums.size());
        for (uint32_t i = 0; i < enums.size(); ++i) {
            m_by_name.emplace(enums[i].name, i);  // the first definition wins
        }
        m_resolver = [this](std::string_view name) { return constant(name); };
        m_eval = [this](std::span<const cpp::Token> expr) { return evaluate(expr); };
    }

    const EvalFn& fn() const { return m_eval; }

    std::expected<int64_t, std::string> evaluate(std::span<const cpp::Token> expr) const {
        auto v = cpp::eval_const(expr, m_resolver);
        if (!v) {
            return std::unexpected(v.error().message);
        }
        return v->as_signed();
    }

private:
    enum class State : uint8_t { Unknown, Busy, Known, Failed };

    // The unit's own enums first, then the kernel headers' and mod_devicetable.h's (DMI_*,
    // PCI_ID_F_VFIO_DRIVER_OVERRIDE: the preprocessor does not copy <linux/...> headers into
    // the unit).
    std::optional<int64_t> constant(std::string_view name) const {
        auto it = m_by_name.find(name);
        if (it != m_by_name.end()) {
            if (auto v = value(it->second)) {
                return v;
            }
        }
        if (m_globals != nullptr) {
            if (auto v = m_globals->find(name)) {
                return v;
            }
        }
        return m_layouts.constant(name);
    }

    // An implicit constant is the nearest explicit one before it (or 0) plus the distance.
    std::optional<int64_t> value(uint32_t i) const {
        uint32_t base = i;
        int64_t offset = 0;
        while (m_enums[base].expr.empty() && m_enums[base].previous >= 0 && m_state[base] != State::Known) {
            base = static_cast<uint32_t>(m_enums[base].previous);
            ++offset;
        }
        if (m_state[base] == State::Known) {
            return m_values[base] + offset;
        }
        if (m_state[base] == State::Busy || m_state[base] == State::Failed) {
            return std::nullopt;
        }
        int64_t v = 0;
        const EnumConstant& c = m_enums[base];
        if (!c.expr.empty()) {
            m_state[base] = State::Busy;
            auto r = evaluate(m_tokens.subspan(c.expr.begin, c.expr.end - c.expr.begin));
            if (!r) {
                m_state[base] = State::Failed;
                return std::nullopt;
            }
            v = *r;
        }
        m_state[base] = State::Known;
        m_values[base] = v;
        return v + offset;
    }

    std::span<const cpp::Token> m_tokens;
    const std::vector<EnumConstant>& m_enums;
    const Layouts& m_layouts;
    const GlobalEnums* m_globals;
    std::unordered_map<std::string_view, uint32_t> m_by_name;
    mutable std::vector<State> m_state;
    mutable std::vector<int64_t> m_values;
    cpp::IdentResolver m_resolver;
    EvalFn m_eval;
};

class Extractor {
public:
    Extractor(const UnitView& unit, const Layouts& layouts, const GlobalEnums* globals)
        : m_unit(unit), m_layouts(layouts), m_decls(scan(unit.tokens)),
          m_eval(unit.tokens, m_decls.enums, layouts, globals) {
        for (uint32_t i = 0; i < m_decls.arrays.size(); ++i) {
            m_arrays.emplace(m_decls.arrays[i].name, i);
        }
    }

    Extracted run() {
        for (const DeviceTableRef& ref : m_decls.tables) {
            device_table(ref);
        }
        for (const ModuleInfo& info : m_decls.infos) {
            module_info(info);
        }
        return std::move(m_out);
    }

private:
    const cpp::Token& tok(uint32_t i) const { return m_unit.tokens[i]; }

    std::string path_of(const cpp::Token& t) const {
        return t.file < m_unit.files.size() ? m_unit.files[t.file] : std::string();
    }

    Cond cond_of(const cpp::Token& t) const { return t.cond < m_unit.conds.size() ? m_unit.conds[t.cond] : Cond(); }

    void diag(uint32_t at, Severity severity, std::string message) {
        const cpp::Token& t = tok(at);
        m_out.diagnostics.push_back(
            Diagnostic{path_of(t), static_cast<int>(t.line), static_cast<int>(t.col), severity, std::move(message)});
    }

    void device_table(const DeviceTableRef& ref) {
        std::string_view struct_name = devtable_struct(ref.type);
        if (struct_name.empty()) {
            return;  // file2alias makes no aliases for this type
        }
        const StructLayout* layout = m_layouts.find(struct_name);
        if (layout == nullptr) {
            diag(ref.token, Severity::Warning,
                 "struct " + std::string(struct_name) + " is not in mod_devicetable.h; no aliases for '" +
                     std::string(ref.name) + "'");
            return;
        }
        auto [first, last] = m_arrays.equal_range(ref.name);
        if (first == last) {
            diag(ref.token, Severity::Warning,
                 "MODULE_DEVICE_TABLE(" + std::string(ref.type) + ", " + std::string(ref.name) +
                     ") names a table this unit does not define");
            return;
        }
        for (auto it = first; it != last; ++it) {
            table(ref, m_decls.arrays[it->second], *layout);
        }
    }

    void table(const DeviceTableRef& ref, const ArrayDef& def, const StructLayout& layout) {
        if (def.type != layout.name) {
            diag(def.token, Severity::Warning,
                 "'" + std::string(def.name) + "' is an array of struct " + std::string(def.type) +
                     ", not struct " + layout.name + " as MODULE_DEVICE_TABLE(" + std::string(ref.type) +
                     ", ...) needs");
            return;
        }
        std::optional<uint32_t> declared;
        if (!def.size.empty()) {
            auto n = m_eval.evaluate(m_unit.tokens.subspan(def.size.begin, def.size.end - def.size.begin));
            if (!n || *n < 0 || *n > 1'000'000) {
                diag(def.size.begin, Severity::Error,
                     "cannot evaluate the size of '" + std::string(def.name) + "'" + (n ? "" : ": " + n.error()));
                return;
            }
            declared = static_cast<uint32_t>(*n);
        }
        auto init = read_table(m_unit.tokens, def.open, m_layouts, layout, declared, m_eval.fn());
        if (!init) {
            diag(init.error().token, Severity::Error,
                 init.error().message + " (table '" + std::string(def.name) + "')");
            return;
        }
        std::vector<EntryFields> entries;
        entries.reserve(init->entries.size());
        for (const TableEntry& e : init->entries) {
            entries.emplace_back(m_layouts, layout, e.assignments, m_unit.tokens, m_eval.fn());
        }
        std::vector<EntryAliases> results = table_aliases(ref.type, entries);
        Cond base = and_(cond_of(tok(ref.token)), cond_of(tok(def.token)));
        std::unordered_map<uint32_t, Cond> conds;
        for (size_t i = 0; i < results.size(); ++i) {
            uint32_t at = init->entries[i].first_token != UINT32_MAX ? init->entries[i].first_token : def.token;
            const cpp::Token& t = tok(at);
            if (!results[i].error.empty()) {
                diag(at, Severity::Error, results[i].error + " in '" + std::string(def.name) + "' entry " +
                                              std::to_string(i) + "; entry skipped");
                continue;
            }
            if (!results[i].warning.empty()) {
                diag(at, Severity::Warning, results[i].warning + " in '" + std::string(def.name) + "'");
            }
            if (results[i].patterns.empty()) {
                continue;
            }
            auto c = conds.find(t.cond);
            if (c == conds.end()) {
                c = conds.emplace(t.cond, and_(cond_of(t), base)).first;
            }
            std::string path = path_of(t);
            for (std::string& p : results[i].patterns) {
                m_out.aliases.push_back(Alias{std::move(p), std::string(ref.type), c->second, path, static_cast<int>(t.line)});
            }
        }
    }

    void module_info(const ModuleInfo& info) {
        bool is_alias = info.tag == "alias";
        if (!is_alias && info.tag != "firmware" && info.tag != "softdep") {
            return;
        }
        std::string value;
        for (uint32_t i = info.strings.begin; i < info.strings.end; ++i) {
            if (tok(i).kind != cpp::TokKind::String) {
                diag(i, Severity::Warning,
                     "MODULE_INFO(" + std::string(info.tag) + ", ...) is not a string literal: '" +
                         std::string(tok(i).text) + "'");
                return;
            }
            value += cpp::decode_string_literal(tok(i).text);
        }
        const cpp::Token& t = tok(info.token);
        if (is_alias) {
            m_out.aliases.push_back(Alias{std::move(value), "alias", cond_of(t), path_of(t), static_cast<int>(t.line)});
        } else {
            m_out.modinfo.push_back(
                Modinfo{std::string(info.tag), std::move(value), cond_of(t), path_of(t), static_cast<int>(t.line)});
        }
    }

    const UnitView& m_unit;
    const Layouts& m_layouts;
    Declarations m_decls;
    UnitEvaluator m_eval;
    std::unordered_multimap<std::string_view, uint32_t> m_arrays;
    Extracted m_out;
};

}  // namespace

Extracted extract(const UnitView& unit, const Layouts& layouts, const GlobalEnums* globals) {
    return Extractor(unit, layouts, globals).run();
}

}  // namespace hw::devtable
