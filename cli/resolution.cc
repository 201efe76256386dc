#include "cli/resolution.h"

#include "cli/index_reader.h"
#include "cli/probe_inputs.h"
#include "common/source_tree.h"
#include "kconfig/dotconfig.h"
#include "kconfig/model_io.h"
#include "needs/answer.h"
#include "resolve/companions.h"
#include "resolve/profile.h"

#include <zlib.h>

#include <algorithm>
#include <unordered_map>
#include <filesystem>
#include <array>

#ifndef HWNEEDS_VERSION
#define HWNEEDS_VERSION "unknown"
#endif

namespace hw::cli {

namespace {

constexpr std::array kBases{"tinyconfig", "allnoconfig", "alldefconfig", "defconfig"};

std::expected<std::string, std::string> gunzip(std::string_view data) {
    z_stream z{};
    if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
        return std::unexpected("zlib: cannot start");
    }
    std::string out;
    std::array<char, 1 << 16> buf{};
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buf.data());
        z.avail_out = static_cast<uInt>(buf.size());
        rc = inflate(&z, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&z);
            return std::unexpected(std::string("not a valid gzip file (") + (z.msg ? z.msg : "inflate failed") + ")");
        }
        out.append(buf.data(), buf.size() - z.avail_out);
        if (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            return std::unexpected("truncated gzip file");
        }
    }
    inflateEnd(&z);
    return out;
}

std::optional<std::vector<kconfig::ConfigLine>> fragment_lines(const db::Reader& db, const std::string& path,
                                                               std::string_view cmd, Io& io) {
    auto text = db.kconfig_fragment(path);
    if (!text) {
        io.err << "hwneeds " << cmd << ": the index has no " << path << "\n";
        return std::nullopt;
    }
    return kconfig::read_config_lines(*text);
}

}  // namespace

std::optional<std::vector<kconfig::ConfigLine>> named_base(const std::string& name, const db::Reader& db,
                                                           const kconfig::Model& model,
                                                           const std::map<std::string, std::string>& meta,
                                                           std::string_view cmd, Io& io) {
    const std::string srcarch = meta.contains("srcarch") ? meta.at("srcarch") : "x86";
    const std::string arch = meta.contains("arch") ? meta.at("arch") : "x86_64";
    kconfig::Config config;
    if (name == "allnoconfig") {
        config = kconfig::allnoconfig(model, nullptr);
    } else if (name == "alldefconfig") {
        config = kconfig::alldefconfig(model, nullptr);
    } else if (name == "defconfig") {
        auto lines = fragment_lines(db, "arch/" + srcarch + "/configs/" + arch + "_defconfig", cmd, io);
        if (!lines) {
            return std::nullopt;
        }
        config = kconfig::defconfig(model, *lines);
    } else {
        auto base = fragment_lines(db, "kernel/configs/tiny-base.config", cmd, io);
        auto tiny = fragment_lines(db, "kernel/configs/tiny.config", cmd, io);
        auto arch_tiny = fragment_lines(db, "arch/" + srcarch + "/configs/tiny.config", cmd, io);
        if (!base || !tiny || !arch_tiny) {
            return std::nullopt;
        }
        config = kconfig::tinyconfig(model, *base, {*tiny, *arch_tiny});
    }
    return kconfig::read_config_lines(kconfig::write_dotconfig(model, config));
}

needs::Catalog load_catalog(const db::Reader& db, const kconfig::DotConfig* config) {
    std::vector<needs::Module> modules;
    std::map<std::string, uint32_t, std::less<>> by_path;
    std::unordered_map<int64_t, uint32_t> by_id;
    db.for_each_module([&](const db::ModuleRow& m) {
        if (config != nullptr && !holds(m.cond, *config, m.symbol)) {
            return;
        }
        by_id.emplace(m.id, static_cast<uint32_t>(modules.size()));
        by_path.emplace(m.path, static_cast<uint32_t>(modules.size()));
        modules.push_back(needs::Module{m.name, m.path, m.symbol, m.cond, m.modular, {}});
    });
    db.for_each_modinfo("softdep", [&](std::string_view path, std::string_view value, const Cond&) {
        auto it = by_path.find(path);
        if (it != by_path.end()) {
            modules[it->second].softdeps.emplace_back(value);
        }
    });
    std::vector<needs::Alias> aliases;
    db.for_each_alias_brief([&](int64_t module_id, std::string_view pattern, const Cond& cond) {
        auto it = by_id.find(module_id);
        if (it != by_id.end() && (config == nullptr || holds(cond, *config, modules[it->second].symbol))) {
            aliases.push_back(needs::Alias{std::string(pattern), it->second, cond});
        }
    });
    return needs::Catalog(std::move(modules), std::move(aliases));
}

std::vector<OptionSpec> resolution_options(std::initializer_list<OptionSpec> own) {
    std::vector<OptionSpec> all{
        {"db", "FILE", "index written by `hwneeds index` (required)"},
        {"base", "BASE", "tinyconfig (default), allnoconfig, alldefconfig, defconfig, or a .config file "
                         "(/proc/config.gz works)"},
        {"profile", "NAME", "add what a distribution needs from any kernel: nixos"},
        {"tristate", "MODE", "prefer-m (default: modules where possible; the root file system's stack "
                             "built in) or builtin (everything =y)"},
    };
    all.insert(all.end(), own.begin(), own.end());
    return with_probe_inputs(std::move(all));
}

std::optional<std::vector<kconfig::ConfigLine>> read_base_file(const std::string& path, std::string_view cmd,
                                                               Io& io) {
    auto raw = read_file(path);
    if (!raw) {
        io.err << "hwneeds " << cmd << ": " << path << ": " << raw.error().message << "\n";
        return std::nullopt;
    }
    std::string text = std::move(*raw);
    if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0x1f && static_cast<unsigned char>(text[1]) == 0x8b) {
        auto plain = gunzip(text);
        if (!plain) {
            io.err << "hwneeds " << cmd << ": " << path << ": " << plain.error() << "\n";
            return std::nullopt;
        }
        text = std::move(*plain);
    }
    auto checked = kconfig::parse_dotconfig(text, path);
    if (!checked) {
        for (const Diagnostic& d : checked.error()) {
            io.err << d.format() << "\n";
        }
        io.err << "hwneeds " << cmd << ": " << path << ": not a .config (see the lines above)\n";
        return std::nullopt;
    }
    if (checked->lines.empty()) {
        io.err << "hwneeds " << cmd << ": " << path << ": not a .config: it sets no CONFIG_ symbol\n";
        return std::nullopt;
    }
    return std::move(checked->lines);
}

needs::Report Resolution::report(std::string_view tristate) const {
    needs::Report r;
    r.index_meta = meta;
    r.generator = std::string("hwneeds ") + HWNEEDS_VERSION;
    r.base = base_name;
    r.tristate = tristate;
    r.profiles = profiles;
    r.catalog = &catalog;
    r.plan = &plan;
    r.result = &result;
    r.skipped = &skipped;
    return r;
}

bool usage_ok(const Args& args, std::string_view cmd, Io& io) {
    const std::string tristate = args.get("tristate").value_or("prefer-m");
    if (tristate != "prefer-m" && tristate != "builtin") {
        io.err << "hwneeds " << cmd << ": --tristate is prefer-m or builtin, not '" << tristate << "'\n";
        return false;
    }
    if (!args.has("db")) {
        io.err << "hwneeds " << cmd << ": --db FILE is required (see --help)\n";
        return false;
    }
    return true;
}

std::optional<Resolution> run_resolution(const Args& args, std::string_view cmd, Io& io) {
    const std::string tristate = args.get("tristate").value_or("prefer-m");
    if (tristate != "prefer-m" && tristate != "builtin") {
        io.err << "hwneeds " << cmd << ": --tristate is prefer-m or builtin, not '" << tristate << "'\n";
        return std::nullopt;
    }
    if (!args.has("db")) {
        io.err << "hwneeds " << cmd << ": --db FILE is required (see --help)\n";
        return std::nullopt;
    }
    Resolution r;
    std::optional<resolve::Profile> profile;
    if (auto name = args.get("profile")) {
        auto text = resolve::builtin_profile(*name);
        if (!text) {
            io.err << "hwneeds " << cmd << ": unknown profile '" << *name << "' (known:";
            for (const std::string& n : resolve::builtin_profile_names()) {
                io.err << " " << n;
            }
            io.err << ")\n";
            return std::nullopt;
        }
        auto parsed = resolve::parse_profile(text->first, text->second, *name);
        if (!parsed) {
            io.err << parsed.error().format() << "\n";
            return std::nullopt;
        }
        profile = std::move(*parsed);
        r.profiles.push_back(*name);
    }
    auto reader = open_index(*args.get("db"), cmd, io);
    if (!reader) {
        return std::nullopt;
    }
    r.meta = reader->meta();
    auto stored = reader->kconfig_model();
    if (!stored) {
        io.err << "hwneeds " << cmd << ": " << stored.error().message << "\n";
        return std::nullopt;
    }
    auto model = kconfig::deserialize_model(stored->data);
    if (!model) {
        io.err << "hwneeds " << cmd << ": " << *args.get("db") << ": " << model.error() << "\n";
        return std::nullopt;
    }
    r.model = std::move(*model);

    r.base_name = args.get("base").value_or("tinyconfig");
    std::optional<std::vector<kconfig::ConfigLine>> base;
    if (std::find(kBases.begin(), kBases.end(), r.base_name) != kBases.end()) {
        base = named_base(r.base_name, *reader, r.model, r.meta, cmd, io);
    } else if (r.base_name.find('/') == std::string::npos && !std::filesystem::exists(r.base_name)) {
        io.err << "hwneeds " << cmd << ": --base '" << r.base_name << "' is neither a base name (";
        for (size_t i = 0; i < kBases.size(); ++i) {
            io.err << (i == 0 ? "" : ", ") << kBases[i];
        }
        io.err << ") nor a file\n";
        return std::nullopt;
    } else {
        base = read_base_file(r.base_name, cmd, io);
    }
    if (!base) {
        return std::nullopt;
    }
    r.base = std::move(*base);
    r.base_config = kconfig::olddefconfig(r.model, r.base);

    auto devices = collect_devices(args, cmd, io);
    if (!devices) {
        return std::nullopt;
    }
    r.probe = std::move(*devices);
    r.catalog = load_catalog(*reader);
    if (auto bad = reader->read_error()) {
        io.err << "hwneeds " << cmd << ": " << bad->message << "\n";
        return std::nullopt;
    }

    needs::Options options;
    options.policy = tristate == "builtin" ? needs::Policy::Builtin : needs::Policy::PreferModule;
    auto companions = resolve::parse_companions(resolve::builtin_companions_text(), resolve::builtin_companions_path());
    if (!companions) {
        io.err << companions.error().format() << "\n";
        return std::nullopt;
    }
    for (const resolve::Companion& c : *companions) {
        options.companions.push_back({c.module, c.companion, c.reason});
    }
    if (profile) {
        const std::string version = r.meta.contains("kernel_version") ? r.meta.at("kernel_version") : "";
        for (const resolve::ProfileEntry& e : profile->entries) {
            if (!resolve::applies(e, version)) {
                continue;
            }
            resolve::Tristate want = e.value == 'n'   ? resolve::Tristate::Off
                                     : e.value == 'y' || options.policy == needs::Policy::Builtin
                                         ? resolve::Tristate::Builtin
                                         : resolve::Tristate::Module;
            options.extra.push_back(resolve::Need{e.symbol, want, profile->name + " profile: " + e.reason});
        }
    }
    const kconfig::Config& bc = r.base_config;
    const kconfig::Model& m = r.model;
    options.known = [&m](std::string_view symbol) {
        kconfig::SymId s = m.find(symbol);
        return s != kconfig::kNoSym && m.symbols[s].type != kconfig::SymType::Unknown;
    };
    options.base = [&bc, &m](std::string_view symbol) {
        kconfig::SymId s = m.find(symbol);
        return s == kconfig::kNoSym ? 'n' : kconfig::tri_char(bc.tri[s]);
    };
    auto a = needs::answer(r.catalog, r.model, r.base, &r.base_config, r.probe.devices, options);
    if (!a) {
        io.err << "hwneeds " << cmd << ": " << a.error() << "\n";
        return std::nullopt;
    }
    r.plan = std::move(a->plan);
    r.result = std::move(a->result);
    r.final_config = std::move(a->final_config);
    r.problems = std::move(a->problems);
    r.skipped = std::move(a->skipped);
    return r;
}

}  // namespace hw::cli
