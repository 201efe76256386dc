#!/usr/bin/env python3
"""kmod conformance oracle for the matcher (issue 4).

Builds a seeded query set (every device modalias found on this machine and in
tests/data/machines/*/expected/modaliases.txt, plus ~20k modaliases synthesised from the real
modules.alias: wildcards filled, near misses, bracket/bcd boundaries, acpi/dmi shapes, '-'/'_'
variants), resolves each with `modprobe -d IMG -S KVER -R` on the built Debian kernel (cached
by query-set hash) and with our matcher (match_driver) over `hwneeds aliases --config`
restricted to modules.order, and compares the module sets per query.

Two figures:
  matcher   our matcher over the *real* modules.alias vs kmod: isolates matching semantics;
            must be 100%.
  end-to-end our matcher over *our* source index vs kmod: what the issue asks (>= 99.5%).
Every difference is printed with its cause when it can be told.

  run.py --hwneeds PATH --driver PATH [--db DB] [--queries N] [--seed S] [--jobs J]
Oracle dir from $HWNEEDS_ORACLE_DIR (tests/oracle/debian-kernel.sh layout); exit 77 without it.
"""
import argparse
import glob
import hashlib
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
HEX = '0123456789ABCDEF'


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def module_name(path):
    base = os.path.basename(path.strip())
    base = base.split('.ko')[0]
    return base.replace('-', '_')


def read_alias_lines(path):
    out = []
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0] == 'alias':
                out.append((parts[1], parts[2]))
    return out


# ---------------------------------------------------------------- query synthesis

def parse_bracket(p, i):
    """p[i] == '['; returns (members as a sorted list of chars, negated, index after ']') or None."""
    j = i + 1
    neg = False
    if j < len(p) and p[j] in '!^':
        neg, j = True, j + 1
    members = set()
    first = True
    while j < len(p):
        c = p[j]
        if c == ']' and not first:
            return sorted(members), neg, j + 1
        first = False
        if j + 2 < len(p) and p[j + 1] == '-' and p[j + 2] != ']':
            for o in range(ord(c), ord(p[j + 2]) + 1):
                members.add(chr(o))
            j += 3
        else:
            members.add(c)
            j += 1
    return None


def fill(rng):
    r = rng.random()
    if r < 0.3:
        return ''
    if r < 0.7:
        return ''.join(rng.choice(HEX) for _ in range(rng.randint(1, 6)))
    if r < 0.9:
        return ''.join(rng.choice('abcXYZ09:_-,. ') for _ in range(rng.randint(1, 5)))
    return ':' + rng.choice(['pn', 'svn', 'rvn', 'bvr', 'ct']) + ''.join(rng.choice(HEX) for _ in range(4)) + ':'


def instantiate(p, rng, bracket_pick=None):
    """One text the pattern should match (or, with bracket_pick, one probing a range edge)."""
    out = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == '*':
            out.append(fill(rng))
            i += 1
        elif c == '?':
            out.append(rng.choice(HEX + 'xyz'))
            i += 1
        elif c == '[':
            b = parse_bracket(p, i)
            if b is None:
                out.append(c)
                i += 1
                continue
            members, neg, end = b
            if bracket_pick is not None and members:
                lo, hi = ord(members[0]), ord(members[-1])
                out.append(chr(max(32, min(126, {'lo-1': lo - 1, 'lo': lo, 'hi': hi, 'hi+1': hi + 1}[bracket_pick]))))
            elif neg or not members:
                choices = [ch for ch in HEX + 'xyz' if ch not in members]
                out.append(rng.choice(choices or ['~']))
            else:
                out.append(rng.choice(members))
            i = end
        elif c == '\\' and i + 1 < len(p):
            out.append(p[i + 1])
            i += 2
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def near_miss(q, rng):
    spots = [k for k, ch in enumerate(q) if ch in HEX]
    if not spots:
        return None
    k = rng.choice(spots)
    return q[:k] + rng.choice([h for h in HEX if h != q[k]]) + q[k + 1:]


def device_modaliases():
    found = []
    for pattern in ['/sys/bus/*/devices/*/modalias', '/sys/devices/system/cpu/modalias',
                    '/sys/devices/virtual/dmi/id/modalias']:
        for path in sorted(glob.glob(pattern)):
            try:
                with open(path, encoding='utf-8', errors='surrogateescape') as f:
                    found.append(f.read().strip())
            except OSError:
                pass
    for path in sorted(glob.glob(os.path.join(REPO, 'tests/data/machines/*/expected/modaliases.txt'))):
        with open(path, encoding='utf-8', errors='surrogateescape') as f:
            found += [line.strip() for line in f if line.strip()]
    return [q for q in found if q]


def synthesise(patterns, n, seed):
    rng = random.Random(seed)
    pats = sorted({p for p, _ in patterns})
    qs = []
    for p in rng.sample(pats, min(len(pats), n * 6 // 10)):
        qs.append(instantiate(p, rng))
    for p in rng.sample(pats, min(len(pats), n // 4)):
        m = near_miss(instantiate(p, rng), rng)
        if m:
            qs.append(m)
    for p in pats:
        if '[' in p:
            for pick in ('lo-1', 'lo', 'hi', 'hi+1'):
                qs.append(instantiate(p, rng, pick))
    for p in pats:
        if p.startswith('acpi*:'):
            hid = p[len('acpi*:'):].rstrip('*').rstrip(':')
            qs += ['acpi:%s:' % hid, 'acpi:ABCD0001:%s:' % hid, 'acpi:%s' % hid, 'acpi:%s:' % hid.lower()]
        elif p.startswith('dmi'):
            qs.append(instantiate(p, rng) + ':pnX:')
    base = list(qs)
    for q in rng.sample(base, min(len(base), n // 10)):
        if '_' in q:
            qs.append(q.replace('_', '-'))
        elif '-' in q:
            qs.append(q.replace('-', '_'))
    qs = [q for q in qs if '\n' not in q and q]
    rng.shuffle(qs)
    return qs


# ---------------------------------------------------------------- the two sides

def run_kmod(queries, img, kver, jobs, cache_dir, key):
    """kmod's module set per query. Results are cached per query in kmod-KEY.tsv (KEY: the kernel
    version and modules.alias.bin), so a changed query set only runs modprobe for new queries."""
    cache = os.path.join(cache_dir, 'kmod-%s.tsv' % key)
    known = read_results(cache) if os.path.exists(cache) else {}
    todo = [q for q in dict.fromkeys(queries) if q not in known]
    log('kmod: %d queries cached in %s, modprobe -R for %d on %d jobs' % (len(queries) - len(todo), cache, len(todo), jobs))
    script = ('while IFS= read -r -d "" q; do printf "\\001%s\\n" "$q"; '
              'modprobe -d "$1" -S "$2" -R -- "$q" 2>/dev/null; done')
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        procs = []
        for j in range(jobs if todo else 0):
            inp = os.path.join(tmp, 'in%d' % j)
            with open(inp, 'w', encoding='utf-8', errors='surrogateescape') as f:
                f.write(''.join(q + '\0' for q in todo[j::jobs]))
            out = open(os.path.join(tmp, 'out%d' % j), 'w')
            procs.append((subprocess.Popen(['bash', '-c', script, 'kmod', img, kver],
                                           stdin=open(inp), stdout=out), out))
        for p, out in procs:
            p.wait()
            out.close()
        for j in range(len(procs)):
            with open(os.path.join(tmp, 'out%d' % j), encoding='utf-8', errors='surrogateescape') as f:
                current = None
                for line in f:
                    line = line.rstrip('\n')
                    if line.startswith('\x01'):
                        current = line[1:]
                        results[current] = set()
                    elif current is not None and line:
                        results[current].add(line)
    if todo:
        with open(cache, 'a', encoding='utf-8', errors='surrogateescape') as f:
            for q in todo:
                f.write('%s\t%s\n' % (q, ','.join(sorted(results.get(q, ())))))
    known.update({q: results.get(q, set()) for q in todo})
    return {q: known[q] for q in queries}


def read_results(path):
    out = {}
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        for line in f:
            q, _, mods = line.rstrip('\n').rpartition('\t')
            out[q] = set(m for m in mods.split(',') if m)
    return out


def run_driver(driver, aliases_path, queries_path, out_path):
    with open(out_path, 'w') as out:
        subprocess.run([driver, aliases_path, queries_path], stdout=out, check=True)
    return read_results(out_path)


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--hwneeds', required=True)
    ap.add_argument('--driver', required=True)
    ap.add_argument('--db', help='reuse this index of the oracle source instead of indexing')
    ap.add_argument('--queries', type=int, default=20000)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--min', type=float, default=0.995)
    ap.add_argument('--write-queries', help='also write the query set here (for the benchmark)')
    args = ap.parse_args()

    oracle = os.environ.get('HWNEEDS_ORACLE_DIR')
    if not oracle:
        print('skipped: HWNEEDS_ORACLE_DIR is not set')
        return 77
    img = os.path.join(oracle, 'img')
    kvers = sorted(os.listdir(os.path.join(img, 'lib/modules')))
    kver = kvers[-1]
    moddir = os.path.join(img, 'lib/modules', kver)
    config = os.path.join(img, 'boot', 'config-' + kver)
    ksrc = os.path.join(oracle, 'src', 'linux-source-6.1')
    work = os.path.join(oracle, 'kmod-match')
    os.makedirs(work, exist_ok=True)

    with open(os.path.join(moddir, 'modules.order')) as f:
        order = {module_name(l) for l in f if l.strip()}

    db = args.db
    if not db:
        db = os.path.join(work, 'hwneeds.db')
        log('ours: hwneeds index %s' % ksrc)
        with open(os.path.join(work, 'index.log'), 'w') as index_log:
            subprocess.run([args.hwneeds, 'index', '--kernel-src', ksrc, '--out', db], check=True,
                           stdout=index_log, stderr=index_log)
    ours_all = subprocess.run([args.hwneeds, 'aliases', '--db', db, '--config', config], check=True,
                              capture_output=True, text=True, errors='surrogateescape').stdout
    ours_path = os.path.join(work, 'aliases-ours.txt')
    with open(ours_path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        for line in ours_all.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == 'alias' and parts[2] in order:
                f.write(line + '\n')
    real_path = os.path.join(moddir, 'modules.alias')
    real = read_alias_lines(real_path)

    devices = device_modaliases()
    synth = synthesise(real, args.queries, args.seed)
    queries, seen = [], set()
    for q in devices + synth:
        if q not in seen:
            seen.add(q)
            queries.append(q)
        if len(queries) >= args.queries + len(devices):
            break
    queries_path = os.path.join(work, 'queries.txt')
    with open(queries_path, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write(''.join(q + '\n' for q in queries))
    if args.write_queries:
        with open(args.write_queries, 'w', encoding='utf-8', errors='surrogateescape') as f:
            f.write(''.join(q + '\n' for q in queries))
    log('queries: %d (%d device modaliases, rest synthesised, seed %d)' % (len(queries), len(devices), args.seed))

    h = hashlib.sha256()
    h.update(kver.encode())
    with open(os.path.join(moddir, 'modules.alias.bin'), 'rb') as f:
        h.update(hashlib.sha256(f.read()).digest())
    kmod = run_kmod(queries, img, kver, args.jobs, work, h.hexdigest()[:16])
    kmod = {q: {m for m in mods if m in order} for q, mods in kmod.items()}

    on_real = run_driver(args.driver, real_path, queries_path, os.path.join(work, 'matches-real.tsv'))
    ours = run_driver(args.driver, ours_path, queries_path, os.path.join(work, 'matches-ours.tsv'))

    def explain(q, theirs, mine):
        if q.replace('-', '_') in theirs:
            return 'kmod resolved the query as a module name (module lookups come before aliases)'
        if on_real.get(q) == theirs:
            return 'the index differs from modules.alias (our matcher on the real modules.alias agrees with kmod)'
        return 'matcher'

    status = 0
    for label, mine_all in (('matcher (real modules.alias)', on_real), ('end-to-end (our index)', ours)):
        diffs = [q for q in queries if mine_all.get(q, set()) != kmod.get(q, set())]
        agree = 1 - len(diffs) / len(queries)
        matched = sum(1 for q in queries if kmod.get(q))
        print('## %s: %d/%d queries agree (%.3f%%); kmod found modules for %d' %
              (label, len(queries) - len(diffs), len(queries), 100 * agree, matched))
        causes = {}
        for q in diffs:
            theirs, mine = kmod.get(q, set()), mine_all.get(q, set())
            cause = explain(q, theirs, mine) if mine_all is ours else (
                'kmod resolved the query as a module name (module lookups come before aliases)'
                if q.replace('-', '_') in theirs else 'matcher')
            causes[cause] = causes.get(cause, 0) + 1
            print('  %s\n    kmod only: %s\n    ours only: %s\n    cause: %s' %
                  (q, ','.join(sorted(theirs - mine)) or '-', ','.join(sorted(mine - theirs)) or '-', cause))
        for cause, n in sorted(causes.items(), key=lambda x: -x[1]):
            print('  %5d  %s' % (n, cause))
        if agree < args.min:
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
