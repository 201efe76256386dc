#!/bin/bash
# Issue 3's speed targets: parsing the whole Kconfig tree (<= 1 s without toolchain probes) and
# olddefconfig from the index (<= 50 ms), plus the whole `hwneeds kconfig olddefconfig` process.
#
#   bench/kconfig.sh [--build DIR] KSRC CONFIG     (CONFIG: a full .config, e.g. Debian's boot/config-*)
set -euo pipefail
build=$(cd "$(dirname "$0")/.." && pwd)/build
if [ "${1:-}" = --build ]; then build=$2; shift 2; fi
[ $# -eq 2 ] || { echo "usage: $0 [--build DIR] KSRC CONFIG" >&2; exit 2; }
ksrc=$1 config=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "## in-process (bench/kconfig_bench.cc, medians of 5)"
"$build/bench/kconfig_bench" "$ksrc" "$config" 5

echo "## whole process: hwneeds kconfig olddefconfig --db … --base CONFIG (median of 11)"
"$build/cli/hwneeds" index --kernel-src "$ksrc" --out "$tmp/x.db" --quiet
times=()
for _ in $(seq 11); do
    t0=$(date +%s%N)
    "$build/cli/hwneeds" kconfig olddefconfig --db "$tmp/x.db" --base "$config" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
printf 'process: %d.%03d ms (includes exec, SQLite read of the model, .config parse and write)\n' \
    $((median / 1000)) $((median % 1000))
