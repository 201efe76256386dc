#!/bin/bash
# Issue 5's speed target: resolve a whole machine from a warm index in <= 20 ms. "Warm" is the
# daemon's situation: the index's Kconfig model, the tinyconfig base and the alias catalog are in
# memory; the figure is the per-machine work (plan the needs of the probed devices, resolve them
# over the base, check the answer with the evaluator). The whole `hwneeds resolve` process (which
# also loads all of that from SQLite) is timed too, for scale.
#
#   bench/resolve.sh [--build DIR] DB|KSRC [MACHINE...]   (KSRC: a kernel tree, indexed first;
#                                                          MACHINE: a --sysfs-root recording;
#                                                          default: the recorded machines in tests/data)
# Exit 1 when an answer fails its own fixed-point check; the times are printed, not judged (they
# move with the machine's load: docs/benchmarks.md has the figures and how they were taken).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
if [ "${1:-}" = --build ]; then build=$2; shift 2; fi
[ $# -ge 1 ] || { echo "usage: $0 [--build DIR] DB [MACHINE...]" >&2; exit 2; }
db=$1
shift
if [ -d "$db" ]; then
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    echo "## indexing $db"
    "$build/cli/hwneeds" index --kernel-src "$db" --out "$tmp/x.db" --quiet
    db=$tmp/x.db
fi
machines=("$@")
[ ${#machines[@]} -gt 0 ] || machines=("$root/tests/data/machines/qemu-rich" "$root/tests/data/machines/ci-vm")
echo "## machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${machines[@]}"; do
    echo "## in-process, warm (bench/resolve_bench.cc, median of 21): $m"
    "$build/bench/resolve_bench" "$db" "$m" 21
    echo "## the same with --profile nixos"
    "$build/bench/resolve_bench" "$db" "$m" 21 nixos | grep -E '^(needs|fragment_lines|problems|evaluations|resolve_)'
    times=()
    for _ in $(seq 5); do
        t0=$(date +%s%N)
        "$build/cli/hwneeds" resolve --db "$db" --sysfs-root "$m" >/dev/null
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)
    printf 'whole process: %d.%03d ms (hwneeds resolve --db … --sysfs-root …, median of 5)\n' \
        $((median / 1000)) $((median % 1000))
done
