#include "kconfig/toolchain.h"

#include <cstdlib>
#include <filesystem>

namespace hw::kconfig {

namespace {

using GetEnv = std::function<std::optional<std::string>(std::string_view)>;

std::optional<std::string> process_getenv(std::string_view name) {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) {
        return std::nullopt;
    }
    return std::string(v);
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// `NAME = value` of a Makefile (first assignment), or nullopt.
std::optional<std::string> makefile_var(std::string_view text, std::string_view name) {
    while (!text.empty()) {
        size_t eol = text.find('\n');
        std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (!line.starts_with(name)) {
            continue;
        }
        std::string_view rest = trim(line.substr(name.size()));
        if (rest.starts_with("=")) {
            return std::string(trim(rest.substr(1)));
        }
    }
    return std::nullopt;
}

// Make's tool names: explicit option, then environment variable, then the default.
std::string tool(const std::string& option, const GetEnv& getenv, std::string_view var, std::string def) {
    if (!option.empty()) {
        return option;
    }
    if (auto v = getenv(var); v && !v->empty()) {
        return *v;
    }
    return def;
}

// scripts/Makefile.clang's CLANG_TARGET_FLAGS_<srcarch>.
std::string_view clang_target(std::string_view srcarch) {
    static constexpr std::pair<std::string_view, std::string_view> kTargets[] = {
        {"arm", "arm-linux-gnueabi"},       {"arm64", "aarch64-linux-gnu"},
        {"hexagon", "hexagon-linux-musl"},  {"m68k", "m68k-linux-gnu"},
        {"mips", "mipsel-linux-gnu"},       {"powerpc", "powerpc64le-linux-gnu"},
        {"riscv", "riscv64-linux-gnu"},     {"s390", "s390x-linux-gnu"},
        {"x86", "x86_64-linux-gnu"},
    };
    for (const auto& [a, t] : kTargets) {
        if (a == srcarch) {
            return t;
        }
    }
    return {};
}

std::string clang_flags(std::string_view srcarch, const std::string& cross_compile, const GetEnv& getenv) {
    std::string flags;
    if (cross_compile.empty()) {
        flags = "--target=" + std::string(clang_target(srcarch));
    } else {
        std::string_view cc = cross_compile;
        if (cc.ends_with('-')) {
            cc.remove_suffix(1);
        }
        if (size_t slash = cc.rfind('/'); slash != std::string_view::npos) {
            cc = cc.substr(slash + 1);
        }
        flags = "--target=" + std::string(cc);
    }
    // LLVM_IAS=0 (GNU as with clang) also needs --prefix=<dir of elfedit>: not reproduced.
    auto ias = getenv("LLVM_IAS");
    flags += ias && *ias == "0" ? " -fno-integrated-as" : " -fintegrated-as";
    flags += " -Werror=unknown-warning-option -Werror=ignored-optimization-argument";
    return flags;
}

}  // namespace

std::expected<std::string, std::string> kernel_version(const hw::SourceTree& tree) {
    auto text = tree.read("Makefile");
    if (!text) {
        return std::unexpected("Makefile: " + text.error().message);
    }
    auto version = makefile_var(*text, "VERSION");
    if (!version || version->empty()) {
        return std::unexpected(std::string("Makefile: no VERSION"));
    }
    std::string out = *version;
    std::string patch = makefile_var(*text, "PATCHLEVEL").value_or("");
    std::string sub = makefile_var(*text, "SUBLEVEL").value_or("");
    if (!patch.empty()) {
        out += "." + patch;
        if (!sub.empty()) {
            out += "." + sub;
        }
    }
    return out + makefile_var(*text, "EXTRAVERSION").value_or("");
}

std::expected<Environment, std::string> kconfig_environment(const hw::SourceTree& tree, std::string_view arch,
                                                            std::string_view srcarch,
                                                            const ToolchainOptions& tc,
                                                            std::string kernelversion) {
    GetEnv getenv = tc.getenv ? tc.getenv : GetEnv(process_getenv);
    if (kernelversion.empty()) {
        auto v = kernel_version(tree);
        if (!v) {
            return std::unexpected(v.error());
        }
        kernelversion = *v;
    }
    std::string cross = getenv("CROSS_COMPILE").value_or("");
    std::string llvm = getenv("LLVM").value_or("");
    std::string prefix;
    std::string suffix;
    if (llvm.ends_with('/')) {
        prefix = llvm;
    } else if (llvm.starts_with('-')) {
        suffix = llvm;
    }
    auto pick = [&](std::string_view llvm_name, std::string_view gnu_name) {
        return llvm.empty() ? cross + std::string(gnu_name) : prefix + std::string(llvm_name) + suffix;
    };

    Environment env;
    auto& v = env.vars;
    v["ARCH"] = std::string(arch);
    v["SRCARCH"] = std::string(srcarch);
    v["srctree"] = std::filesystem::absolute(tree.root()).lexically_normal().string();
    if (v["srctree"].size() > 1 && v["srctree"].ends_with('/')) {
        v["srctree"].pop_back();
    }
    v["KERNELVERSION"] = kernelversion;
    v["CC"] = tool(tc.cc, getenv, "CC", pick("clang", "gcc"));
    v["LD"] = tool(tc.ld, getenv, "LD", pick("ld.lld", "ld"));
    v["AR"] = tool(tc.ar, getenv, "AR", pick("llvm-ar", "ar"));
    v["NM"] = tool(tc.nm, getenv, "NM", pick("llvm-nm", "nm"));
    v["OBJCOPY"] = tool(tc.objcopy, getenv, "OBJCOPY", pick("llvm-objcopy", "objcopy"));
    v["RUSTC"] = tool("", getenv, "RUSTC", "rustc");
    v["BINDGEN"] = tool("", getenv, "BINDGEN", "bindgen");
    v["PAHOLE"] = tool("", getenv, "PAHOLE", "pahole");
    for (const char* pass : {"CROSS_COMPILE", "USERCFLAGS", "USERLDFLAGS"}) {
        if (auto e = getenv(pass)) {
            v[pass] = *e;
        }
    }

    std::optional<RealShellRunner> own;
    ShellRunner* shell = tc.shell;
    if (shell == nullptr) {
        own.emplace(env, tree.root().string());
        shell = &*own;
    }
    // make: $(subst $(pound),,$(shell LC_ALL=C $(CC) --version 2>/dev/null | head -n 1))
    std::string text = shell->run("LC_ALL=C " + v["CC"] + " --version 2>/dev/null | head -n 1");
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    std::erase(text, '#');
    if (text.empty()) {
        return std::unexpected("C compiler '" + v["CC"] +
                               "' not found (`--version` printed nothing); Kconfig's toolchain probes need "
                               "the compiler make would use: set CC");
    }
    v["CC_VERSION_TEXT"] = text;
    v["CLANG_FLAGS"] = text.find("clang") != std::string::npos ? clang_flags(srcarch, cross, getenv) : "";
    return env;
}

}  // namespace hw::kconfig
