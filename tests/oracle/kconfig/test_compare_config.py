"""Unit tests for compare-config on tiny hand-made .config files.

Run from this directory: python3 -m unittest test_compare_config
"""

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


cc = load("compare-config")

KERNEL = """\
#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.192 Kernel Configuration
#
CONFIG_CC_VERSION_TEXT="gcc (Debian 12.2.0-14+deb12u1) 12.2.0"
CONFIG_64BIT=y
CONFIG_X86_64=y

#
# General setup
#
CONFIG_LOG_BUF_SHIFT=17
# CONFIG_EXPERT is not set
CONFIG_PHYSICAL_START=0x1000000
CONFIG_LOCALVERSION=""
CONFIG_E1000E=m
"""


class Run:
    """compare-config on two texts: its exit code, stdout and stderr."""

    def __init__(self, a_text, b_text, *options):
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, text in (("a.config", a_text), ("b.config", b_text)):
                paths.append(os.path.join(tmp, name))
                with open(paths[-1], "w", encoding="utf-8") as f:
                    f.write(text)
            self.out, self.err = io.StringIO(), io.StringIO()
            self.code = cc.main([*options, *paths], out=self.out, err=self.err)
            self.stdout = self.out.getvalue()
            self.stderr = self.err.getvalue().replace(tmp + os.sep, "")


class ParseTest(unittest.TestCase):
    def test_assignments_and_not_set(self):
        self.assertEqual(cc.parse(KERNEL, "k"), {
            "CC_VERSION_TEXT": ['="gcc (Debian 12.2.0-14+deb12u1) 12.2.0"'],
            "64BIT": ["=y"],
            "X86_64": ["=y"],
            "LOG_BUF_SHIFT": ["=17"],
            "EXPERT": ["is not set"],
            "PHYSICAL_START": ["=0x1000000"],
            "LOCALVERSION": ['=""'],
            "E1000E": ["=m"],
        })

    def test_repeated_symbol_keeps_every_write_in_order(self):
        self.assertEqual(cc.parse("CONFIG_A=y\n# CONFIG_A is not set\nCONFIG_A=m\n", "k"),
                         {"A": ["=y", "is not set", "=m"]})

    def test_other_comments_are_ignored(self):
        text = "# CONFIG_A is set\n#CONFIG_B is not set\n# CONFIG_C is not set, really\n"
        self.assertEqual(cc.parse(text, "k"), {})

    def test_malformed_line_is_an_error_with_its_position(self):
        with self.assertRaises(cc.InputError) as e:
            cc.parse("CONFIG_A=y\nCONFIG_B y\n", "x.config")
        self.assertEqual(str(e.exception), "x.config:2: error: not a CONFIG_ assignment: 'CONFIG_B y'")


class CompareTest(unittest.TestCase):
    def test_identical_files_agree(self):
        r = Run(KERNEL, KERNEL)
        self.assertEqual(r.code, 0)
        self.assertEqual(r.stdout, "compare-config: 8 symbols, 0 differ\n")
        self.assertEqual(r.stderr, "")

    def test_order_headers_and_blank_lines_do_not_count(self):
        shuffled = ("# CONFIG_EXPERT is not set\nCONFIG_E1000E=m\nCONFIG_LOCALVERSION=\"\"\n\n"
                    "CONFIG_PHYSICAL_START=0x1000000\nCONFIG_LOG_BUF_SHIFT=17\nCONFIG_X86_64=y\n"
                    "CONFIG_64BIT=y\n"
                    "CONFIG_CC_VERSION_TEXT=\"gcc (Debian 12.2.0-14+deb12u1) 12.2.0\"\n")
        r = Run(KERNEL, shuffled)
        self.assertEqual((r.code, r.stdout), (0, "compare-config: 8 symbols, 0 differ\n"))

    def test_every_kind_of_difference(self):
        ours = KERNEL.replace("CONFIG_E1000E=m", "CONFIG_E1000E=y") \
            .replace("# CONFIG_EXPERT is not set\n", "") \
            .replace("CONFIG_LOG_BUF_SHIFT=17", "# CONFIG_LOG_BUF_SHIFT is not set") \
            .replace("CONFIG_PHYSICAL_START=0x1000000", "CONFIG_PHYSICAL_START=16777216") \
            .replace('CONFIG_LOCALVERSION=""', "CONFIG_LOCALVERSION=") \
            + "# CONFIG_ZZZ is not set\nCONFIG_X86_64=y\n"
        r = Run(KERNEL, ours, "--labels", "kernel,hwneeds")
        self.assertEqual(r.code, 1)
        self.assertEqual(r.stdout,
                         "symbol                 kernel      hwneeds\n"
                         "CONFIG_E1000E          =m          =y\n"
                         "CONFIG_EXPERT          is not set  absent\n"
                         "CONFIG_LOCALVERSION    =\"\"         =\n"
                         "CONFIG_LOG_BUF_SHIFT   =17         is not set\n"
                         "CONFIG_PHYSICAL_START  =0x1000000  =16777216\n"
                         "CONFIG_X86_64          =y          =y then =y\n"
                         "CONFIG_ZZZ             absent      is not set\n"
                         "compare-config: 9 symbols, 7 differ\n")

    def test_absent_against_not_set_is_a_difference_both_ways(self):
        r = Run("# CONFIG_A is not set\n", "CONFIG_B=y\n")
        self.assertEqual(r.code, 1)
        self.assertEqual(r.stdout,
                         "symbol    A           B\n"
                         "CONFIG_A  is not set  absent\n"
                         "CONFIG_B  absent      =y\n"
                         "compare-config: 2 symbols, 2 differ\n")

    def test_quiet_prints_only_the_summary(self):
        r = Run("CONFIG_A=y\nCONFIG_B=y\n", "CONFIG_A=m\nCONFIG_B=y\n", "--quiet")
        self.assertEqual((r.code, r.stdout), (1, "compare-config: 2 symbols, 1 differ\n"))

    def test_empty_files_agree(self):
        r = Run("", "\n")
        self.assertEqual((r.code, r.stdout), (0, "compare-config: 0 symbols, 0 differ\n"))

    def test_malformed_input_exits_2(self):
        r = Run("CONFIG_A=y\n", "garbage\n")
        self.assertEqual(r.code, 2)
        self.assertEqual(r.stdout, "")
        self.assertEqual(r.stderr,
                         "compare-config: b.config:1: error: not a CONFIG_ assignment: 'garbage'\n")

    def test_missing_file_exits_2(self):
        out, err = io.StringIO(), io.StringIO()
        code = cc.main(["/nonexistent/a.config", "/nonexistent/b.config"], out=out, err=err)
        self.assertEqual(code, 2)
        self.assertEqual(err.getvalue(),
                         "compare-config: /nonexistent/a.config: error: No such file or directory\n")


if __name__ == "__main__":
    unittest.main()
