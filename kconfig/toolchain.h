// The environment `make *config` gives scripts/kconfig/conf, reproduced without make.
//
// The Kconfig files reference make variables through the macro language ($(CC), $(srctree) …),
// and the scripts they run through $(shell,…) read exported variables. For a 6.1 tree these are
// (top Makefile, "export" lines, and every $(NAME) used in Kconfig files):
//
//   ARCH, SRCARCH      mainmenu text, arch/$(SRCARCH)/Kconfig, cc-option -m32/-m64 probes
//   srctree            $(srctree)/scripts/*.sh probes (absolute tree root here)
//   KERNELVERSION      mainmenu text ("Linux/x86_64 6.1.192 Kernel Configuration")
//   CC                 ~100 cc-option/success probes, CC_IS_GCC, GCC_VERSION, CC_CAN_LINK …
//   CC_VERSION_TEXT    `LC_ALL=C $(CC) --version | head -n 1` with '#' removed: the default of
//                      CONFIG_CC_VERSION_TEXT and the input of scripts/cc-version.sh checks
//   LD                 LD_VERSION, LD_IS_BFD, ld-option probes
//   NM, OBJCOPY        TOOLS_SUPPORT_RELR (scripts/tools-support-relr.sh runs both; without
//                      them 10 symbols differ), OBJTOOL/X86 `objcopy --version` probe
//   AR                 LTO_CLANG's `$(AR) --help` probe
//   CLANG_FLAGS        empty for gcc; for clang what scripts/Makefile.clang adds (--target=…,
//                      -fintegrated-as, -Werror=unknown-warning-option,
//                      -Werror=ignored-optimization-argument): cc-can-link.sh gets them
//   RUSTC, BINDGEN     RUST_IS_AVAILABLE (scripts/rust_is_available.sh), RUSTC_VERSION_TEXT
//   PAHOLE             PAHOLE_VERSION (scripts/pahole-version.sh $(PAHOLE))
//   CROSS_COMPILE, USERCFLAGS, USERLDFLAGS   only when set in the environment, as make passes them
//
// Tool names follow make's defaults: $(CROSS_COMPILE)gcc, ld, ar, nm, objcopy, or with LLVM=1
// clang, ld.lld, llvm-ar, llvm-nm, llvm-objcopy (LLVM=/path/ and LLVM=-15 give prefix/suffix);
// a CC/LD/AR/NM/OBJCOPY environment variable overrides each, an option in ToolchainOptions
// overrides that.
#pragma once

#include "common/source_tree.h"
#include "kconfig/preprocess.h"

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace hw::kconfig {

struct ToolchainOptions {
    std::string cc, ld, nm, objcopy, ar;  // empty: the environment's, else make's default
    // Reads an environment variable; null means the process environment (std::getenv).
    std::function<std::optional<std::string>(std::string_view)> getenv;
    // Runs `$(CC) --version`; null means a RealShellRunner in the tree root.
    ShellRunner* shell = nullptr;
};

// "6.1.192": VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION of the tree's top Makefile, as make's
// KERNELVERSION. Error when the Makefile is missing or has no VERSION.
std::expected<std::string, std::string> kernel_version(const hw::SourceTree& tree);

// The variables listed above. `kernelversion` empty: read from the tree (kernel_version()).
// Error when the C compiler does not answer `--version` ("C compiler 'gcc' not found …").
std::expected<Environment, std::string> kconfig_environment(const hw::SourceTree& tree, std::string_view arch,
                                                            std::string_view srcarch,
                                                            const ToolchainOptions& tc,
                                                            std::string kernelversion);

}  // namespace hw::kconfig
