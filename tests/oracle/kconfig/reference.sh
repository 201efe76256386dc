#!/bin/bash
# The kernel's own answers for the Kconfig differential oracle: runs the kernel's make targets
# (ARCH=x86_64) in scratch O= directories and writes one full .config per target into OUTDIR.
#
#   reference.sh [--debian-config FILE] [--partials N] [--full N] [--jobs J]
#                [--make-var VAR=VALUE]... KSRC OUTDIR
#
# OUTDIR gets:
#   tinyconfig.config allnoconfig.config alldefconfig.config
#   defconfig.config                 make x86_64_defconfig
#   debian.input, debian.config      FILE (Debian's boot/config-*) copied, then make olddefconfig
#   partial-S.randconfig             KCONFIG_SEED=S make randconfig, for S in 1..N (default 20)
#   partial-S.input                  a seeded random subset of 5-60 CONFIG_ lines of it
#   partial-S.config                 partial-S.input through make olddefconfig
#   randconfig-S.config              the whole partial-S.randconfig through make olddefconfig, for
#                                    S in 1..min(N, --full) (default 5): thousands of symbols set
#   manifest.tsv                     TARGET<TAB>MODE<TAB>INPUT<TAB>OUTPUT, one line per target:
#                                    what our side must run (MODE is a `hwneeds kconfig` mode,
#                                    INPUT the --base file for olddefconfig, else "-")
#   toolchain.txt                    the tools the Kconfig probes ($(cc-option,...)) asked
#   NAME.key                         cache key of each target; logs/NAME.log the make output
# A target whose .key matches (same Kconfig files, scripts, toolchain, make variables, input and
# this script) and whose outputs exist is reused, not rerun. KSRC is only read (make O=...).
# Progress and the time taken go to stderr. Needs make, gcc, flex, bison, python3.
set -euo pipefail

log() { echo "reference: $*" >&2; }
die() { log "error: $*"; exit 1; }
usage() {
    sed -n '5,6p' "$0" | sed 's/^# */usage: /' >&2
    exit 2
}

debian_config=''
partials=20
full=5
jobs=$(nproc 2>/dev/null || echo 1)
make_vars=()
while [ $# -gt 0 ]; do
    case "$1" in
        --debian-config) [ $# -ge 2 ] || usage; debian_config=$2; shift 2 ;;
        --partials) [ $# -ge 2 ] || usage; partials=$2; shift 2 ;;
        --full) [ $# -ge 2 ] || usage; full=$2; shift 2 ;;
        --jobs) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
        --make-var) [ $# -ge 2 ] || usage; make_vars+=("$2"); shift 2 ;;
        -h|--help) usage ;;
        --*) log "unknown option $1"; usage ;;
        *) break ;;
    esac
done
[ $# -eq 2 ] || usage
[[ "$partials" =~ ^[0-9]+$ ]] || die "--partials wants a number, got '$partials'"
[[ "$full" =~ ^[0-9]+$ ]] || die "--full wants a number, got '$full'"
[ "$full" -le "$partials" ] || full=$partials
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "--jobs wants a positive number, got '$jobs'"
[ -f "$1/Makefile" ] && [ -f "$1/Kconfig" ] || die "$1 is not a kernel source tree"
ksrc=$(cd "$1" && pwd)
mkdir -p "$2/logs"
out=$(cd "$2" && pwd)
if [ -n "$debian_config" ]; then
    [ -f "$debian_config" ] || die "no such file: $debian_config"
else
    log "warning: no --debian-config; the debian target is left out"
fi
for tool in make gcc flex bison python3 sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done

# The oracle must not depend on the caller's environment: these change what conf does.
unset KCONFIG_ALLCONFIG KCONFIG_PROBABILITY KCONFIG_CONFIG KCONFIG_OVERWRITECONFIG \
      KCONFIG_NOSILENTUPDATE KCONFIG_AUTOCONFIG KCONFIG_AUTOHEADER KCONFIG_TRISTATE \
      KCONFIG_SEED KCONFIG_DEFCONFIG_LIST KBUILD_DEFCONFIG KBUILD_KCONFIG \
      ARCH SRCARCH CROSS_COMPILE LLVM CC LD MAKEFLAGS MFLAGS O KBUILD_OUTPUT
export LC_ALL=C

start=$(date +%s.%N)
scratch=$out/.scratch

# ---- cache keys -------------------------------------------------------------------------------
# Everything that can change a target's output, hashed once: the Kconfig files, the kconfig
# programs and config fragments, the toolchain the Kconfig probes run, the make variables and
# this script itself (the cut algorithm lives here).
tree_hash=$(cd "$ksrc" && {
    find . -name 'Kconfig*' -type f
    find scripts/kconfig arch/x86/configs kernel/configs -type f
    ls Makefile scripts/Kconfig.include scripts/*.sh
} | sort -u | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
{
    for tool in gcc ld as nm objcopy pahole clang rustc bindgen; do
        if command -v "$tool" >/dev/null; then
            printf '%s: %s\n' "$tool" "$("$tool" --version 2>&1 | head -n1)"
        else
            printf '%s: (not installed)\n' "$tool"
        fi
    done
    printf 'make variables: %s\n' "${make_vars[*]:-(none)}"
} >"$out/toolchain.txt"
base_key=$( { echo "$tree_hash"; cat "$out/toolchain.txt" "$0"; } | sha256sum | cut -d' ' -f1)

key_of() {  # TARGET [INPUT_FILE]
    { echo "$base_key $1"; [ -z "${2:-}" ] || cat "$2"; } | sha256sum | cut -d' ' -f1
}

cached() {  # TARGET KEY FILES...
    local name=$1 key=$2 f
    shift 2
    [ -f "$out/$name.key" ] && [ "$(cat "$out/$name.key")" = "$key" ] || return 1
    for f in "$@"; do
        [ -f "$out/$f" ] || return 1
    done
}

# ---- make -------------------------------------------------------------------------------------
kmake() {  # LANE TARGET LOG [VAR=VALUE...]: make in the lane's O= dir, output appended to LOG
    local lane=$1 target=$2 logfile=$3
    shift 3
    make -C "$ksrc" O="$scratch/o$lane" ARCH=x86_64 "${make_vars[@]}" "$@" "$target" \
        >>"$logfile" 2>&1 || { log "error: make $target failed; see $logfile"; tail -n 20 "$logfile" >&2; return 1; }
}

fresh() {  # LANE: an O= dir without a .config (conf reads one for some targets)
    mkdir -p "$scratch/o$1"
    rm -f "$scratch/o$1/.config" "$scratch/o$1/.config.old"
}

# The cut: a seeded random subset of 5-60 CONFIG_ lines ("=" and "is not set" alike), kept in
# the order of the randconfig.
cut_partial() {  # SEED RANDCONFIG > INPUT
    python3 - "$1" "$2" <<'EOF'
import random, re, sys
seed, path = int(sys.argv[1]), sys.argv[2]
pattern = re.compile(r"CONFIG_[A-Za-z0-9_]+=|# CONFIG_[A-Za-z0-9_]+ is not set$")
with open(path, encoding="utf-8") as f:
    lines = [line for line in f.read().splitlines() if pattern.match(line)]
rng = random.Random(seed)
n = min(rng.randint(5, 60), len(lines))
for i in sorted(rng.sample(range(len(lines)), n)):
    print(lines[i])
EOF
}

total=$((4 + partials))
[ -z "$debian_config" ] || total=$((total + 1))
job_no=0  # set by run_lane: lanes run in parallel subshells
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
progress() {  # NAME WHAT START
    log "$(printf '[%d/%d] %-13s %s (%s s)' "$job_no" "$total" "$1" "$2" "$(since "$3")")"
}

run_simple() {  # LANE NAME MAKE_TARGET
    local lane=$1 name=$2 target=$3 t key
    t=$(date +%s.%N)
    key=$(key_of "$name")
    if cached "$name" "$key" "$name.config"; then
        progress "$name" "cached" "$t"
        return
    fi
    rm -f "$out/$name.key" "$out/logs/$name.log"
    fresh "$lane"
    kmake "$lane" "$target" "$out/logs/$name.log"
    cp "$scratch/o$lane/.config" "$out/$name.config"
    echo "$key" >"$out/$name.key"
    progress "$name" "make $target" "$t"
}

run_olddefconfig() {  # LANE NAME INPUT (already in OUTDIR)
    local lane=$1 name=$2 input=$3
    fresh "$lane"
    cp "$out/$input" "$scratch/o$lane/.config"
    kmake "$lane" olddefconfig "$out/logs/$name.log"
    cp "$scratch/o$lane/.config" "$out/$name.config"
}

run_debian() {  # LANE
    local lane=$1 t key
    t=$(date +%s.%N)
    key=$(key_of debian "$debian_config")
    if cached debian "$key" debian.input debian.config &&
        cmp -s "$debian_config" "$out/debian.input"; then
        progress debian "cached" "$t"
        return
    fi
    rm -f "$out/debian.key" "$out/logs/debian.log"
    cp "$debian_config" "$out/debian.input"
    run_olddefconfig "$lane" debian debian.input
    echo "$key" >"$out/debian.key"
    progress debian "make olddefconfig on $(basename "$debian_config")" "$t"
}

run_partial() {  # LANE SEED
    local lane=$1 seed=$2 name=partial-$2 t key outputs
    t=$(date +%s.%N)
    outputs=("$name.randconfig" "$name.input" "$name.config")
    [ "$seed" -gt "$full" ] || outputs+=("randconfig-$seed.config")
    key=$(key_of "$name ${outputs[*]}")
    if cached "$name" "$key" "${outputs[@]}"; then
        progress "$name" "cached" "$t"
        return
    fi
    rm -f "$out/$name.key" "$out/logs/$name.log"
    fresh "$lane"
    kmake "$lane" randconfig "$out/logs/$name.log" KCONFIG_SEED="$seed"
    cp "$scratch/o$lane/.config" "$out/$name.randconfig"
    cut_partial "$seed" "$out/$name.randconfig" >"$out/$name.input"
    run_olddefconfig "$lane" "$name" "$name.input"
    [ "$seed" -gt "$full" ] || run_olddefconfig "$lane" "randconfig-$seed" "$name.randconfig"
    echo "$key" >"$out/$name.key"
    progress "$name" "randconfig, $(wc -l <"$out/$name.input") lines cut, olddefconfig" "$t"
}

# ---- the targets ------------------------------------------------------------------------------
# Lane L of J takes every J-th job; each lane has its own O= dir (conf is built once per lane).
jobs_list=(simple:tinyconfig:tinyconfig simple:allnoconfig:allnoconfig
           simple:alldefconfig:alldefconfig simple:defconfig:x86_64_defconfig)
[ -z "$debian_config" ] || jobs_list+=(debian)
for ((seed = 1; seed <= partials; seed++)); do
    jobs_list+=("partial:$seed")
done

run_lane() {  # LANE
    local lane=$1 i job
    for ((i = lane; i < ${#jobs_list[@]}; i += jobs)); do
        job=${jobs_list[$i]}
        job_no=$((i + 1))
        case "$job" in
            simple:*) IFS=: read -r _ name target <<<"$job"; run_simple "$lane" "$name" "$target" ;;
            debian) run_debian "$lane" ;;
            partial:*) run_partial "$lane" "${job#partial:}" ;;
        esac
    done
}

log "$ksrc -> $out ($total targets, $jobs lanes)"
pids=()
for ((lane = 0; lane < jobs; lane++)); do
    run_lane "$lane" &
    pids+=($!)
done
status=0
for pid in "${pids[@]}"; do
    wait "$pid" || status=1
done
[ $status -eq 0 ] || die "a target failed (logs in $out/logs)"

{
    printf 'tinyconfig\ttinyconfig\t-\ttinyconfig.config\n'
    printf 'allnoconfig\tallnoconfig\t-\tallnoconfig.config\n'
    printf 'alldefconfig\talldefconfig\t-\talldefconfig.config\n'
    printf 'defconfig\tdefconfig\t-\tdefconfig.config\n'
    [ -z "$debian_config" ] || printf 'debian\tolddefconfig\tdebian.input\tdebian.config\n'
    for ((seed = 1; seed <= partials; seed++)); do
        printf 'partial-%d\tolddefconfig\tpartial-%d.input\tpartial-%d.config\n' "$seed" "$seed" "$seed"
    done
    for ((seed = 1; seed <= full; seed++)); do
        printf 'randconfig-%d\tolddefconfig\tpartial-%d.randconfig\trandconfig-%d.config\n' "$seed" "$seed" "$seed"
    done
} >"$out/manifest.tsv"

log "done: $total targets in $(since "$start") s"
