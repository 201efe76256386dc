#!/bin/bash
# The resolver's acceptance oracle: `hwneeds resolve` (the fragment F over tinyconfig) against the
# kernel's own olddefconfig on Debian's 6.1 source, for 500 single modules, the recorded machines,
# --profile nixos and --tristate builtin, with 1-minimality on a sample (README.md here).
#
#   run.sh [--hwneeds BIN] [--db DB] [--modules N] [--combos N] [--combo-size K] [--seed S] [--minimal N] [--verify N]
#          [--jobs J] CACHE_DIR
#
# CACHE_DIR is the oracle dir of tests/oracle/debian-kernel.sh (HWNEEDS_ORACLE_DIR; fetched or
# reused there). Everything of this oracle goes to CACHE_DIR/resolve: kernel/ (kernel-side.sh:
# the kernel's tinyconfig and olddefconfig-batch, cached by key), hwneeds.db (our index of the
# source, reused while the hwneeds binary and the source package are the same; --db DB uses DB
# instead), conf-cache/ (olddefconfig results by input), failures/CASE/ (details of each failing
# case). Exit 0 all pass, 1 a case fails, 2 the oracle could not run (usage, kernel side, a
# hwneeds without `resolve`).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
log() { echo "resolve-oracle: $*" >&2; }
die() { log "error: $*"; exit 2; }
usage() {
    sed -n '6,7p' "$0" | sed 's/^# */usage: /' >&2
    exit 2
}

hwneeds=${HWNEEDS:-$repo/build/cli/hwneeds}
db='' check_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --hwneeds) [ $# -ge 2 ] || usage; hwneeds=$2; shift 2 ;;
        --db) [ $# -ge 2 ] || usage; db=$2; shift 2 ;;
        --modules|--combos|--combo-size|--seed|--minimal|--verify|--jobs)
            [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || usage; check_args+=("$1" "$2"); shift 2 ;;
        -h|--help) usage ;;
        --*) log "unknown option $1"; usage ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || usage
mkdir -p "$1"
cache=$(cd "$1" && pwd)
start=$(date +%s.%N)

[ -x "$hwneeds" ] || die "no hwneeds binary at $hwneeds"
hwneeds=$(cd "$(dirname "$hwneeds")" && pwd)/$(basename "$hwneeds")
if ! "$hwneeds" help resolve >/dev/null 2>&1; then
    die "$hwneeds has no \`resolve\` command; the resolver oracle cannot run"
fi

eval "$("$here/../debian-kernel.sh" "$cache")"
out=$cache/resolve
mkdir -p "$out"

"$here/kernel-side.sh" "$KSRC" "$out/kernel" || die "the kernel side failed"

# Our index of the same source: reused while the binary and the source package are the same.
if [ -z "$db" ]; then
    db=$out/hwneeds.db
    key=$( { sha256sum <"$hwneeds"; cat "$cache/src/.from-deb" 2>/dev/null || echo "$KSRC"; } | sha256sum | cut -d' ' -f1)
    if [ -f "$db" ] && [ -f "$db.key" ] && [ "$(cat "$db.key")" = "$key" ]; then
        log "reusing $db (same hwneeds binary, same source)"
    else
        log "hwneeds index $KSRC -> $db"
        rm -f "$db" "$db.key"
        "$hwneeds" index --kernel-src "$KSRC" --out "$db" >"$out/index.log" 2>&1 ||
            { tail -n 20 "$out/index.log" >&2; die "hwneeds index failed (see $out/index.log)"; }
        echo "$key" >"$db.key"
    fi
fi
[ -f "$db" ] || die "no index at $db"
"$hwneeds" modules --db "$db" >"$out/modules-ours.txt" || die "hwneeds modules failed"

code=0
python3 "$here/check.py" --hwneeds "$hwneeds" --db "$db" --modules-ours "$out/modules-ours.txt" \
    --moddir "$MODDIR" --ksrc "$KSRC" --kdir "$out/kernel" --machines "$repo/tests/data/machines" \
    --out "$out" "${check_args[@]}" || code=$?
log "done in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }') s (exit $code)"
exit $code
