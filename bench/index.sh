#!/bin/bash
# Times `hwneeds index` on a kernel source tree against a budget made from the tree's own tools:
#   budget = 5 x (grep -rl MODULE_DEVICE_TABLE over the tree + the kernel's `make olddefconfig`)
# and checks the indexer's peak RSS. PASS needs index time <= budget and RSS <= 1024 MiB.
#
#   bench/index.sh [--hwneeds PATH] KSRC        (or HWNEEDS=PATH; default build/cli/hwneeds)
#
# Exit 0 on PASS, 1 on FAIL, 77 when there is no hwneeds binary (the baseline is still printed).
# olddefconfig needs make, gcc, flex, bison and bc; it builds in a temporary O= directory, so
# the tree itself is not touched.
set -euo pipefail

log() { echo "bench: $*" >&2; }
die() { log "error: $*"; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
hwneeds=${HWNEEDS:-$here/../build/cli/hwneeds}
if [ "${1:-}" = --hwneeds ]; then
    [ $# -ge 2 ] || die "--hwneeds needs a PATH"
    hwneeds=$2
    shift 2
fi
[ $# -eq 1 ] || die "usage: $0 [--hwneeds PATH] KSRC"
ksrc=$(cd "$1" && pwd)
if [ ! -f "$ksrc/Makefile" ] || [ ! -d "$ksrc/scripts/kconfig" ]; then
    die "$ksrc is not a kernel tree"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
# Seconds between two `now` values, 3 decimals.
elapsed() { echo "$2 - $1" | bc -l | xargs printf '%.3f'; }

# Best of three runs for each baseline: the minimum is the least disturbed by other load.
best_of_3() {
    local best='' t0 t1 s
    for _ in 1 2 3; do
        t0=$(now); "$@"; t1=$(now)
        s=$(elapsed "$t0" "$t1")
        if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then
            best=$s
        fi
    done
    echo "$best"
}

grep_tree() {
    grep -rl MODULE_DEVICE_TABLE --include='*.c' --include='*.h' "$ksrc" >"$tmp/grep.out" || true
}
log "grep (warming the page cache first)"
grep_tree
grep_s=$(best_of_3 grep_tree)

kmake() { make -s -C "$ksrc" O="$tmp/obj" ARCH=x86_64 "$@" >"$tmp/make.log" 2>&1 ||
    { cat "$tmp/make.log" >&2; die "make $* failed"; }; }
log "make defconfig (untimed: builds scripts/kconfig/conf)"
kmake defconfig
log "make olddefconfig"
olddefconfig_s=$(best_of_3 kmake olddefconfig)
budget_s=$(echo "5 * ($grep_s + $olddefconfig_s)" | bc -l | xargs printf '%.3f')

echo "cores:                        $(nproc)"
echo "grep -rl (warm, best of 3):   ${grep_s} s ($(wc -l <"$tmp/grep.out") files)"
echo "make olddefconfig (best of 3): ${olddefconfig_s} s"
echo "budget 5 x (sum):             ${budget_s} s"

if [ ! -x "$hwneeds" ]; then
    log "no hwneeds binary at $hwneeds; skipping the index run"
    echo "SKIP: no hwneeds binary"
    exit 77
fi
log "$hwneeds index --kernel-src $ksrc"
t0=$(now)
/usr/bin/time -v -o "$tmp/time.txt" "$hwneeds" index --kernel-src "$ksrc" --out "$tmp/x.db" \
    >"$tmp/index.log" 2>&1 || { cat "$tmp/index.log" >&2; die "hwneeds index failed"; }
t1=$(now)
[ -s "$tmp/x.db" ] || die "hwneeds index wrote no database"
index_s=$(elapsed "$t0" "$t1")
rss_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
rss_mib=$((rss_kib / 1024))
ratio=$(echo "$index_s / ($grep_s + $olddefconfig_s)" | bc -l | xargs printf '%.2f')

echo "hwneeds index:                ${index_s} s (user $(awk -F': ' '/User time/ { print $2 }' "$tmp/time.txt") s, sys $(awk -F': ' '/System time/ { print $2 }' "$tmp/time.txt") s)"
echo "ratio index / sum:            ${ratio} (limit 5)"
echo "peak RSS:                     ${rss_mib} MiB (limit 1024)"
echo "database:                     $(du -k "$tmp/x.db" | cut -f1) KiB"

verdict=PASS
if [ "$(echo "$ratio <= 5" | bc -l)" != 1 ]; then
    echo "FAIL: index took ${ratio}x the budget unit"
    verdict=FAIL
fi
if [ "$rss_mib" -gt 1024 ]; then
    echo "FAIL: peak RSS ${rss_mib} MiB"
    verdict=FAIL
fi
echo "$verdict"
[ "$verdict" = PASS ]
