#!/bin/bash
# Meson entry point of the Kconfig oracle (suite 'oracle'); finds the kernel tree and Debian's
# config, then runs one of:
#
#   with-oracle.sh HWNEEDS     run.sh: the kernel's scripts/kconfig against `hwneeds kconfig`
#   with-oracle.sh --choices   the choice fixtures' expected files against the kernel's conf
#                              (tests/data/kconfig/choices/generate.sh --check)
#
# The tree: HWNEEDS_KSRC and HWNEEDS_DEBIAN_CONFIG when both are set (an extracted tree and the
# image's boot/config-*), else the pair that scripts/test-all fetched into HWNEEDS_ORACLE_DIR
# (tests/oracle/debian-kernel.sh). Neither: skipped (exit 77) with the reason. Outputs go to
# HWNEEDS_KCONFIG_OUT, default $HWNEEDS_ORACLE_DIR/kconfig or /var/tmp/hwneeds-kconfig-oracle;
# reference results are cached there across runs, the index is rebuilt every run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] || { echo "usage: $0 HWNEEDS|--choices" >&2; exit 2; }

if [ -n "${HWNEEDS_KSRC:-}" ] && [ -n "${HWNEEDS_DEBIAN_CONFIG:-}" ]; then
    KSRC=$HWNEEDS_KSRC CONFIG=$HWNEEDS_DEBIAN_CONFIG
elif [ -n "${HWNEEDS_ORACLE_DIR:-}" ]; then
    eval "$("$here/../debian-kernel.sh" "$HWNEEDS_ORACLE_DIR")"
else
    echo "skipped: neither HWNEEDS_KSRC + HWNEEDS_DEBIAN_CONFIG nor HWNEEDS_ORACLE_DIR is set (scripts/test-all sets HWNEEDS_ORACLE_DIR)"
    exit 77
fi

if [ "$1" = --choices ]; then
    exec "$here/../../data/kconfig/choices/generate.sh" --check "$KSRC"
fi
if [ -n "${HWNEEDS_KCONFIG_OUT:-}" ]; then
    out=$HWNEEDS_KCONFIG_OUT
elif [ -n "${HWNEEDS_ORACLE_DIR:-}" ]; then
    out=$HWNEEDS_ORACLE_DIR/kconfig
else
    out=/var/tmp/hwneeds-kconfig-oracle
fi
mkdir -p "$out"
rm -f "$out/hwneeds.db"
exec "$here/run.sh" --hwneeds "$1" --db "$out/hwneeds.db" --debian-config "$CONFIG" "$KSRC" "$out"
