#!/bin/bash
# The Kconfig differential oracle (issue 3): the kernel's own scripts/kconfig against
# `hwneeds kconfig`, symbol by symbol, for tinyconfig, allnoconfig, alldefconfig, defconfig
# (x86_64_defconfig), Debian's config through olddefconfig and N seeded partial configs through
# olddefconfig.
#
#   run.sh --hwneeds BIN --db DB --debian-config FILE [--partials N] [--full N] [--jobs J] KSRC OUTDIR
#
# Runs reference.sh KSRC OUTDIR (cached there), then for each line of OUTDIR/manifest.tsv
#   hwneeds kconfig MODE --db DB [--base OUTDIR/INPUT] > OUTDIR/ours/TARGET.config
# and compare-config against the kernel's OUTDIR/TARGET.config (the differences go to
# OUTDIR/ours/TARGET.diff). DB is made with `hwneeds index` when it does not exist. Prints a
# markdown table (target, symbols, differing) and exits 1 when any symbol differs or our side
# fails, 2 on a wrong command line. A hwneeds without the `kconfig` command is a failure, not a
# skip.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
log() { echo "kconfig-oracle: $*" >&2; }
die() { log "error: $*"; exit 1; }
usage() {
    echo "usage: $0 --hwneeds BIN --db DB --debian-config FILE [--partials N] [--full N] [--jobs J] KSRC OUTDIR" >&2
    exit 2
}

hwneeds='' db='' ref_args=() have_debian=0
while [ $# -gt 0 ]; do
    case "$1" in
        --hwneeds) [ $# -ge 2 ] || usage; hwneeds=$2; shift 2 ;;
        --db) [ $# -ge 2 ] || usage; db=$2; shift 2 ;;
        --debian-config) [ $# -ge 2 ] || usage; ref_args+=("$1" "$2"); have_debian=1; shift 2 ;;
        --partials|--full|--jobs) [ $# -ge 2 ] || usage; ref_args+=("$1" "$2"); shift 2 ;;
        -h|--help) usage ;;
        --*) log "unknown option $1"; usage ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] && [ -n "$hwneeds" ] && [ -n "$db" ] || usage
[ $have_debian -eq 1 ] || { log "--debian-config is required (Debian's boot/config-* for 6.1)"; usage; }
ksrc=$1
mkdir -p "$2/ours"
out=$(cd "$2" && pwd)

# Our side first: without the command there is nothing to compare, and that is a failure.
[ -x "$hwneeds" ] || die "no hwneeds binary at $hwneeds"
if ! "$hwneeds" help kconfig >/dev/null 2>&1; then
    die "$hwneeds has no \`kconfig\` command (\`hwneeds kconfig MODE --db DB [--base CONFIG]\`, issue 3); the Kconfig oracle cannot run"
fi

if [ ! -f "$db" ]; then
    log "no $db; indexing $ksrc"
    "$hwneeds" index --kernel-src "$ksrc" --out "$db" >&2 || die "hwneeds index failed"
fi

"$here/reference.sh" "${ref_args[@]}" "$ksrc" "$out"

status=0
rows=()
failed=()
start=$(date +%s.%N)
while IFS=$'\t' read -r target mode input output; do
    ours=$out/ours/$target.config
    if [ "$mode" = allnoconfig-walk ]; then
        # The independent second algorithm (kconfig/allnoconfig_walk.h) against the same reference.
        cmd=("$hwneeds" kconfig allnoconfig --walk --db "$db")
    else
        cmd=("$hwneeds" kconfig "$mode" --db "$db")
    fi
    [ "$input" = - ] || cmd+=(--base "$out/$input")
    rm -f "$out/ours/$target.diff"
    code=0
    "${cmd[@]}" >"$ours" 2>"$out/ours/$target.log" || code=$?
    if [ $code -ne 0 ]; then
        rows+=("| $target | - | - | hwneeds failed (exit $code), see ours/$target.log |")
        failed+=("$target")
        status=1
        continue
    fi
    code=0
    "$here/compare-config" --labels kernel,hwneeds "$out/$output" "$ours" \
        >"$out/ours/$target.diff" 2>&1 || code=$?
    summary=$(tail -n 1 "$out/ours/$target.diff")
    if [[ $code -le 1 && "$summary" =~ ^compare-config:\ ([0-9]+)\ symbols,\ ([0-9]+)\ differ$ ]]; then
        symbols=${BASH_REMATCH[1]} differing=${BASH_REMATCH[2]}
        if [ "$differing" -eq 0 ]; then
            rows+=("| $target | $symbols | 0 | ok |")
        else
            rows+=("| $target | $symbols | $differing | DIFFERS |")
            failed+=("$target")
            status=1
        fi
    else
        rows+=("| $target | - | - | compare-config failed: $summary |")
        failed+=("$target")
        status=1
    fi
done < <(cat "$out/manifest.tsv"; printf 'allnoconfig-walk\tallnoconfig-walk\t-\tallnoconfig.config\n')
log "our side took $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

echo "| target | symbols | differing | status |"
echo "|---|---:|---:|---|"
printf '%s\n' "${rows[@]}"
for target in "${failed[@]}"; do
    echo
    echo "### $target (first 30 lines of ours/$target.diff or .log)"
    echo '```'
    if [ -s "$out/ours/$target.diff" ]; then
        head -n 30 "$out/ours/$target.diff"
    else
        head -n 30 "$out/ours/$target.log"
    fi
    echo '```'
done
[ $status -eq 0 ] && log "all targets agree" || log "${#failed[@]} target(s) differ: ${failed[*]}"
exit $status
