#!/usr/bin/env python3
"""The resolver's acceptance oracle: `hwneeds resolve` against the kernel's own olddefconfig.

For each case (a device set), F = `hwneeds resolve ... --format kconfig` and the profile from
`--format json`; then config = the kernel's tinyconfig + F, through the kernel's olddefconfig
(olddefconfig-batch of kernel-side.sh: conf's own code), and:
  * every line of F is in the result exactly ("unused option: X" when the result does not
    mention X, "option not set correctly: X (wanted 'm', got 'y')" otherwise), as nixpkgs'
    generate-config.pl demands;
  * every need holds (want m: y or m; y: y; n: off), except needs listed as unreachable;
  * the json's options are F's lines;
  * every module of the json whose symbol is not unreachable has that symbol enabled.
Cases:
  module-NAME      the aliases of one module of the image's modules.order (seeded sample), each
                   pattern made concrete, as --modaliases, --no-mounts; also: unreachable must be
                   empty, the module must be among the json's modules, and a symbol of its Kbuild
                   path (`hwneeds modules`) must be enabled in the kernel's result
  machine-M        tests/data/machines/M via --sysfs-root (mounts included); every driver bound
                   there (expected/bound.txt) that is a module, or a built-in one whose driver
                   name is a module name of our index, must have a symbol enabled
  nixos-none       --profile nixos, no devices
  nixos-qemu-rich  --profile nixos on qemu-rich;  builtin-qemu-rich: --tristate builtin, every
                   need must be y
1-minimality on a sample (--minimal module cases + the machine and profile cases): each line of
F removed in turn must break the fixed point (another line of F not kept) or drop a need (on an
F that fails already, only the lines kept and the needs met with the whole F count).
The kernel's olddefconfig-batch is compared byte for byte with `make olddefconfig` on --verify
sampled inputs of the run. Failures: details under OUT/failures/CASE/; exit 1.

  check.py --hwneeds BIN --db DB --modules-ours FILE --moddir DIR --ksrc DIR --kdir DIR
           --machines DIR --out DIR [--modules N] [--seed S] [--minimal N] [--verify N] [--jobs J]
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

HWNEEDS_TIMEOUT = 300  # seconds for one `hwneeds resolve`
MODULE_SUFFIXES = ('.ko', '.ko.xz', '.ko.zst', '.ko.gz')
LINE_SET = re.compile(r'^CONFIG_([A-Za-z0-9_]+)=(.*)$')
LINE_UNSET = re.compile(r'^# CONFIG_([A-Za-z0-9_]+) is not set$')


def log(msg):
    print('resolve-oracle: ' + msg, file=sys.stderr, flush=True)


class OracleError(Exception):
    """The oracle itself could not do its work (not a finding about hwneeds)."""


# ---------------------------------------------------------------- pure helpers (unit-tested)

def norm_module(name):
    return name.replace('-', '_')


def module_path(order_line):
    """'kernel/drivers/net/e1000e/e1000e.ko' -> 'drivers/net/e1000e/e1000e' (hwneeds modules' PATH)."""
    p = order_line.strip()
    for suffix in MODULE_SUFFIXES:
        if p.endswith(suffix):
            p = p[:-len(suffix)]
            break
    if p.startswith('kernel/'):
        p = p[len('kernel/'):]
    return p


def parse_bracket(p, i):
    """p[i] == '['; (members in pattern order, negated, index after ']') or None (fnmatch/kmod)."""
    j = i + 1
    neg = False
    if j < len(p) and p[j] in '!^':
        neg, j = True, j + 1
    members = []
    first = True
    while j < len(p):
        c = p[j]
        if c == ']' and not first:
            return members, neg, j + 1
        first = False
        if j + 2 < len(p) and p[j + 1] == '-' and p[j + 2] != ']':
            members += [chr(o) for o in range(ord(c), ord(p[j + 2]) + 1)]
            j += 3
        else:
            members.append(c)
            j += 1
    return None


NEGATED_PICKS = '0123456789ABCDEFabcdefXYZxyz_'


def concretize(pattern):
    """One modalias the (fnmatch) pattern matches: '*' -> '', '?' -> '0', '[abc]' -> 'a',
    '[!abc]' -> the first of 0-9A-Fa-f... not in it, '\\x' -> 'x'."""
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == '*':
            i += 1
        elif c == '?':
            out.append('0')
            i += 1
        elif c == '[':
            b = parse_bracket(pattern, i)
            if b is None:  # an unclosed '[' is a literal
                out.append(c)
                i += 1
                continue
            members, neg, end = b
            if neg:
                pick = next((ch for ch in NEGATED_PICKS if ch not in members), None)
                if pick is None:
                    pick = next(chr(o) for o in range(33, 127) if chr(o) not in members)
                out.append(pick)
            else:
                out.append(members[0])
            i = end
        elif c == '\\' and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def parse_fragment(text):
    """F's lines: ([(symbol, value, line)], [bad lines]). value is 'n' for '# ... is not set'.
    Blank lines and other comments are allowed."""
    lines, bad = [], []
    for raw in text.splitlines():
        line = raw.rstrip('\r')
        m = LINE_SET.match(line)
        if m:
            lines.append((m.group(1), m.group(2), line))
            continue
        m = LINE_UNSET.match(line)
        if m:
            lines.append((m.group(1), 'n', line))
            continue
        if line.strip() == '' or line.startswith('#'):
            continue
        bad.append(line)
    return lines, bad


def parse_config(text):
    """A .config as olddefconfig writes it: symbol -> value ('n' for is not set)."""
    values = {}
    for line in text.splitlines():
        m = LINE_SET.match(line)
        if m:
            values[m.group(1)] = m.group(2)
            continue
        m = LINE_UNSET.match(line)
        if m:
            values[m.group(1)] = 'n'
    return values


def config_line(values, symbol):
    """The result's line for symbol, as the kernel wrote it, or '(absent)'."""
    if symbol not in values:
        return '(absent)'
    v = values[symbol]
    return '# CONFIG_%s is not set' % symbol if v == 'n' else 'CONFIG_%s=%s' % (symbol, v)


def strip_config(symbol):
    return symbol[len('CONFIG_'):] if symbol.startswith('CONFIG_') else symbol


def enabled(values, symbol):
    return values.get(symbol, 'n') in ('y', 'm')


def fixed_point_problems(fragment, values):
    """nixpkgs generate-config.pl's verdict on F given the kernel's result."""
    problems = []
    for symbol, value, _ in fragment:
        if symbol not in values:
            problems.append('unused option: %s' % symbol)
        elif values[symbol] != value:
            problems.append("option not set correctly: %s (wanted '%s', got '%s')" % (symbol, value, values[symbol]))
    return problems


def need_holds(want, got):
    if want == 'y':
        return got == 'y'
    if want == 'n':
        return got not in ('y', 'm')
    return got in ('y', 'm')  # 'm': enabled, as a module or built in


def need_problems(needs, values, skip=()):
    problems, seen = [], set()
    for symbol, want in needs:
        if symbol in skip or (symbol, want) in seen:
            continue
        seen.add((symbol, want))
        got = values.get(symbol, 'n')
        if not need_holds(want, got):
            problems.append("need not met: %s (want '%s', got '%s')" % (symbol, want, got))
    return problems


def removable(fragment, index, needs, values, skip=(), baseline=None):
    """1-minimality: with line `index` left out, the kernel's result is `values`; the line is
    removable when every other line is still kept and every need still holds. With `baseline`
    (the result of the whole F), only the lines and needs that held there count: on an F that
    already fails somewhere, a removal is judged by what it changes."""
    others = [l for k, l in enumerate(fragment) if k != index]
    considered = needs
    if baseline is not None:
        others = [l for l in others if not fixed_point_problems([l], baseline)]
        considered = [n for n in needs if need_holds(n[1], baseline.get(n[0], 'n'))]
    return not fixed_point_problems(others, values) and not need_problems(considered, values, skip)


def skipped_part(profile):
    """{symbol: why} of the json's `skipped`: needs hwneeds left out as not needed (another built
    module serves the device) or optional (only softdeps/companions ask): docs/hardware-profile.md."""
    return {strip_config(k.get('symbol', '')): k.get('why', '') for k in profile.get('skipped', [])
            if isinstance(k, dict)}


def profile_parts(profile):
    """(options [(symbol, value)], needs [(symbol, want)], modules [dict], unreachable {symbol: why})."""
    options = [(strip_config(o['symbol']), str(o['value'])) for o in profile.get('options', [])]
    needs = [(strip_config(n['symbol']), str(n['want'])) for n in profile.get('needs', [])]
    modules = list(profile.get('modules', []))
    unreachable = {}
    for u in profile.get('unreachable', []):
        if isinstance(u, dict):
            unreachable[strip_config(u.get('symbol', ''))] = u.get('why', '')
        else:  # "SYMBOL: why"
            s, _, why = str(u).partition(':')
            unreachable[strip_config(s.strip())] = why.strip()
    return options, needs, modules, unreachable


def bound_checks(bound_text, order_paths, ours_by_name):
    """The drivers a distribution kernel bound on a recorded machine (expected/bound.txt):
    ([(device, driver, module, Kbuild path)] to check, [(device, driver, why not checkable)])."""
    check, skipped, seen = [], [], set()
    for line in bound_text.splitlines():
        parts = line.split('\t')
        if len(parts) != 4:
            continue
        dev, _, driver, module = parts
        if driver == '-':
            continue
        if module != '-':
            name = norm_module(module)
            path = order_paths.get(name)
            if path is None:
                paths = ours_by_name.get(name, [])
                path = paths[0] if len(paths) == 1 else None
            if path is None:
                skipped.append((dev, driver, 'module %s is in neither modules.order nor (once) our index' % module))
                continue
        else:
            name = norm_module(driver)
            paths = ours_by_name.get(name, [])
            if len(paths) != 1:
                skipped.append((dev, driver, 'built in; no module of our index is named %s' % name
                                if not paths else 'built in; %d modules of our index are named %s' % (len(paths), name)))
                continue
            path = paths[0]
        if (driver, path) in seen:
            continue
        seen.add((driver, path))
        check.append((dev, driver, name, path))
    return check, skipped


def median(xs):
    return statistics.median(xs) if xs else 0


# ---------------------------------------------------------------- the kernel's olddefconfig

class Kernel:
    """olddefconfig through kernel-side.sh's olddefconfig-batch (JOBS lanes), cached by input."""

    def __init__(self, kdir, ksrc, cache_dir, work_dir, jobs):
        self.kdir, self.ksrc, self.jobs = kdir, ksrc, jobs
        self.cache_dir, self.work_dir = cache_dir, work_dir
        os.makedirs(cache_dir, exist_ok=True)
        os.makedirs(work_dir, exist_ok=True)
        with open(os.path.join(kdir, 'key')) as f:
            self.key = f.read().strip()
        with open(os.path.join(kdir, 'conf.env'), encoding='utf-8', errors='surrogateescape') as f:
            self.env = dict(kv.split('=', 1) for kv in f.read().split('\0') if kv)
        with open(os.path.join(kdir, 'tinyconfig.config'), encoding='utf-8') as f:
            self.base = f.read()
        self.used = set()
        self.ran = 0
        self.cached = 0
        self.seconds = 0.0

    def digest(self, text):
        return hashlib.sha256((self.key + '\n').encode() + text.encode('utf-8', 'surrogateescape')).hexdigest()

    def path(self, h):
        return os.path.join(self.cache_dir, h + '.config')

    def run(self, texts):
        """olddefconfig of each text; returns the digests (read results with result())."""
        digests = [self.digest(t) for t in texts]
        todo = {}
        for h, t in zip(digests, texts):
            self.used.add(h)
            if h not in todo and not os.path.exists(self.path(h)):
                todo[h] = t
        self.cached += len(set(digests)) - len(todo)
        if not todo:
            return digests
        start = time.time()
        items = list(todo.items())
        lanes = [items[j::self.jobs] for j in range(min(self.jobs, len(items)))]
        procs = []
        for lane in lanes:
            names = []
            for h, t in lane:
                p = os.path.join(self.work_dir, h + '.config')
                with open(p, 'w', encoding='utf-8', errors='surrogateescape') as f:
                    f.write(t)
                names.append(p)
            proc = subprocess.Popen([os.path.join(self.kdir, 'olddefconfig-batch'), 'Kconfig'],
                                    cwd=os.path.join(self.kdir, 'o'), env=self.env, text=True,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            procs.append((proc, names))
        outs = []
        # communicate() on each in its own thread: the lanes run at the same time.
        results = [None] * len(procs)

        def talk(k):
            proc, names = procs[k]
            results[k] = proc.communicate(''.join(n + '\n' for n in names))

        threads = [threading.Thread(target=talk, args=(k,)) for k in range(len(procs))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for (proc, names), (out, err) in zip(procs, results):
            if proc.returncode != 0:
                raise OracleError('olddefconfig-batch failed (exit %d): %s' % (proc.returncode, err.strip()))
            outs += out.splitlines()
        failed = [l for l in outs if not l.startswith('ok ')]
        if failed or len(outs) != len(items):
            detail = ''
            if failed:
                p = failed[0].split()[1]
                try:
                    with open(p + '.log', encoding='utf-8', errors='replace') as f:
                        detail = f.read()[-2000:]
                except OSError:
                    pass
            raise OracleError('the kernel\'s olddefconfig failed on %d of %d inputs (%s)\n%s' %
                              (len(failed) or len(items) - len(outs), len(items), failed[:1], detail))
        for h, _ in items:
            p = os.path.join(self.work_dir, h + '.config')
            os.replace(p, self.path(h))
            for extra in (p + '.log', p + '.old'):
                if os.path.exists(extra):
                    os.remove(extra)
        self.ran += len(items)
        self.seconds += time.time() - start
        return digests

    def result(self, h):
        with open(self.path(h), encoding='utf-8', errors='surrogateescape') as f:
            return f.read()

    def compose(self, fragment_lines):
        text = self.base if self.base.endswith('\n') else self.base + '\n'
        return text + ''.join(l + '\n' for l in fragment_lines)

    def verify_with_make(self, texts, stamp_dir):
        """`make olddefconfig` in the O= dir on each text must give the batch's bytes. Returns
        (checked, differing [(digest, diff summary)]). Verified digests are remembered."""
        os.makedirs(stamp_dir, exist_ok=True)
        odir = os.path.join(self.kdir, 'o')
        checked, differing = 0, []
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('KCONFIG_') and k not in ('ARCH', 'SRCARCH', 'CROSS_COMPILE', 'LLVM', 'CC', 'LD',
                                                              'MAKEFLAGS', 'MFLAGS', 'O', 'KBUILD_OUTPUT')}
        env['LC_ALL'] = 'C'
        for text in texts:
            h = self.digest(text)
            stamp = os.path.join(stamp_dir, h)
            if os.path.exists(stamp):
                checked += 1
                continue
            self.run([text])
            with open(os.path.join(odir, '.config'), 'w', encoding='utf-8', errors='surrogateescape') as f:
                f.write(text)
            r = subprocess.run(['make', '-C', self.ksrc, 'O=' + odir, 'ARCH=x86_64', 'olddefconfig'],
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                raise OracleError('make olddefconfig failed: %s' % r.stderr[-2000:])
            with open(os.path.join(odir, '.config'), encoding='utf-8', errors='surrogateescape') as f:
                made = f.read()
            batch = self.result(h)
            checked += 1
            if made == batch:
                open(stamp, 'w').close()
            else:
                a, b = parse_config(made), parse_config(batch)
                diff = sorted(s for s in set(a) | set(b) if a.get(s) != b.get(s))
                differing.append((h, '%d symbols differ: %s' % (len(diff), ' '.join(diff[:10]))))
        return checked, differing

    def prune(self):
        removed = 0
        for name in os.listdir(self.cache_dir):
            if name.endswith('.config') and name[:-len('.config')] not in self.used:
                os.remove(os.path.join(self.cache_dir, name))
                removed += 1
        return removed


# ---------------------------------------------------------------- cases

class Case:
    def __init__(self, name, group, args, module=None, bound=None, builtin=False, minimal=False, kconfig=True,
                 module_set=None):
        self.name, self.group, self.args = name, group, args
        self.kconfig = kconfig      # also run --format kconfig (else F is the json's options)
        self.module = module        # (name, Kbuild path) for module cases
        self.module_set = module_set or []  # [(name, Kbuild path)] for combo cases
        self.bound = bound          # bound.txt text for machine cases
        self.builtin = builtin
        self.minimal = minimal
        self.fragment = []          # [(symbol, value, line)]
        self.profile = None
        self.options, self.needs, self.modules, self.unreachable = [], [], [], {}
        self.skipped = {}           # needs hwneeds left out with a reason (json `skipped`)
        self.kconfig_text = ''
        self.json_text = ''
        self.stderr = ''
        self.problems = []
        self.notes = []             # not failures: what could not be checked
        self.digest = None          # olddefconfig result of base + F
        self.removable = []         # 1-minimality failures: (line, digest, the symbol's line without it)
        self.minimality_checked = False


def option_line(symbol, value):
    return '# CONFIG_%s is not set' % symbol if value == 'n' else 'CONFIG_%s=%s' % (symbol, value)


def run_hwneeds(hwneeds, db, case):
    """`hwneeds resolve ARGS --format json` (and --format kconfig when case.kconfig: F is then its
    lines, which must be the json's options; else F is the json's options)."""
    base = [hwneeds, 'resolve', '--db', db] + case.args
    for fmt in (('kconfig', 'json') if case.kconfig else ('json',)):
        try:
            r = subprocess.run(base + ['--format', fmt], capture_output=True, text=True, errors='surrogateescape',
                               timeout=HWNEEDS_TIMEOUT)
        except subprocess.TimeoutExpired:
            case.problems.append('hwneeds resolve --format %s did not finish in %d s' % (fmt, HWNEEDS_TIMEOUT))
            return
        case.stderr += r.stderr
        if r.returncode != 0:
            case.problems.append('hwneeds resolve --format %s failed (exit %d): %s' %
                                 (fmt, r.returncode, ' | '.join(r.stderr.strip().splitlines()[-5:])))
            return
        if fmt == 'kconfig':
            case.kconfig_text = r.stdout
        else:
            case.json_text = r.stdout
    try:
        profile = json.loads(case.json_text)
        case.options, case.needs, case.modules, case.unreachable = profile_parts(profile)
        case.skipped = skipped_part(profile)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        case.problems.append('the json profile cannot be read: %s' % e)
        return
    if not case.kconfig:
        case.kconfig_text = ''.join(option_line(s, v) + '\n' for s, v in case.options)
    case.fragment, bad = parse_fragment(case.kconfig_text)
    for line in bad:
        case.problems.append('not a .config line in the kconfig fragment: %r' % line)
    case.profile = profile
    frag = sorted((s, v) for s, v, _ in case.fragment)
    opts = sorted(case.options)
    if frag != opts:
        only_f = sorted(set(frag) - set(opts))
        only_j = sorted(set(opts) - set(frag))
        case.problems.append('json options differ from the kconfig fragment: only in kconfig %s, only in json %s' %
                             (only_f[:10], only_j[:10]))


def check_case(case, values, paths_symbols):
    """The checks on the kernel's result (values) of base + F."""
    case.problems += fixed_point_problems(case.fragment, values)
    exempt = dict(case.unreachable, **case.skipped)
    case.problems += need_problems(case.needs, values, skip=exempt)
    for m in case.modules:
        sym = strip_config(m.get('symbol') or '')
        if sym and sym not in exempt and not enabled(values, sym):
            case.problems.append("needed module %s: CONFIG_%s not enabled (got '%s')" %
                                 (m.get('name'), sym, values.get(sym, 'n')))
    if case.module_set:
        # Many modules at once: each must be selected and built, unless hwneeds left its symbol
        # out on purpose (`skipped`: another module of the set serves its devices).
        for sym, why in sorted(case.unreachable.items()):
            case.problems.append('unreachable: %s: %s' % (sym, why))
        selected = {norm_module(str(m.get('name', ''))) for m in case.modules}
        for name, path in case.module_set:
            syms = paths_symbols.get(path)
            if name not in selected:
                case.problems.append('module %s is not among the json\'s modules' % name)
            elif syms is None:
                case.problems.append('module %s: `hwneeds modules` has no line for %s' % (name, path))
            elif '' not in syms and not any(enabled(values, x) for x in syms):
                if all(x in case.skipped for x in syms):
                    case.notes.append('module %s left out: %s' % (name, '; '.join(case.skipped[x] for x in sorted(syms))))
                else:
                    case.problems.append('module %s (%s): none of %s enabled' %
                                         (name, path, ', '.join('CONFIG_' + x for x in sorted(syms))))
    if case.module:
        name, path = case.module
        for sym, why in sorted(case.unreachable.items()):
            case.problems.append('unreachable: %s: %s' % (sym, why))
        if name not in {norm_module(str(m.get('name', ''))) for m in case.modules}:
            case.problems.append('module %s is not among the json\'s modules (its own aliases did not select it)' % name)
        syms = paths_symbols.get(path)
        if syms is None:
            case.problems.append('module %s: `hwneeds modules` has no line for %s' % (name, path))
        elif '' not in syms and not any(enabled(values, s) for s in syms):
            case.problems.append('module %s (%s): none of %s enabled (got %s)' %
                                 (name, path, ', '.join('CONFIG_' + s for s in sorted(syms)),
                                  ', '.join("'%s'" % values.get(s, 'n') for s in sorted(syms))))
    if case.bound is not None:
        check, skipped = case.bound
        case.notes.append('bound drivers checked: %d (%s)' % (len(check), ' '.join(sorted({n for _, _, n, _ in check}))))
        for dev, driver, name, path in check:
            syms = paths_symbols.get(path)
            if syms is None:
                case.problems.append('bound driver %s on %s: `hwneeds modules` has no line for %s' % (driver, dev, path))
            elif '' in syms:
                case.notes.append('bound %s (%s): %s is obj-y, built whenever its directory is' % (driver, dev, path))
            elif not any(enabled(values, s) for s in syms):
                case.problems.append('bound driver %s on %s (module %s): none of %s enabled (got %s)' %
                                     (driver, dev, name, ', '.join('CONFIG_' + s for s in sorted(syms)),
                                      ', '.join("'%s'" % values.get(s, 'n') for s in sorted(syms))))
        for dev, driver, why in skipped:
            case.notes.append('not checkable: %s on %s: %s' % (driver, dev, why))
    if case.builtin:
        for sym, value, line in case.fragment:
            if value == 'm':
                case.problems.append('--tristate builtin: F has %s' % line)
        for sym, want in case.needs:
            if sym in exempt or want in ('n', 'y'):  # want 'y' is checked with every need
                continue
            if values.get(sym, 'n') != 'y':
                case.problems.append("--tristate builtin: need %s is '%s', not 'y'" % (sym, values.get(sym, 'n')))
    if not case.module:
        # A machine's or a profile's need that cannot be met is a failure too: what is left out
        # on purpose is in `skipped`, with its reason (listed as notes).
        for sym, why in sorted(case.unreachable.items()):
            case.problems.append('unreachable: %s: %s' % (sym, why))
    case.notes += ['skipped: %s: %s' % (s, w) for s, w in sorted(case.skipped.items())]


def removable_message(removed):
    line, _, without = removed
    if without == line:
        how = 'olddefconfig writes the same line without it'
    else:
        how = 'without it the kernel writes %s' % without
    return 'removable line: %s (%s; every other line kept, every need met)' % (line, how)


def save_failure(case, kernel, fail_dir):
    d = os.path.join(fail_dir, case.name)
    os.makedirs(d, exist_ok=True)

    def write(name, text):
        with open(os.path.join(d, name), 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(text)

    write('command.txt', 'hwneeds resolve --db DB %s --format kconfig|json\n' % ' '.join(case.args))
    write('problems.txt', ''.join(p + '\n' for p in case.problems) +
          ''.join(removable_message(r) + '\n' for r in case.removable))
    if case.notes:
        write('notes.txt', ''.join(n + '\n' for n in case.notes))
    for a in case.args:
        if a.endswith('.modaliases') and os.path.exists(a):
            shutil.copy(a, os.path.join(d, 'input.modaliases'))
    write('fragment.config', case.kconfig_text)
    write('resolve.json', case.json_text)
    write('resolve.stderr', case.stderr)
    if case.digest:
        write('config.in', kernel.compose([l for _, _, l in case.fragment]))
        result = kernel.result(case.digest)
        write('config.out', result)
        values = parse_config(result)
        rows = []
        for s, v, line in case.fragment:
            got = config_line(values, s)
            if got != line:
                rows.append('F: %-50s kernel: %s' % (line, got))
        for s, w in case.needs:
            if s not in case.unreachable and not need_holds(w, values.get(s, 'n')):
                rows.append("need %s want '%s'%s kernel: %s" % (s, w, ' ' * max(1, 40 - len(s)), config_line(values, s)))
        write('differing.txt', ''.join(r + '\n' for r in rows) if rows else '(no F line or need differs)\n')
    for k, (line, h, _) in enumerate(case.removable):
        write('removable-%d.line' % k, line + '\n')
        write('removable-%d.config.out' % k, kernel.result(h))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for opt in ('hwneeds', 'db', 'modules-ours', 'moddir', 'ksrc', 'kdir', 'machines', 'out'):
        ap.add_argument('--' + opt, required=True)
    ap.add_argument('--modules', type=int, default=500, help='module cases (default 500)')
    ap.add_argument('--combos', type=int, default=30, help='cases of many modules at once (default 30)')
    ap.add_argument('--combo-size', type=int, default=30, help='modules per combo case (default 30)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--minimal', type=int, default=40, help='module cases checked for 1-minimality (default 40)')
    ap.add_argument('--verify', type=int, default=4, help='inputs also run through make olddefconfig (default 4)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    start = time.time()

    out = os.path.abspath(args.out)
    case_dir = os.path.join(out, 'cases')
    fail_dir = os.path.join(out, 'failures')
    for d in (case_dir, fail_dir):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    kernel = Kernel(args.kdir, args.ksrc, os.path.join(out, 'conf-cache'), os.path.join(out, 'work'), args.jobs)

    # --- inputs
    with open(os.path.join(args.moddir, 'modules.order')) as f:
        order_paths = {}
        for line in f:
            if line.strip():
                p = module_path(line)
                order_paths[norm_module(os.path.basename(p))] = p
    aliases = {}
    with open(os.path.join(args.moddir, 'modules.alias'), encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == 'alias':
                aliases.setdefault(norm_module(parts[2]), []).append(parts[1])
    paths_symbols, ours_by_name = {}, {}
    with open(args.modules_ours, encoding='utf-8') as f:
        for line in f:
            parts = line.rstrip('\n').split('\t')
            if len(parts) != 3:
                continue
            name, sym, path = parts
            paths_symbols.setdefault(path, set()).add(strip_config(sym))
            ours_by_name.setdefault(norm_module(name), [])
            if path not in ours_by_name[norm_module(name)]:
                ours_by_name[norm_module(name)].append(path)

    # --- cases
    cases = []
    with_aliases = sorted(m for m in order_paths if m in aliases)
    rng = random.Random(args.seed)
    sample = rng.sample(with_aliases, min(args.modules, len(with_aliases)))
    minimal = set(random.Random(args.seed + 1).sample(sample, min(args.minimal, len(sample))))
    log('module sample: %d of the %d modules of modules.order that have aliases (of %d), seed %d; '
        '1-minimality on %d of them' % (len(sample), len(with_aliases), len(order_paths), args.seed, len(minimal)))
    for name in sample:
        p = os.path.join(case_dir, 'module-%s.modaliases' % name)
        with open(p, 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(''.join(concretize(a) + '\n' for a in aliases[name]))
        cases.append(Case('module-' + name, 'modules', ['--modaliases', p, '--no-mounts'],
                          module=(name, order_paths[name]), minimal=name in minimal, kconfig=name in minimal))
    crng = random.Random(args.seed + 2)
    for k in range(args.combos):
        chosen = sorted(crng.sample(with_aliases, min(args.combo_size, len(with_aliases))))
        p = os.path.join(case_dir, 'combo-%d.modaliases' % k)
        with open(p, 'w', encoding='utf-8', errors='surrogateescape') as f:
            for name in chosen:
                f.write(''.join(concretize(a) + '\n' for a in aliases[name]))
        cases.append(Case('combo-%d' % k, 'combos', ['--modaliases', p, '--no-mounts'],
                          module_set=[(name, order_paths[name]) for name in chosen], minimal=k < 3, kconfig=k < 3))
    if args.combos:
        log('combo cases: %d sets of %d modules (seed %d); 1-minimality on %d of them' %
            (args.combos, args.combo_size, args.seed + 2, min(3, args.combos)))
    machines = {}
    for m in ('ci-vm', 'qemu-rich'):
        root = os.path.join(args.machines, m)
        if not os.path.isdir(root):
            raise OracleError('no recorded machine %s' % root)
        with open(os.path.join(root, 'expected', 'bound.txt'), encoding='utf-8') as f:
            machines[m] = bound_checks(f.read(), order_paths, ours_by_name)
        cases.append(Case('machine-' + m, 'machines', ['--sysfs-root', root], bound=machines[m], minimal=True))
    qemu = os.path.join(args.machines, 'qemu-rich')
    cases.append(Case('nixos-none', 'profiles', ['--modaliases', '/dev/null', '--no-mounts', '--profile', 'nixos'],
                      minimal=True))
    cases.append(Case('nixos-qemu-rich', 'profiles', ['--sysfs-root', qemu, '--profile', 'nixos'],
                      bound=machines['qemu-rich'], minimal=True))
    cases.append(Case('builtin-qemu-rich', 'profiles', ['--sysfs-root', qemu, '--tristate', 'builtin'],
                      bound=machines['qemu-rich'], builtin=True, minimal=True))

    # --- hwneeds
    t = time.time()
    log('hwneeds resolve for %d cases (--format json; also --format kconfig for %d) on %d jobs' %
        (len(cases), sum(1 for c in cases if c.kconfig), args.jobs))
    done = 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(run_hwneeds, args.hwneeds, args.db, c) for c in cases]
        for fut in concurrent.futures.as_completed(futures):
            fut.result()
            done += 1
            if done % 100 == 0 or done == len(cases):
                log('  %d/%d (%.0f s)' % (done, len(cases), time.time() - t))
    hwneeds_seconds = time.time() - t

    # --- the kernel on base + F
    t = time.time()
    runnable = [c for c in cases if c.profile is not None]
    log('olddefconfig of tinyconfig + F for %d cases' % len(runnable))
    digests = kernel.run([kernel.compose([l for _, _, l in c.fragment]) for c in runnable])
    for c, h in zip(runnable, digests):
        c.digest = h
        check_case(c, parse_config(kernel.result(h)), paths_symbols)
    log('  %.0f s' % (time.time() - t))

    # --- 1-minimality
    t = time.time()
    mins = [c for c in runnable if c.minimal]
    texts, where = [], []
    for c in mins:
        for k in range(len(c.fragment)):
            texts.append(kernel.compose([l for j, (_, _, l) in enumerate(c.fragment) if j != k]))
            where.append((c, k))
    log('1-minimality: %d cases, %d configs with one line of F left out' % (len(mins), len(texts)))
    digests = kernel.run(texts)
    baselines = {}
    for (c, k), h in zip(where, digests):
        c.minimality_checked = True
        if c.name not in baselines:
            baselines[c.name] = parse_config(kernel.result(c.digest))
        values = parse_config(kernel.result(h))
        if removable(c.fragment, k, c.needs, values, skip=dict(c.unreachable, **c.skipped), baseline=baselines[c.name]):
            c.removable.append((c.fragment[k][2], h, config_line(values, c.fragment[k][0])))
    log('  %.0f s' % (time.time() - t))

    # --- the batch against make olddefconfig
    t = time.time()
    vrng = random.Random(args.seed + 2)
    pool_texts = [kernel.compose([l for _, _, l in c.fragment]) for c in runnable]
    chosen = []
    if runnable and args.verify > 0:
        biggest = max(range(len(runnable)), key=lambda k: len(runnable[k].fragment))
        chosen.append(pool_texts[biggest])
        rest = [k for k in range(len(runnable)) if k != biggest]
        chosen += [pool_texts[k] for k in vrng.sample(rest, min(args.verify - 1, len(rest)))]
    if texts and args.verify > 0:
        chosen.append(vrng.choice(texts))
    checked, differing = kernel.verify_with_make(chosen, os.path.join(out, 'verified'))
    log('olddefconfig-batch vs make olddefconfig: %d inputs, %d differ (%.0f s)' % (checked, len(differing), time.time() - t))
    if differing:
        raise OracleError('olddefconfig-batch differs from make olddefconfig: %s' % differing)

    # --- report
    failed = [c for c in cases if c.problems or c.removable]
    for c in failed:
        save_failure(c, kernel, fail_dir)
    pruned = kernel.prune()
    groups = ['modules', 'combos', 'machines', 'profiles']
    print('## oracle-resolve: hwneeds resolve against the kernel\'s olddefconfig (seed %d)' % args.seed)
    print()
    print('| cases | count | pass | fail | F lines min / median / max | needs median | 1-minimality (cases, lines, removable) |')
    print('|---|---:|---:|---:|---|---:|---|')
    for g in groups:
        cs = [c for c in cases if c.group == g]
        sizes = [len(c.fragment) for c in cs if c.profile is not None]
        nneeds = [len({s for s, _ in c.needs}) for c in cs if c.profile is not None]
        mc = [c for c in cs if c.minimality_checked]
        print('| %s | %d | %d | %d | %s | %s | %d, %d, %d |' % (
            g, len(cs), len(cs) - sum(1 for c in cs if c in failed), sum(1 for c in cs if c in failed),
            '%d / %g / %d' % (min(sizes), median(sizes), max(sizes)) if sizes else '-',
            '%g' % median(nneeds) if nneeds else '-',
            len(mc), sum(len(c.fragment) for c in mc), sum(len(c.removable) for c in mc)))
    print()
    for c in cases:
        if c.group not in ('modules', 'combos') or (c.group == 'combos' and (c in failed or c.notes)):
            print('- %s: F %d lines, %d needs, %d modules%s' % (
                c.name, len(c.fragment), len({s for s, _ in c.needs}), len(c.modules),
                '' if c not in failed else ', FAILED'))
            for n in c.notes:
                print('  - %s' % n)
    print()
    print('olddefconfig: %d run, %d cached (%.0f s in the batch); make olddefconfig checked the batch on %d '
          'inputs; hwneeds %.0f s; total %.0f s; %d stale cache entries removed' % (
              kernel.ran, kernel.cached, kernel.seconds, checked, hwneeds_seconds, time.time() - start, pruned))
    if failed:
        print()
        print('### %d failing case(s); details in %s/CASE/' % (len(failed), fail_dir))
        for c in failed[:40]:
            print('- %s (%s)' % (c.name, ' '.join(c.args)))
            for p in c.problems[:12]:
                print('    %s' % p)
            if len(c.problems) > 12:
                print('    ... %d more' % (len(c.problems) - 12))
            for r in c.removable[:12]:
                print('    %s' % removable_message(r))
        if len(failed) > 40:
            print('- ... %d more' % (len(failed) - 40))
        return 1
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except OracleError as e:
        log('error: %s' % e)
        sys.exit(2)
