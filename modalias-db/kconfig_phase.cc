#include "modalias-db/kconfig_phase.h"

#include "kconfig/model_io.h"
#include "kconfig/parser.h"
#include "kconfig/preprocess.h"
#include "kconfig/toolchain.h"

#include <cctype>
#include <chrono>

namespace hw::index {

namespace {

// The fragments `make defconfig`/`make tinyconfig` and friends read: arch/<srcarch>/configs/*
// and kernel/configs/*.config.
void collect_fragments(const SourceTree& tree, std::string_view srcarch, KconfigIndex& out) {
    std::string arch_dir = "arch/" + std::string(srcarch) + "/configs";
    for (const std::string& dir : {arch_dir, std::string("kernel/configs")}) {
        for (const std::string& name : tree.list(dir)) {
            std::string path = dir + "/" + name;
            if (dir == "kernel/configs" && !name.ends_with(".config")) {
                continue;
            }
            auto text = tree.read_shared(path);
            if (text) {
                out.fragments.emplace_back(path, **text);
            }
        }
    }
}

}  // namespace

KconfigIndex build_kconfig_index(const SourceTree& tree, std::string_view arch, std::string_view srcarch,
                                 std::string_view kernel_version) {
    KconfigIndex out;
    auto start = std::chrono::steady_clock::now();
    collect_fragments(tree, srcarch, out);
    auto env = kconfig::kconfig_environment(tree, arch, srcarch, kconfig::ToolchainOptions{},
                                            std::string(kernel_version));
    if (!env) {
        out.error = env.error();
        return out;
    }
    for (const char* key : {"CC", "LD", "NM", "OBJCOPY", "CC_VERSION_TEXT"}) {
        auto it = env->vars.find(key);
        std::string name = "kconfig_" + std::string(key);
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        out.meta.emplace_back(name, it == env->vars.end() ? "" : it->second);
    }
    kconfig::RealShellRunner shell(*env, tree.root().string());
    kconfig::FileReader reader = [&tree](std::string_view path) -> std::optional<std::string_view> {
        auto r = tree.read(path);
        return r ? std::optional<std::string_view>(*r) : std::nullopt;
    };
    kconfig::ParseResult parsed = kconfig::parse_kconfig(reader, "Kconfig", *env, shell);
    out.diagnostics = std::move(parsed.diagnostics);
    out.probes = shell.probes();
    const kconfig::Model& model = parsed.model;
    out.files = model.files.size();
    for (const kconfig::Symbol& sym : model.symbols) {
        if (sym.is_const || sym.name.empty()) {
            continue;
        }
        for (uint32_t m : sym.menus) {
            const kconfig::Menu& menu = model.menus[m];
            out.symbols.push_back({sym.name, std::string(kconfig::sym_type_name(sym.type)),
                                   menu.loc.file < model.files.size() ? model.files[menu.loc.file] : "",
                                   menu.loc.line});
        }
    }
    out.model = kconfig::serialize_model(model);
    out.format = kconfig::kModelFormat;
    out.has_model = true;
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

void store_kconfig_index(const KconfigIndex& k, db::Writer& writer) {
    for (const auto& [key, value] : k.meta) {
        writer.set_meta(key, value);
    }
    for (const auto& [path, text] : k.fragments) {
        writer.add_kconfig_fragment(path, text);
    }
    for (const auto& [command, output] : k.probes) {
        writer.add_kconfig_probe(command, output);
    }
    if (!k.has_model) {
        return;
    }
    writer.set_kconfig_model(k.format, k.model);
    for (const KconfigSymbolRow& s : k.symbols) {
        writer.add_kconfig_symbol(s.name, s.type, s.file, s.line);
    }
}

}  // namespace hw::index
