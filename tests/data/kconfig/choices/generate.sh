#!/bin/bash
# Regenerates the expected .config files of the choice fixtures with the KERNEL's conf (never with
# our code): see README.md in this directory.
#
#   generate.sh [--check] KSRC [CASE...]   (default: every directory here)
#
# --check writes nothing here: it regenerates into a temporary copy and exits 1 when any expected
# file would change (the oracle suite runs this).
set -euo pipefail

src=$(cd "$(dirname "$0")" && pwd)
check=0
if [ "${1:-}" = --check ]; then
    check=1
    shift
fi
[ $# -ge 1 ] || { echo "usage: $0 [--check] KSRC [CASE...]" >&2; exit 2; }
ksrc=$(cd "$1" && pwd)
shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
here=$src
if [ $check -eq 1 ]; then
    here=$scratch/copy
    cp -r "$src" "$here"
fi
export LC_ALL=C
unset KCONFIG_ALLCONFIG KCONFIG_PROBABILITY KCONFIG_CONFIG KCONFIG_DEFCONFIG_LIST KCONFIG_SEED \
      KCONFIG_OVERWRITECONFIG KCONFIG_NOSILENTUPDATE MAKEFLAGS

# conf is built by any config target; the .config allnoconfig writes there is thrown away.
make -s -C "$ksrc" O="$scratch/o" ARCH=x86_64 allnoconfig >/dev/null
conf=$scratch/o/scripts/kconfig/conf

# conf MODE CASE OUT [INPUT]: runs in an empty directory with srctree=CASE (conf finds
# "Kconfig" there) and KCONFIG_CONFIG=OUT; for olddefconfig OUT starts as a copy of INPUT.
run_conf() {
    local mode=$1 dir=$2 result=$3 input=${4:-} work
    work=$(mktemp -d -p "$scratch")
    [ -z "$input" ] || cp "$input" "$work/.config"
    (cd "$work" && env srctree="$dir" KCONFIG_CONFIG=.config "$conf" -s "--$mode" Kconfig) \
        >"$work/log" 2>&1 || { cat "$work/log" >&2; echo "conf --$mode failed in $dir" >&2; exit 1; }
    cp "$work/.config" "$result"
    # conf's warnings are part of the behaviour: keep them beside the result for the reader.
    if [ -s "$work/log" ]; then
        cp "$work/log" "${result%.config}.warnings"
    else
        rm -f "${result%.config}.warnings"
    fi
}

if [ $# -eq 0 ]; then
    cases=()
    for dir in "$here"/*/; do
        dir=${dir%/}
        cases+=("${dir##*/}")
    done
    set -- "${cases[@]}"
fi
for name in "$@"; do
    dir=$here/$name
    [ -f "$dir/Kconfig" ] || { echo "no $dir/Kconfig" >&2; exit 1; }
    run_conf allnoconfig "$dir" "$dir/allnoconfig.config"
    run_conf alldefconfig "$dir" "$dir/alldefconfig.config"
    for input in "$dir"/olddefconfig-*.input; do
        [ -e "$input" ] || continue
        run_conf olddefconfig "$dir" "${input%.input}.config" "$input"
    done
    expected=("$dir"/*.config)
    echo "$name: ${#expected[@]} expected files" >&2
done
if [ $check -eq 1 ]; then
    if diff -r "$src" "$here" >&2; then
        echo "the expected files match the kernel's conf" >&2
    else
        echo "error: the expected files differ from what the kernel's conf writes (diff above)" >&2
        exit 1
    fi
fi
