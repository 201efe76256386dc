#include "kconfig/toolchain.h"

#include <doctest/doctest.h>

#include <map>

using namespace hw::kconfig;

namespace {

// Answers `<cc> --version` probes from a table; records what was asked.
class FakeShell final : public ShellRunner {
public:
    std::map<std::string, std::string> answers;
    std::vector<std::string> asked;
    std::string run(std::string_view command) override {
        asked.emplace_back(command);
        auto it = answers.find(std::string(command));
        return it == answers.end() ? "" : it->second;
    }
};

struct Fixture {
    hw::SourceTree tree{std::string(HW_TEST_DATA) + "/kconfig/toolchain"};
    std::map<std::string, std::string, std::less<>> env;
    FakeShell shell;

    ToolchainOptions options() {
        ToolchainOptions tc;
        tc.getenv = [this](std::string_view name) -> std::optional<std::string> {
            auto it = env.find(name);
            return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
        };
        tc.shell = &shell;
        return tc;
    }
};

constexpr const char* kGccProbe = "LC_ALL=C gcc --version 2>/dev/null | head -n 1";

}  // namespace

TEST_CASE("kconfig::toolchain: kernel_version reads the top Makefile") {
    Fixture f;
    CHECK(kernel_version(f.tree).value() == "6.1.192-rc1");
    hw::SourceTree empty(std::string(HW_TEST_DATA) + "/kconfig/eval");
    CHECK(kernel_version(empty).error().starts_with("Makefile: "));
}

TEST_CASE("kconfig::toolchain: make's defaults") {
    Fixture f;
    f.shell.answers[kGccProbe] = "gcc (Debian 12.2.0-14+deb12u1) 12.2.0\n";
    auto env = kconfig_environment(f.tree, "x86_64", "x86", f.options(), "");
    REQUIRE(env.has_value());
    auto& v = env->vars;
    CHECK(f.shell.asked == std::vector<std::string>{kGccProbe});
    CHECK(v.at("ARCH") == "x86_64");
    CHECK(v.at("SRCARCH") == "x86");
    CHECK(v.at("KERNELVERSION") == "6.1.192-rc1");
    CHECK(v.at("CC") == "gcc");
    CHECK(v.at("LD") == "ld");
    CHECK(v.at("AR") == "ar");
    CHECK(v.at("NM") == "nm");
    CHECK(v.at("OBJCOPY") == "objcopy");
    CHECK(v.at("RUSTC") == "rustc");
    CHECK(v.at("BINDGEN") == "bindgen");
    CHECK(v.at("PAHOLE") == "pahole");
    CHECK(v.at("CC_VERSION_TEXT") == "gcc (Debian 12.2.0-14+deb12u1) 12.2.0");
    CHECK(v.at("CLANG_FLAGS") == "");
    CHECK(v.at("srctree").ends_with("/kconfig/toolchain"));
    CHECK(v.at("srctree").starts_with("/"));
    CHECK_FALSE(v.contains("CROSS_COMPILE"));
    CHECK(v.size() == 14);
}

TEST_CASE("kconfig::toolchain: environment and options override") {
    Fixture f;
    SUBCASE("CC and NM from the environment, LD from the options; '#' dropped as make does") {
        f.env = {{"CC", "gcc-12"}, {"NM", "gcc-nm-12"}, {"USERCFLAGS", "-O1"}};
        f.shell.answers["LC_ALL=C gcc-12 --version 2>/dev/null | head -n 1"] = "gcc-12 (#1 build) 12.2.0\n";
        ToolchainOptions tc = f.options();
        tc.ld = "ld.bfd";
        auto env = kconfig_environment(f.tree, "x86_64", "x86", tc, "6.1.0");
        REQUIRE(env.has_value());
        CHECK(env->vars.at("CC") == "gcc-12");
        CHECK(env->vars.at("NM") == "gcc-nm-12");
        CHECK(env->vars.at("LD") == "ld.bfd");
        CHECK(env->vars.at("KERNELVERSION") == "6.1.0");
        CHECK(env->vars.at("USERCFLAGS") == "-O1");
        CHECK(env->vars.at("CC_VERSION_TEXT") == "gcc-12 (1 build) 12.2.0");
    }
    SUBCASE("CROSS_COMPILE prefixes the GNU tools") {
        f.env = {{"CROSS_COMPILE", "aarch64-linux-gnu-"}};
        f.shell.answers["LC_ALL=C aarch64-linux-gnu-gcc --version 2>/dev/null | head -n 1"] = "aarch64-linux-gnu-gcc (Debian) 12\n";
        auto env = kconfig_environment(f.tree, "arm64", "arm64", f.options(), "6.1");
        REQUIRE(env.has_value());
        CHECK(env->vars.at("CC") == "aarch64-linux-gnu-gcc");
        CHECK(env->vars.at("OBJCOPY") == "aarch64-linux-gnu-objcopy");
        CHECK(env->vars.at("CROSS_COMPILE") == "aarch64-linux-gnu-");
        CHECK(env->vars.at("CLANG_FLAGS") == "");
    }
    SUBCASE("LLVM=1 picks the LLVM tools and Makefile.clang's flags") {
        f.env = {{"LLVM", "1"}};
        f.shell.answers["LC_ALL=C clang --version 2>/dev/null | head -n 1"] = "Debian clang version 14.0.6\n";
        auto env = kconfig_environment(f.tree, "x86_64", "x86", f.options(), "6.1");
        REQUIRE(env.has_value());
        CHECK(env->vars.at("CC") == "clang");
        CHECK(env->vars.at("LD") == "ld.lld");
        CHECK(env->vars.at("AR") == "llvm-ar");
        CHECK(env->vars.at("NM") == "llvm-nm");
        CHECK(env->vars.at("OBJCOPY") == "llvm-objcopy");
        CHECK(env->vars.at("CLANG_FLAGS") ==
              "--target=x86_64-linux-gnu -fintegrated-as -Werror=unknown-warning-option "
              "-Werror=ignored-optimization-argument");
    }
    SUBCASE("LLVM=-15 is a suffix") {
        f.env = {{"LLVM", "-15"}};
        f.shell.answers["LC_ALL=C clang-15 --version 2>/dev/null | head -n 1"] = "clang version 15\n";
        auto env = kconfig_environment(f.tree, "x86_64", "x86", f.options(), "6.1");
        REQUIRE(env.has_value());
        CHECK(env->vars.at("LD") == "ld.lld-15");
    }
}

TEST_CASE("kconfig::toolchain: a missing compiler is an error") {
    Fixture f;
    f.env = {{"CC", "no-such-cc"}};
    auto env = kconfig_environment(f.tree, "x86_64", "x86", f.options(), "6.1");
    REQUIRE_FALSE(env.has_value());
    CHECK(env.error() ==
          "C compiler 'no-such-cc' not found (`--version` printed nothing); Kconfig's toolchain probes need "
          "the compiler make would use: set CC");
}

TEST_CASE("kconfig::toolchain: RealShellRunner records each probe once") {
    RealShellRunner shell(Environment{{{"GREETING", "hi"}}}, "/");
    CHECK(shell.run("echo $GREETING") == "hi\n");
    CHECK(shell.run("echo $GREETING") == "hi\n");
    CHECK(shell.run("printf x") == "x");
    CHECK(shell.commands_run() == 2);
    using P = std::pair<std::string, std::string>;
    CHECK(shell.probes() == std::vector<P>{P{"echo $GREETING", "hi\n"}, P{"printf x", "x"}});
}
