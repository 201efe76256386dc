#include "needs/plan.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

namespace hw::needs {

namespace {

using resolve::Need;
using resolve::Tristate;

bool is_root_entry(const probe::Device& d) {
    if (d.source != "block" && d.source != "mountinfo") {
        return false;
    }
    std::istringstream points(d.name);
    std::string point;
    while (points >> point) {
        if (point == "/") {
            return true;
        }
    }
    return false;
}

std::string describe(const probe::Device& d) {
    std::string where = !d.slot.empty() ? d.slot : d.sysfs_path;
    std::string out = d.modalias;
    if (!where.empty()) {
        out += " (" + d.bus + " " + where + ")";
    } else if (!d.name.empty() && (d.bus == "fs" || d.bus == "block")) {
        out += " (mounted at " + d.name + ")";
    }
    return out;
}

// USB HID interfaces without a hid device below them: the hid device usbhid would create.
std::vector<probe::Device> derived_hid_devices(const std::vector<probe::Device>& devices) {
    std::set<std::string> hid_parents;
    for (const probe::Device& d : devices) {
        if (d.bus == "hid" && !d.parent.empty()) {
            hid_parents.insert(d.parent);
        }
    }
    std::vector<probe::Device> out;
    std::set<std::string> seen;
    for (const probe::Device& d : devices) {
        auto cls = d.ids.find("bInterfaceClass");
        auto vendor = d.ids.find("vendor");
        auto product = d.ids.find("product");
        if (d.bus != "usb" || cls == d.ids.end() || cls->second != "03" || vendor == d.ids.end() ||
            product == d.ids.end() || (!d.sysfs_path.empty() && hid_parents.contains(d.sysfs_path))) {
            continue;
        }
        std::string v = vendor->second;
        std::string p = product->second;
        std::transform(v.begin(), v.end(), v.begin(), ::toupper);
        std::transform(p.begin(), p.end(), p.begin(), ::toupper);
        probe::Device hid;
        hid.bus = "hid";
        hid.modalias = "hid:b0003g*v0000" + v + "p0000" + p;
        hid.incomplete = true;
        hid.source = "derived";
        hid.parent = d.sysfs_path;
        hid.slot = d.slot;
        hid.name = "HID device behind USB interface " + (d.slot.empty() ? v + ":" + p : d.slot);
        if (seen.insert(hid.modalias).second) {
            out.push_back(std::move(hid));
        }
    }
    return out;
}

// Names in a MODULE_SOFTDEP text: "pre: a b post: c" -> a b c.
std::vector<std::string> softdep_names(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream words{std::string(text)};
    std::string w;
    while (words >> w) {
        if (w != "pre:" && w != "post:") {
            out.push_back(w);
        }
    }
    return out;
}

size_t symbol_count(const Cond& c) { return c.symbols().size(); }

// A condition that needs, in every case, a symbol the tree does not define: an atom at its top
// or in a top-level &&.
bool needs_unknown(const Cond& c, const std::function<bool(std::string_view)>& known) {
    if (!known) {
        return false;
    }
    switch (c.kind()) {
    case Cond::Kind::Enabled:
    case Cond::Kind::Builtin:
    case Cond::Kind::Module:
        return !known(c.symbol());
    case Cond::Kind::And:
        return std::any_of(c.children().begin(), c.children().end(),
                           [&](const Cond& child) { return needs_unknown(child, known); });
    case Cond::Kind::Or:
        return std::all_of(c.children().begin(), c.children().end(),
                           [&](const Cond& child) { return needs_unknown(child, known); });
    default:
        return false;
    }
}

void collect(const Cond& c, bool builtin, const Cond::Lookup& base,
             std::vector<std::pair<std::string, Tristate>>& out) {
    switch (c.kind()) {
    case Cond::Kind::Enabled:
        out.emplace_back(c.symbol(), builtin ? Tristate::Builtin : Tristate::Module);
        return;
    case Cond::Kind::Builtin:
        out.emplace_back(c.symbol(), Tristate::Builtin);
        return;
    case Cond::Kind::Module:
        out.emplace_back(c.symbol(), Tristate::Module);
        return;
    case Cond::Kind::And:
        for (const Cond& child : c.children()) {
            collect(child, builtin, base, out);
        }
        return;
    case Cond::Kind::Or: {
        const Cond* best = nullptr;
        for (const Cond& child : c.children()) {
            if (base && child.evaluate(base, !builtin)) {
                best = &child;
                break;
            }
        }
        if (best == nullptr) {
            for (const Cond& child : c.children()) {
                if (child.kind() != Cond::Kind::False &&
                    (best == nullptr || symbol_count(child) < symbol_count(*best))) {
                    best = &child;
                }
            }
        }
        if (best != nullptr) {
            collect(*best, builtin, base, out);
        }
        return;
    }
    default:  // true, false (reported by the caller), MODULE, negations
        return;
    }
}

class Planner {
public:
    Planner(const Catalog& catalog, const Options& options) : m_catalog(catalog), m_options(options) {}

    Plan run(const std::vector<probe::Device>& devices);

private:
    void use(uint32_t module, const Cond& alias_cond, bool builtin, const std::string& reason, bool soft = false);
    void follow_companions();
    void add_needs();

    const Catalog& m_catalog;
    const Options& m_options;
    Plan m_plan;
    std::map<uint32_t, size_t> m_use;      // module id -> index in m_plan.modules
    std::map<uint32_t, Cond> m_alias_cond;  // module id -> the alias condition chosen for it
};

void Planner::use(uint32_t module, const Cond& alias_cond, bool builtin, const std::string& reason, bool soft) {
    const Module& m = m_catalog.modules()[module];
    bool b = builtin || m_options.policy == Policy::Builtin || !m.modular;
    auto [it, inserted] = m_use.try_emplace(module, m_plan.modules.size());
    if (inserted) {
        m_plan.modules.push_back(ModuleUse{module, b, {}, soft});
        m_alias_cond.emplace(module, alias_cond);
    } else {
        m_plan.modules[it->second].builtin = m_plan.modules[it->second].builtin || b;
        m_plan.modules[it->second].soft = m_plan.modules[it->second].soft && soft;
        // Of several aliases of one module, the one with the weakest condition is enough.
        Cond& have = m_alias_cond[module];
        if (!have.is_true() && (alias_cond.is_true() || symbol_count(alias_cond) < symbol_count(have))) {
            have = alias_cond;
        }
    }
    auto& reasons = m_plan.modules[it->second].reasons;
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
        // What makes it built in is said first: that reason goes with its needs.
        reasons.insert(builtin && !reasons.empty() ? reasons.begin() : reasons.end(), reason);
    }
}

void Planner::follow_companions() {
    // A worklist: companions and softdeps of companions are followed too.
    for (size_t i = 0; i < m_plan.modules.size(); ++i) {
        const uint32_t id = m_plan.modules[i].module;
        const Module& m = m_catalog.modules()[id];
        const bool builtin = m_plan.modules[i].builtin;
        std::vector<std::pair<std::string, std::string>> wanted;  // name, reason
        for (const CompanionRule& rule : m_options.companions) {
            if (rule.module == m.name) {
                wanted.emplace_back(rule.companion, "companion of " + m.name + ": " + rule.reason);
            }
        }
        for (const std::string& text : m.softdeps) {
            for (std::string& name : softdep_names(text)) {
                wanted.emplace_back(name, "softdep of " + m.name + " (MODULE_SOFTDEP \"" + text + "\")");
            }
        }
        for (const auto& [name, reason] : wanted) {
            std::vector<uint32_t> ids = m_catalog.modules_named(name);
            if (!ids.empty()) {
                for (uint32_t c : ids) {
                    use(c, Cond(), builtin, reason, true);
                }
                continue;
            }
            std::vector<uint32_t> aliases = m_catalog.match_name(name);
            if (aliases.empty()) {
                m_plan.notes.push_back(name + ": no module or alias of that name (" + reason + ")");
            }
            for (uint32_t a : aliases) {
                use(m_catalog.aliases()[a].module, m_catalog.aliases()[a].cond, builtin, reason, true);
            }
        }
    }
}

// Modules whose devices another planned module claims all of, and more (an input driver for
// one compatible of a part whose iio driver claims every id): their needs come last, so that
// when two drivers cannot both be built (ADXL345 depends on INPUT_ADXL34X=n) the one serving
// more devices is the one resolved first. Companions and softdeps are never dominated.
std::vector<bool> dominated(const Plan& plan) {
    std::map<uint32_t, std::vector<size_t>> devices_of;  // module id -> device indices
    for (size_t d = 0; d < plan.devices.size(); ++d) {
        for (uint32_t m : plan.devices[d].modules) {
            devices_of[m].push_back(d);
        }
    }
    std::vector<bool> out(plan.modules.size(), false);
    for (size_t i = 0; i < plan.modules.size(); ++i) {
        auto a = devices_of.find(plan.modules[i].module);
        if (a == devices_of.end()) {
            continue;
        }
        for (const auto& [other, devs] : devices_of) {
            if (other != plan.modules[i].module && devs.size() > a->second.size() &&
                std::includes(devs.begin(), devs.end(), a->second.begin(), a->second.end())) {
                out[i] = true;
                break;
            }
        }
    }
    return out;
}

void Planner::add_needs() {
    const std::vector<bool> later = dominated(m_plan);
    std::vector<size_t> order;
    for (int pass = 0; pass < 2; ++pass) {
        for (size_t i = 0; i < m_plan.modules.size(); ++i) {
            if (later[i] == (pass == 1)) {
                order.push_back(i);
            }
        }
    }
    for (size_t i : order) {
        const ModuleUse& u = m_plan.modules[i];
        const Module& m = m_catalog.modules()[u.module];
        const Cond all = and_(m.cond, m_alias_cond[u.module]);
        std::string reason = "module " + m.name + " (" + m.path + ") for " + u.reasons.front();
        if (u.reasons.size() > 1) {
            reason += " and " + std::to_string(u.reasons.size() - 1) + " more";
        }
        if (all.is_false()) {
            m_plan.notes.push_back(m.name + ": its condition can never hold (" + m.path + ")");
            continue;
        }
        for (auto& [symbol, want] : required_symbols(all, u.builtin, m_options.base)) {
            m_plan.needs.push_back(Need{symbol, want, reason});
            m_plan.soft_needs.push_back(u.soft);
        }
    }
}

Plan Planner::run(const std::vector<probe::Device>& devices) {
    std::vector<probe::Device> all = devices;
    for (probe::Device& d : derived_hid_devices(devices)) {
        all.push_back(std::move(d));
    }
    for (size_t i = 0; i < all.size(); ++i) {
        DeviceUse du;
        du.device = all[i];
        du.derived = i >= devices.size();
        du.root = is_root_entry(all[i]);
        const std::string reason = describe(all[i]) + (du.root ? ", under the root file system: built in" : "");
        for (uint32_t a : m_catalog.match_device(all[i])) {
            const Alias& alias = m_catalog.aliases()[a];
            if (needs_unknown(alias.cond, m_options.known) ||
                needs_unknown(m_catalog.modules()[alias.module].cond, m_options.known)) {
                continue;  // not in this kernel (another arch's table entry or module)
            }
            du.modules.push_back(alias.module);
            use(alias.module, alias.cond, du.root, reason);
        }
        if (du.modules.empty() && !all[i].incomplete) {
            // `modprobe NAME` takes a module's own name before any alias: the mount-derived
            // entries name modules ("dm-mod", "dm-crypt", "md-mod").
            for (uint32_t m : m_catalog.modules_named(all[i].modalias)) {
                du.modules.push_back(m);
                use(m, Cond(), du.root, reason);
            }
        }
        std::sort(du.modules.begin(), du.modules.end());
        du.modules.erase(std::unique(du.modules.begin(), du.modules.end()), du.modules.end());
        if (all[i].bus == "cpu") {
            std::string sup = cpu_vendor_symbol(all[i].modalias);
            if (!sup.empty()) {
                m_plan.needs.push_back(Need{sup, Tristate::Builtin, "the CPU's vendor: " + all[i].modalias.substr(0, 32)});
                m_plan.soft_needs.push_back(false);
            }
        }
        m_plan.devices.push_back(std::move(du));
    }
    follow_companions();
    add_needs();
    for (const Need& n : m_options.extra) {
        m_plan.needs.push_back(n);
        m_plan.soft_needs.push_back(false);
    }
    return std::move(m_plan);
}

}  // namespace

std::vector<std::pair<std::string, Tristate>> required_symbols(const Cond& cond, bool builtin,
                                                               const Cond::Lookup& base) {
    std::vector<std::pair<std::string, Tristate>> out;
    collect(cond, builtin, base, out);
    return out;
}

std::string cpu_vendor_symbol(std::string_view m) {
    // arch/x86/include/asm/processor.h X86_VENDOR_*; the CPU_SUP_* options of arch/x86/Kconfig.cpu.
    static const std::map<int, std::string> kVendors{
        {0, "CPU_SUP_INTEL"},         {1, "CPU_SUP_CYRIX_32"}, {2, "CPU_SUP_AMD"},
        {3, "CPU_SUP_UMC_32"},        {5, "CPU_SUP_CENTAUR"},  {7, "CPU_SUP_TRANSMETA_32"},
        {9, "CPU_SUP_HYGON"},         {10, "CPU_SUP_ZHAOXIN"}, {11, "CPU_SUP_VORTEX_32"},
    };
    constexpr std::string_view kPrefix = "cpu:type:x86,ven";
    if (!m.starts_with(kPrefix) || m.size() < kPrefix.size() + 4) {
        return "";
    }
    int vendor = -1;
    auto [p, ec] = std::from_chars(m.data() + kPrefix.size(), m.data() + kPrefix.size() + 4, vendor, 16);
    if (ec != std::errc() || p != m.data() + kPrefix.size() + 4) {
        return "";
    }
    auto it = kVendors.find(vendor);
    return it == kVendors.end() ? "" : it->second;
}

Plan plan(const Catalog& catalog, const std::vector<probe::Device>& devices, const Options& options) {
    return Planner(catalog, options).run(devices);
}

}  // namespace hw::needs
