"""Unit tests of check.py's pure parts (no kernel tree, no hwneeds): python3 -m unittest test_check"""
import fnmatch
import unittest

import check


class Concretize(unittest.TestCase):
    def test_wildcards_and_classes(self):
        self.assertEqual(check.concretize('pci:v00008086d000010D3sv*sd*bc*sc*i*'),
                         'pci:v00008086d000010D3svsdbcsci')
        self.assertEqual(check.concretize('usb:v046Dp0A4[4-7]d*'), 'usb:v046Dp0A44d')
        self.assertEqual(check.concretize('dmi*:svn[Dd]ell*:'), 'dmi:svnDell:')
        self.assertEqual(check.concretize('a?b'), 'a0b')
        self.assertEqual(check.concretize('fs-ext4'), 'fs-ext4')

    def test_negated_class_picks_a_char_outside(self):
        self.assertEqual(check.concretize('x[!0-9]y'), 'xAy')
        self.assertEqual(check.concretize('x[^0-9A-F]'), 'xa')

    def test_escape_and_unclosed_bracket(self):
        self.assertEqual(check.concretize('a\\*b'), 'a*b')
        self.assertEqual(check.concretize('a[b'), 'a[b')

    def test_result_matches_its_pattern(self):
        for p in ['pci:v*d*sv*sd*bc0Csc03i30*', 'usb:v1D6Bp0002d*dc*dsc*dp*ic09isc*ip*in*',
                  'acpi*:PNP0C0[0-9A-F]:*', 'hid:b0003g*v0000046Dp0000C52[BE]', 'x[!a-c]?z*']:
            self.assertTrue(fnmatch.fnmatchcase(check.concretize(p), p), p)


class OptionLine(unittest.TestCase):
    def test_round_trip(self):
        text = ''.join(check.option_line(s, v) + '\n' for s, v in [('A', 'y'), ('B', 'n'), ('C', 'm')])
        self.assertEqual(text, 'CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=m\n')
        self.assertEqual([(s, v) for s, v, _ in check.parse_fragment(text)[0]], [('A', 'y'), ('B', 'n'), ('C', 'm')])


class Paths(unittest.TestCase):
    def test_module_path(self):
        self.assertEqual(check.module_path('kernel/drivers/net/e1000e/e1000e.ko\n'), 'drivers/net/e1000e/e1000e')
        self.assertEqual(check.module_path('kernel/fs/ext4/ext4.ko.xz'), 'fs/ext4/ext4')


class Fragment(unittest.TestCase):
    def test_lines(self):
        lines, bad = check.parse_fragment('# generated\nCONFIG_A=y\n\n# CONFIG_B is not set\nCONFIG_C="x y"\nCONFIG_D m\n')
        self.assertEqual([(s, v) for s, v, _ in lines], [('A', 'y'), ('B', 'n'), ('C', '"x y"')])
        self.assertEqual(bad, ['CONFIG_D m'])

    def test_config(self):
        values = check.parse_config('#\n# head\n#\nCONFIG_A=y\n# CONFIG_B is not set\nCONFIG_N=16\n')
        self.assertEqual(values, {'A': 'y', 'B': 'n', 'N': '16'})
        self.assertEqual(check.config_line(values, 'B'), '# CONFIG_B is not set')
        self.assertEqual(check.config_line(values, 'Z'), '(absent)')


class FixedPoint(unittest.TestCase):
    def test_generate_config_verdicts(self):
        frag, _ = check.parse_fragment('CONFIG_A=m\nCONFIG_B=y\n# CONFIG_C is not set\nCONFIG_D=y\n')
        values = {'A': 'y', 'B': 'y', 'C': 'n'}
        self.assertEqual(check.fixed_point_problems(frag, values),
                         ["option not set correctly: A (wanted 'm', got 'y')", 'unused option: D'])

    def test_not_set_must_be_written(self):
        frag, _ = check.parse_fragment('# CONFIG_C is not set\n')
        self.assertEqual(check.fixed_point_problems(frag, {}), ['unused option: C'])
        self.assertEqual(check.fixed_point_problems(frag, {'C': 'n'}), [])

    def test_needs(self):
        values = {'A': 'm', 'B': 'y', 'C': 'n'}
        self.assertEqual(check.need_problems([('A', 'm'), ('B', 'm'), ('B', 'y'), ('C', 'n'), ('Z', 'n')], values), [])
        self.assertEqual(check.need_problems([('A', 'y'), ('C', 'm'), ('C', 'm'), ('B', 'n'), ('U', 'm')], values,
                                             skip={'U'}),
                         ["need not met: A (want 'y', got 'm')", "need not met: C (want 'm', got 'n')",
                          "need not met: B (want 'n', got 'y')"])


class Minimality(unittest.TestCase):
    frag = check.parse_fragment('CONFIG_DEP=y\nCONFIG_DRV=m\n')[0]
    needs = [('DRV', 'm')]

    def test_line_needed_when_another_line_breaks(self):
        # without DEP=y, DRV's dependency is off: DRV is not written at all
        self.assertFalse(check.removable(self.frag, 0, self.needs, {'DEP': 'n'}))

    def test_line_needed_when_a_need_drops(self):
        # without DRV=m, DRV stays off: the need drops
        self.assertFalse(check.removable(self.frag, 1, self.needs, {'DEP': 'y', 'DRV': 'n'}))

    def test_removable_line(self):
        # DEP defaults to y anyway: without the line everything still holds
        self.assertTrue(check.removable(self.frag, 0, self.needs, {'DEP': 'y', 'DRV': 'm'}))
        # DRV=m where its default is y: the need (enabled) holds either way
        self.assertTrue(check.removable(self.frag, 1, self.needs, {'DEP': 'y', 'DRV': 'y'}))

    def test_judged_against_the_whole_f(self):
        # DRV=m is not kept even with the whole F (a failure of its own), so nothing that held
        # depends on DEP=y: removable; without a baseline, DRV's breakage would hide that
        values = {'DEP': 'n', 'DRV': 'n'}
        base = {'DEP': 'y', 'DRV': 'n'}
        self.assertFalse(check.removable(self.frag, 0, self.needs, values))
        self.assertTrue(check.removable(self.frag, 0, self.needs, values, baseline=base))
        # a need that held with the whole F and drops without the line: needed
        self.assertFalse(check.removable(self.frag, 0, [('DEP', 'y')], values, baseline=base))

    def test_messages(self):
        self.assertEqual(check.removable_message(('CONFIG_DEP=y', 'h', 'CONFIG_DEP=y')),
                         'removable line: CONFIG_DEP=y (olddefconfig writes the same line without it; '
                         'every other line kept, every need met)')
        self.assertEqual(check.removable_message(('CONFIG_DRV=m', 'h', 'CONFIG_DRV=y')),
                         'removable line: CONFIG_DRV=m (without it the kernel writes CONFIG_DRV=y; '
                         'every other line kept, every need met)')


class Profile(unittest.TestCase):
    def test_parts(self):
        p = {'options': [{'symbol': 'E1000E', 'value': 'm'}], 'needs': [{'symbol': 'CONFIG_E1000E', 'want': 'm'}],
             'modules': [{'name': 'e1000e', 'symbol': 'E1000E'}],
             'unreachable': [{'symbol': 'ARM_X', 'why': 'depends on ARM'}, 'MIPS_Y: arch']}
        options, needs, modules, unreachable = check.profile_parts(p)
        self.assertEqual(options, [('E1000E', 'm')])
        self.assertEqual(needs, [('E1000E', 'm')])
        self.assertEqual(unreachable, {'ARM_X': 'depends on ARM', 'MIPS_Y': 'arch'})


class Bound(unittest.TestCase):
    def test_modules_builtins_and_unknown(self):
        bound = ('pci/0000:00:02.0\tpci:v8086\te1000e\te1000e\n'
                 'serio/serio0\tserio:ty06\tatkbd\t-\n'
                 'platform/serial8250\tplatform:serial8250\tserial8250\t-\n'
                 'acpi/LNXCPU:00\tacpi:LNXCPU:\t-\t-\n'
                 'usb/1-0:1.0\tusb:v1D6B\thub\tusbcore\n'
                 'usb/2-0:1.0\tusb:v1D6B\thub\tusbcore\n')
        order = {'e1000e': 'drivers/net/e1000e/e1000e', 'usbcore': 'drivers/usb/core/usbcore'}
        ours = {'atkbd': ['drivers/input/keyboard/atkbd'], 'e1000e': ['drivers/net/e1000e/e1000e']}
        checks, skipped = check.bound_checks(bound, order, ours)
        self.assertEqual(checks, [('pci/0000:00:02.0', 'e1000e', 'e1000e', 'drivers/net/e1000e/e1000e'),
                                  ('serio/serio0', 'atkbd', 'atkbd', 'drivers/input/keyboard/atkbd'),
                                  ('usb/1-0:1.0', 'hub', 'usbcore', 'drivers/usb/core/usbcore')])
        self.assertEqual(skipped, [('platform/serial8250', 'serial8250',
                                    'built in; no module of our index is named serial8250')])


class CheckCase(unittest.TestCase):
    def make(self, fragment, profile, **kw):
        c = check.Case('t', 'modules', [], **kw)
        c.fragment = check.parse_fragment(fragment)[0]
        c.profile = profile
        c.options, c.needs, c.modules, c.unreachable = check.profile_parts(profile)
        c.skipped = check.skipped_part(profile)
        return c

    def test_module_case_passes(self):
        c = self.make('CONFIG_PCI=y\nCONFIG_E1000E=m\n',
                      {'needs': [{'symbol': 'E1000E', 'want': 'm'}], 'modules': [{'name': 'e1000e', 'symbol': 'E1000E'}]},
                      module=('e1000e', 'drivers/net/e1000e/e1000e'))
        check.check_case(c, {'PCI': 'y', 'E1000E': 'm'}, {'drivers/net/e1000e/e1000e': {'E1000E'}})
        self.assertEqual(c.problems, [])

    def test_module_case_failures(self):
        c = self.make('CONFIG_E1000E=m\n',
                      {'needs': [{'symbol': 'E1000E', 'want': 'm'}], 'modules': [],
                       'unreachable': [{'symbol': 'FOO', 'why': 'no'}]},
                      module=('e1000e', 'drivers/net/e1000e/e1000e'))
        check.check_case(c, {'E1000E': 'n'}, {'drivers/net/e1000e/e1000e': {'E1000E'}})
        self.assertEqual(c.problems, [
            "option not set correctly: E1000E (wanted 'm', got 'n')",
            "need not met: E1000E (want 'm', got 'n')",
            'unreachable: FOO: no',
            "module e1000e is not among the json's modules (its own aliases did not select it)",
            "module e1000e (drivers/net/e1000e/e1000e): none of CONFIG_E1000E enabled (got 'n')"])

    def test_skipped_needs_are_notes_unreachable_ones_fail(self):
        profile = {'needs': [{'symbol': 'USB_HID', 'want': 'm'}, {'symbol': 'USB_KBD', 'want': 'm'},
                             {'symbol': 'SPAPR', 'want': 'm'}],
                   'modules': [{'name': 'usbkbd', 'symbol': 'USB_KBD'}],
                   'skipped': [{'symbol': 'USB_KBD', 'why': 'not needed: usbhid serves it'}],
                   'unreachable': [{'symbol': 'SPAPR', 'why': 'powerpc'}]}
        c = self.make('CONFIG_USB_HID=m\n', profile)
        check.check_case(c, {'USB_HID': 'm', 'USB_KBD': 'n', 'SPAPR': 'n'}, {})
        self.assertEqual(c.problems, ['unreachable: SPAPR: powerpc'])
        self.assertIn('skipped: USB_KBD: not needed: usbhid serves it', c.notes)

    def test_builtin_has_no_m_lines(self):
        c = self.make('CONFIG_USB_PHY=y\nCONFIG_NOP_USB_XCEIV=m\n', {'needs': []}, builtin=True)
        check.check_case(c, {'USB_PHY': 'y', 'NOP_USB_XCEIV': 'm'}, {})
        self.assertEqual(c.problems, ['--tristate builtin: F has CONFIG_NOP_USB_XCEIV=m'])

    def test_builtin_wants_y(self):
        c = self.make('CONFIG_E1000E=y\n', {'needs': [{'symbol': 'E1000E', 'want': 'm'}, {'symbol': 'X', 'want': 'n'}]},
                      builtin=True)
        check.check_case(c, {'E1000E': 'm'}, {})
        self.assertEqual(c.problems, ["option not set correctly: E1000E (wanted 'y', got 'm')",
                                      "--tristate builtin: need E1000E is 'm', not 'y'"])


if __name__ == '__main__':
    unittest.main()
