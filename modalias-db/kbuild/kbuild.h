// Every module and object a kernel source tree can build for one architecture, read from its
// Kbuild files and Makefiles without configuring or building anything.
//
// Kbuild facts this relies on (Documentation/kbuild/makefiles.rst, scripts/Makefile.build/lib):
// - `obj-y += foo.o` builds foo.o into the kernel, `obj-m += foo.o` as module foo.ko;
//   `obj-$(CONFIG_FOO) += foo.o` does either, following the tristate FOO.
// - `foo-y`/`foo-objs`/`foo-m`/`foo-$(CONFIG_Z)` list the parts of a composite object foo.o;
//   parts may be composites themselves or live in other directories (`../common/x.o`).
// - `obj-$(CONFIG_X) += dir/` descends into dir/ (its Kbuild file, else its Makefile); every
//   line naming the same dir adds an alternative (OR), it does not narrow the guard.
// - The module name is the target's basename with '-' turned into '_'.
// - The top-level ./Kbuild (6.1) lists the top directories, with $(ARCH_CORE), $(ARCH_LIB) and
//   $(ARCH_DRIVERS) taken from core-y/libs-y/drivers-y in the top Makefile and
//   arch/$(SRCARCH)/Makefile. Trees without one list them in init-y/core-y/... instead.
#pragma once

#include "common/condition.h"
#include "common/diagnostic.h"
#include "common/source_tree.h"

#include <string>
#include <string_view>
#include <vector>

namespace hw::kbuild {

struct Source {
    std::string path;  // "drivers/net/foo.c"
    Cond cond;         // extra condition inside the module (foo-$(CONFIG_Z) += bar.o -> Z)
};

struct Module {
    std::string name;    // target name with '-' -> '_' ("snd_hda_intel")
    std::string path;    // object path without extension ("sound/pci/hda/snd-hda-intel")
    std::string symbol;  // own Kconfig symbol (no CONFIG_): the one on the module's own
                         // obj-$(CONFIG_X) line, else the nearest guard above it; "" if none
    Cond cond;           // directory guards AND the module's own line's condition
    bool modular = true;  // false if it can only be built in (obj-y only)
    std::vector<Source> sources;            // existing .c files making it up
    std::vector<std::string> include_dirs;  // tree-relative -I/-iquote dirs from ccflags-y,
                                            // subdir-ccflags-y, EXTRA_CFLAGS, CFLAGS_foo.o
};

struct Result {
    std::vector<Module> modules;  // sorted by path
    Diagnostics diagnostics;
    size_t files_read = 0;  // makefiles read (includes count)
};

// srcarch: "x86"; bits: 32 or 64. Reads makefiles of one directory level in parallel.
Result scan(const SourceTree& tree, std::string_view srcarch, int bits, unsigned threads);

}  // namespace hw::kbuild
