"""Unit tests for compare-aliases and compare-modules on tiny hand-made inputs.

Run from this directory: python3 -m unittest
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    loader = importlib.machinery.SourceFileLoader(name.replace("-", "_"), os.path.join(HERE, name))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


aliases = load("compare-aliases")
modules = load("compare-modules")

REAL_ALIAS = """\
# Aliases extracted from modules themselves.
alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e
alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e
alias pci:v00008086d0000105Esv*sd*bc*sc*i* e1000e
alias usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in* r8152
alias usb:v0BDAp8152d*dc*dsc*dp*ic*isc*ip*in* r8152
alias acpi*:PNP0C0A:* battery
alias fs-ext4 ext4
alias char-major-10-237 loop
alias xen-backend:vbd xen_blkback
alias of:NfooT(null) not_in_order
"""

ORDER = """\
kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko
kernel/drivers/net/usb/r8152.ko
kernel/drivers/acpi/battery.ko
kernel/fs/ext4/ext4.ko
kernel/drivers/block/loop.ko
kernel/drivers/block/xen-blkback/xen-blkback.ko
kernel/drivers/usb/storage/usb-storage.ko.xz
"""

OURS = """\
alias pci:v00008086d000010D3sv*sd*bc*sc*i* e1000e
alias pci:v00008086d000010D4sv*sd*bc*sc*i* e1000e
alias usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in* r8152
alias usb:v0BDAp8152d*dc*dsc*dp*ic*isc*ip*in* r8152
alias usb:v0BDAp8152d*dc*dsc*dp*ic*isc*ip*in* r8153
alias acpi*:PNP0C0A:* battery
alias fs-ext4 ext4
alias xen-backend:vbd xen-blkback
alias platform:builtin_only builtin_only
"""


def compare_small():
    return aliases.Comparison(aliases.parse_aliases(OURS.splitlines(), "ours"),
                              aliases.parse_aliases(REAL_ALIAS.splitlines(), "real"),
                              aliases.parse_modules_order(ORDER.splitlines()))


class BusTest(unittest.TestCase):
    def test_bus_of(self):
        self.assertEqual(aliases.bus_of("pci:v00008086d*"), "pci")
        self.assertEqual(aliases.bus_of("acpi*:PNP0C0A:*"), "acpi")
        self.assertEqual(aliases.bus_of("dmi*:svnLENOVO*"), "dmi")
        self.assertEqual(aliases.bus_of("cpu:type:x86,ven*"), "cpu")
        self.assertEqual(aliases.bus_of("xen-backend:vbd"), "xen-backend")
        self.assertEqual(aliases.bus_of("ip_set_hash:ip"), "ip_set_hash")
        self.assertEqual(aliases.bus_of("fs-ext4"), "other")
        self.assertEqual(aliases.bus_of("char-major-10-237"), "other")
        self.assertEqual(aliases.bus_of("char-major-81-*"), "other")
        self.assertEqual(aliases.bus_of("crypto-aes"), "other")


class ParseTest(unittest.TestCase):
    def test_aliases_dedup_and_module_names(self):
        pairs = aliases.parse_aliases(["alias a-b:x foo-bar\n", "alias a-b:x foo_bar", "", "# c",
                                       "alias with space m "], "f")
        self.assertEqual(pairs, {("a-b:x", "foo_bar"), ("with space", "m")})

    def test_bad_alias_line(self):
        with self.assertRaises(aliases.InputError) as e:
            aliases.parse_aliases(["alias ok m", "alias two"], "ours.txt")
        for bad in ("aliases x m", "alias  m", "pci:v* m"):
            with self.assertRaises(aliases.InputError):
                aliases.parse_aliases([bad], "ours.txt")
        self.assertEqual(str(e.exception), "ours.txt:2: expected 'alias PATTERN MODULE', "
                                           "got 'alias two'")

    def test_modules_order_names(self):
        self.assertEqual(aliases.parse_modules_order(ORDER.splitlines()),
                         {"e1000e", "r8152", "battery", "ext4", "loop", "xen_blkback",
                          "usb_storage"})


class CompareAliasesTest(unittest.TestCase):
    def test_totals(self):
        c = compare_small()
        # Real: 10 lines, 9 distinct pairs, 8 of modules in modules.order (not_in_order
        # left out). Ours: 9 pairs, 7 of modules in modules.order (r8153, builtin_only left
        # out; xen-blkback is xen_blkback).
        self.assertEqual((c.total.real, c.total.ours, c.total.found), (8, 7, 6))
        self.assertEqual((c.dropped_real, c.dropped_ours), (1, 2))
        self.assertAlmostEqual(c.total.recall(), 6 / 8)
        self.assertAlmostEqual(c.total.precision(), 6 / 7)
        self.assertEqual(c.missing, {("pci:v00008086d0000105Esv*sd*bc*sc*i*", "e1000e"),
                                     ("char-major-10-237", "loop")})
        self.assertEqual(c.extra, {("pci:v00008086d000010D4sv*sd*bc*sc*i*", "e1000e")})

    def test_per_bus(self):
        c = compare_small()
        got = {bus: (n.real, n.ours, n.found) for bus, n in c.buses.items()}
        self.assertEqual(got, {"pci": (2, 2, 1), "usb": (2, 2, 2), "acpi": (1, 1, 1),
                               "xen-backend": (1, 1, 1), "other": (2, 1, 1)})

    def test_thresholds(self):
        c = compare_small()
        self.assertTrue(c.passes(0.75, 0.85))
        self.assertFalse(c.passes(0.76, 0.85))
        self.assertFalse(c.passes(0.75, 0.86))

    def test_table(self):
        self.assertEqual(aliases.format_table(compare_small()), """\
| bus | real | ours | found | missing | extra | recall | precision |
|---|---:|---:|---:|---:|---:|---:|---:|
| **all** | 8 | 7 | 6 | 2 | 1 | 75.00% | 85.71% |
| pci | 2 | 2 | 1 | 1 | 1 | 50.00% | 50.00% |
| usb | 2 | 2 | 2 | 0 | 0 | 100.00% | 100.00% |
| acpi | 1 | 1 | 1 | 0 | 0 | 100.00% | 100.00% |
| xen-backend | 1 | 1 | 1 | 0 | 0 | 100.00% | 100.00% |
| other | 2 | 1 | 1 | 1 | 0 | 50.00% | 100.00% |
""")

    def test_details(self):
        self.assertEqual(aliases.format_details(compare_small()), """\
# Alias differences by module (- missing from ours, + extra in ours)

## e1000e (missing 1, extra 1)
- pci:v00008086d0000105Esv*sd*bc*sc*i*
+ pci:v00008086d000010D4sv*sd*bc*sc*i*

## loop (missing 1, extra 0)
- char-major-10-237
""")

    def test_main_exit_codes(self):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            for name, text in (("ours", OURS), ("alias", REAL_ALIAS), ("order", ORDER)):
                paths[name] = os.path.join(d, name)
                with open(paths[name], "w") as f:
                    f.write(text)
            argv = [paths["ours"], paths["alias"], paths["order"]]
            with contextlib.redirect_stdout(io.StringIO()) as out:
                self.assertEqual(aliases.main(argv), 1)
                self.assertEqual(aliases.main(argv + ["--min-recall", "0.6", "--min-precision",
                                                      "0.8"]), 0)
            self.assertIn("FAIL: recall 75.00% (min 99.50%), precision 85.71% (min 99.50%)",
                          out.getvalue())
            with contextlib.redirect_stderr(io.StringIO()):
                self.assertEqual(aliases.main([os.path.join(d, "absent")] + argv[1:]), 2)


MODULES_ORDER = """\
kernel/drivers/net/ethernet/intel/e1000e/e1000e.ko
kernel/drivers/net/usb/r8152.ko
kernel/drivers/acpi/battery.ko
kernel/fs/ext4/ext4.ko
"""

CONFIG = """\
CONFIG_E1000E=m
CONFIG_USB_RTL8152=m
CONFIG_ACPI_BATTERY=y
# CONFIG_EXT4_FS is not set
CONFIG_PCI=y
"""

OURS_MODULES = """\
e1000e\tCONFIG_E1000E\tdrivers/net/ethernet/intel/e1000e/e1000e
r8152\tCONFIG_PCI\tdrivers/net/usb/r8152
r8152\tCONFIG_USB_RTL8152\tdrivers/net/usb/r8152
battery\tCONFIG_ACPI_BATTERY\tdrivers/acpi/battery
ext4\tCONFIG_EXT4_FS\tfs/ext4/ext4
"""


class CompareModulesTest(unittest.TestCase):
    def compare(self, ours=OURS_MODULES):
        return modules.Comparison(modules.parse_ours(ours.splitlines(), "ours"),
                                  modules.parse_modules_order(MODULES_ORDER.splitlines()),
                                  modules.parse_config(CONFIG.splitlines()))

    def test_parse(self):
        self.assertEqual(modules.parse_modules_order(["kernel/a/b-c.ko", "kernel/d.ko.xz", ""]),
                         ["a/b-c", "d"])
        self.assertEqual(modules.parse_config(CONFIG.splitlines()),
                         {"CONFIG_E1000E": "m", "CONFIG_USB_RTL8152": "m",
                          "CONFIG_ACPI_BATTERY": "y", "CONFIG_PCI": "y"})
        with self.assertRaises(modules.InputError) as e:
            modules.parse_ours(["a b c"], "ours")
        self.assertEqual(str(e.exception),
                         "ours:1: expected MODULE<TAB>CONFIG_SYMBOL<TAB>PATH, got 'a b c'")

    def test_known(self):
        c = self.compare()
        # e1000e and r8152 (one of its two symbols is =m) known; battery =y, ext4 unset.
        self.assertEqual((c.total, c.known), (4, 2))
        self.assertEqual(c.unknown_path, [])
        self.assertEqual(c.no_module_symbol, [("drivers/acpi/battery", ["CONFIG_ACPI_BATTERY"]),
                                              ("fs/ext4/ext4", ["CONFIG_EXT4_FS"])])
        self.assertEqual(c.fraction(), 0.5)

    def test_path_must_match_exactly(self):
        c = self.compare(OURS_MODULES.replace("drivers/net/usb/r8152\n", "drivers/net/r8152\n"))
        self.assertEqual(c.known, 1)
        self.assertEqual(c.unknown_path, ["drivers/net/usb/r8152"])

    def test_details(self):
        c = self.compare()
        self.assertEqual(modules.format_details(c, modules.parse_config(CONFIG.splitlines())), """\
# Modules not known (2)

## No line with this path (0)

## Path known, but no symbol of it is =m (2)
drivers/acpi/battery: CONFIG_ACPI_BATTERY=y
fs/ext4/ext4: CONFIG_EXT4_FS=unset
""")


if __name__ == "__main__":
    unittest.main()
