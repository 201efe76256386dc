#include "modalias-db/kbuild/kbuild.h"

#include <doctest/doctest.h>

#include <string>

namespace {

// One line per module: path name symbol [cond] modular|builtin: sources[cond] -I dirs
std::string render(const hw::kbuild::Module& m) {
    std::string out = m.path + " " + m.name + " " + (m.symbol.empty() ? "-" : m.symbol) + " [" +
                      m.cond.to_string() + "] " + (m.modular ? "modular" : "builtin") + ":";
    for (const hw::kbuild::Source& s : m.sources) {
        out += " " + s.path + "[" + s.cond.to_string() + "]";
    }
    for (const std::string& inc : m.include_dirs) {
        out += " -I" + inc;
    }
    return out;
}

std::string render(const hw::kbuild::Result& r) {
    std::string out;
    for (const hw::kbuild::Module& m : r.modules) {
        out += render(m) + "\n";
    }
    return out;
}

}  // namespace

TEST_CASE("kbuild::scan: fixture tree") {
    hw::SourceTree tree(HW_TEST_DATA "/kbuild/tree");
    for (unsigned threads : {1u, 4u}) {
        CAPTURE(threads);
        hw::kbuild::Result r = hw::kbuild::scan(tree, "x86", 64, threads);
        // Derived from the fixture's makefiles by the Kbuild rules (see kbuild.h):
        // - arch/x86/kernel is reached through arch/x86/Kbuild and $(ARCH_CORE): no guard;
        //   $(BITS) is 64 so foo_64.o, not foo_32.o.
        // - arch/x86/pci is reached through $(ARCH_DRIVERS) (drivers-$(CONFIG_PCI)) and
        //   arch/x86/Kbuild, both under PCI.
        // - drivers/usb: two guards (USB, USB_GADGET) are an OR; its Kbuild wins over its
        //   Makefile (decoy.o); xhci-hcd has -objs, -y and -$(CONFIG_USB_XHCI_DBGCAP) parts,
        //   one in ../common.
        // - drivers/ab: obj-$(CONFIG_A)$(CONFIG_B) is A || B; the first symbol names it.
        // - drivers/misc (obj-$(CONFIG_MISC:m=y)): shared.c in two modules, outer.o made of
        //   the composite inner.o, asmmod.o from a .S (no sources), feat.o inside ifeq.
        // - drivers/tools is only subdir-y: no modules (6.1 Makefile.build semantics).
        // - lib-y (lib/string.o, arch/x86/lib/delay.o) is not an object of obj-y/obj-m.
        CHECK(render(r) ==
              "arch/x86/kernel/foo_64 foo_64 - [1] builtin: arch/x86/kernel/foo_64.c[1]\n"
              "arch/x86/kernel/setup setup - [1] builtin: arch/x86/kernel/setup.c[1]\n"
              "arch/x86/pci/pcifoo pcifoo PCI [PCI] modular: arch/x86/pci/pcifoo.c[1]\n"
              "drivers/ab/ab ab A [A || B] builtin: drivers/ab/ab.c[1]\n"
              "drivers/misc/after after AFTER [AFTER && MISC] modular: drivers/misc/after.c[1]\n"
              "drivers/misc/asmmod asmmod ASM [ASM && MISC] modular:\n"
              "drivers/misc/feat feat FEATURE [FEATURE=y && MISC] modular: drivers/misc/feat.c[1]\n"
              "drivers/misc/m1 m1 MISC [MISC] modular: drivers/misc/shared.c[1] drivers/misc/one.c[1]\n"
              "drivers/misc/m2 m2 MISC [MISC] modular: drivers/misc/shared.c[1] drivers/misc/two.c[1]\n"
              "drivers/misc/outer outer OUTER [MISC && OUTER] modular: drivers/misc/leaf.c[1] "
              "drivers/misc/top.c[1]\n"
              "drivers/net/dnet dnet DNET [DNET] modular: drivers/net/dnet.c[1]\n"
              "drivers/sound/bar/snd-bar snd_bar SND_BAR [SND_BAR && SOUND] modular: "
              "drivers/sound/bar/snd-bar.c[1]\n"
              "drivers/sound/snd-foo snd_foo SOUND [SOUND] modular: drivers/sound/foo.c[1]\n"
              "drivers/usb/xhci-hcd xhci_hcd USB_XHCI [USB_XHCI && (USB || USB_GADGET)] modular: "
              "drivers/common/usb-common.c[1] drivers/usb/xhci.c[1] drivers/usb/xhci-ring.c[1] "
              "drivers/usb/xhci-dbgcap.c[USB_XHCI_DBGCAP] -Idrivers/usb/include -Idrivers/usb/local -Idrivers/shared\n"
              "drivers/usb/xhci-pci xhci_pci USB_XHCI [USB_XHCI && (USB || USB_GADGET)] modular: "
              "drivers/usb/xhci-pci.c[1] -Idrivers/usb/include -Idrivers/usb/local -Idrivers/shared -Idrivers/usb/quirks\n"
              "init/main main - [1] builtin: init/main.c[1]\n"
              "lib/crc32 crc32 CRC32 [CRC32] modular: lib/crc32.c[1]\n"
              "net/netx netx NET_X [NET && NET_X] modular: net/netx.c[1]\n");
        REQUIRE(r.diagnostics.size() == 1);
        CHECK(r.diagnostics[0].format() == "drivers/misc/Makefile:14:1: error: missing separator");
        CHECK(r.files_read == 17);
    }
}

TEST_CASE("kbuild::scan: tree without a top-level Kbuild") {
    // Before 5.x the top Makefile listed the top directories in init-y, core-y, drivers-y, ...
    hw::SourceTree tree(HW_TEST_DATA "/kbuild/old");
    hw::kbuild::Result r = hw::kbuild::scan(tree, "x86", 64, 2);
    CHECK(render(r) ==
          "drivers/d d D [D] modular: drivers/d.c[1]\n"
          "init/i i - [1] builtin: init/i.c[1]\n"
          "kernel/k k - [1] builtin: kernel/k.c[1]\n"
          "lib/l l L [L] modular: lib/l.c[1]\n");
    CHECK(r.diagnostics.empty());
}
