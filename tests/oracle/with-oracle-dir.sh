#!/bin/bash
# Runs an oracle command with the Debian kernel pair that scripts/test-all fetched into
# $HWNEEDS_ORACLE_DIR: the last argument CACHE is replaced by that directory, and an argument
# @KSRC@ by its kernel source tree. Without HWNEEDS_ORACLE_DIR the test is skipped (exit 77).
set -euo pipefail
if [ -z "${HWNEEDS_ORACLE_DIR:-}" ]; then
    echo "skipped: HWNEEDS_ORACLE_DIR is not set (scripts/test-all fetches the Debian kernel pair and sets it)"
    exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
eval "$("$here/debian-kernel.sh" "$HWNEEDS_ORACLE_DIR")"
cmd=()
for a in "$@"; do
    [ "$a" = @KSRC@ ] && a=$KSRC
    cmd+=("$a")
done
case "${cmd[0]}" in
    */run.sh) cmd+=("$HWNEEDS_ORACLE_DIR") ;;
esac
exec "${cmd[@]}"
