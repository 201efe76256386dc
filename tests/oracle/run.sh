#!/bin/bash
# The whole ground-truth check: fetch a Debian kernel pair, index its source with hwneeds and
# compare the aliases and modules with what the built kernel has.
#
#   tests/oracle/run.sh [--hwneeds PATH] CACHE_DIR    (or HWNEEDS=PATH; default build/cli/hwneeds)
#
# Writes hwneeds.db, *-ours.txt and *-details.md into CACHE_DIR; exit 1 when a check fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
hwneeds=${HWNEEDS:-$here/../../build/cli/hwneeds}
if [ "${1:-}" = --hwneeds ]; then
    hwneeds=$2
    shift 2
fi
[ $# -eq 1 ] || { echo "usage: $0 [--hwneeds PATH] CACHE_DIR" >&2; exit 2; }
cache=$1

eval "$("$here/debian-kernel.sh" "$cache")"
echo "oracle: indexing $KSRC" >&2
"$hwneeds" index --kernel-src "$KSRC" --out "$cache/hwneeds.db" --stats >&2
"$hwneeds" aliases --db "$cache/hwneeds.db" --config "$CONFIG" >"$cache/aliases-ours.txt"
"$hwneeds" modules --db "$cache/hwneeds.db" >"$cache/modules-ours.txt"

status=0
echo "## Aliases ($KVER)"
"$here/compare-aliases" "$cache/aliases-ours.txt" "$MODDIR/modules.alias" "$MODDIR/modules.order" \
    --details "$cache/aliases-details.md" || status=1
echo
echo "## Modules ($KVER)"
"$here/compare-modules" "$cache/modules-ours.txt" "$MODDIR/modules.order" "$CONFIG" \
    --details "$cache/modules-details.md" || status=1
exit $status
