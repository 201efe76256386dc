#!/bin/bash
# The kernel's side of the resolver oracle: the kernel's own tinyconfig and a fast way to run the
# kernel's own olddefconfig many times.
#
#   kernel-side.sh KSRC KDIR
#
# KDIR gets (KSRC is only read):
#   o/                    the O= directory of `make ARCH=x86_64 tinyconfig` (builds scripts/kconfig/conf)
#   tinyconfig.config     its .config: the base of every case
#   conf.env              the environment `make olddefconfig` gives conf (NUL-separated VAR=VALUE,
#                         KCONFIG_CONFIG left out), captured by running make once with conf
#                         replaced by a wrapper that records it
#   olddefconfig-batch    olddefconfig-batch.c linked against the conf objects make built in o/:
#                         conf's olddefconfig path with the Kconfig parse done once (see the .c)
#   toolchain.txt, key    the cache key: the Kconfig files, scripts/kconfig, the top Makefile,
#                         scripts/Kconfig.include, scripts/*.sh, the toolchain versions (the
#                         Kconfig probes run them), this script and olddefconfig-batch.c
# When KDIR/key matches and the files exist nothing is rerun (~1 s). Otherwise (~20 s) it is all
# rebuilt, and two checks must pass before the key is written: conf ran as
# `conf [-s] --olddefconfig Kconfig` in o/, and olddefconfig-batch on tinyconfig.config gives
# byte for byte what `make olddefconfig` gave. (run.sh's check.py then compares the batch with
# `make olddefconfig` on a sample of the run's own inputs.) Needs make, gcc, flex, bison, bc.
set -euo pipefail

log() { echo "resolve-oracle: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 2 ] || { echo "usage: $0 KSRC KDIR" >&2; exit 2; }
[ -f "$1/Makefile" ] && [ -f "$1/Kconfig" ] || die "$1 is not a kernel source tree"
ksrc=$(cd "$1" && pwd)
mkdir -p "$2"
kdir=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
for tool in make gcc flex bison sha256sum; do
    command -v "$tool" >/dev/null || die "$tool is needed"
done

# As reference.sh: the caller's environment must not change what make and conf do.
unset KCONFIG_ALLCONFIG KCONFIG_PROBABILITY KCONFIG_CONFIG KCONFIG_OVERWRITECONFIG \
      KCONFIG_NOSILENTUPDATE KCONFIG_AUTOCONFIG KCONFIG_AUTOHEADER KCONFIG_TRISTATE \
      KCONFIG_SEED KCONFIG_DEFCONFIG_LIST KBUILD_DEFCONFIG KBUILD_KCONFIG KCONFIG_WARN_UNKNOWN_SYMBOLS \
      ARCH SRCARCH CROSS_COMPILE LLVM CC LD MAKEFLAGS MFLAGS O KBUILD_OUTPUT
export LC_ALL=C

tree_hash=$(cd "$ksrc" && {
    find . -name 'Kconfig*' -type f
    find scripts/kconfig -type f
    ls Makefile scripts/Kconfig.include scripts/*.sh
} | sort -u | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
toolchain=$(
    for tool in gcc ld as nm objcopy pahole clang rustc bindgen; do
        if command -v "$tool" >/dev/null; then
            printf '%s: %s\n' "$tool" "$("$tool" --version 2>&1 | head -n1)"
        else
            printf '%s: (not installed)\n' "$tool"
        fi
    done)
key=$( { echo "$tree_hash"; echo "$toolchain"; cat "$0" "$here/olddefconfig-batch.c"; } |
       sha256sum | cut -d' ' -f1)

if [ -f "$kdir/key" ] && [ "$(cat "$kdir/key")" = "$key" ] && [ -s "$kdir/tinyconfig.config" ] &&
   [ -s "$kdir/conf.env" ] && [ -x "$kdir/olddefconfig-batch" ] && [ -x "$kdir/o/scripts/kconfig/conf" ]; then
    log "kernel side cached in $kdir"
    exit 0
fi

start=$(date +%s.%N)
rm -rf "$kdir/o" "$kdir/key" "$kdir/tinyconfig.config" "$kdir/conf.env" "$kdir/olddefconfig-batch"
mkdir -p "$kdir/o"
echo "$toolchain" >"$kdir/toolchain.txt"
kmake() {  # TARGET: make in o/, output in KDIR/make.log
    make -C "$ksrc" O="$kdir/o" ARCH=x86_64 "$1" >>"$kdir/make.log" 2>&1 ||
        { tail -n 20 "$kdir/make.log" >&2; die "make $1 failed (see $kdir/make.log)"; }
}
: >"$kdir/make.log"
log "make ARCH=x86_64 tinyconfig in $kdir/o"
kmake tinyconfig
cp "$kdir/o/.config" "$kdir/tinyconfig.config"

# Capture conf's environment: conf replaced by a wrapper with the same mtime (make does not
# rebuild it), one `make olddefconfig` on tinyconfig, conf put back.
conf=$kdir/o/scripts/kconfig/conf
mv "$conf" "$conf.real"
cat >"$conf" <<EOF
#!/bin/bash
env -0 >"$kdir/conf.env.raw"
pwd >"$kdir/conf.pwd"
printf '%s\n' "\$@" >"$kdir/conf.args"
exec "$conf.real" "\$@"
EOF
chmod +x "$conf"
touch -r "$conf.real" "$conf"
restore() { [ ! -f "$conf.real" ] || mv -f "$conf.real" "$conf"; }
trap restore EXIT
log "make olddefconfig (recording conf's environment)"
kmake olddefconfig
restore
trap - EXIT
[ "$(cat "$kdir/conf.pwd")" = "$kdir/o" ] || die "conf ran in $(cat "$kdir/conf.pwd"), not in $kdir/o"
args=$(grep -vx -- -s "$kdir/conf.args" | tr '\n' ' ')
[ "$args" = "--olddefconfig Kconfig " ] || die "conf ran as 'conf $args', not 'conf [-s] --olddefconfig Kconfig'"
tr '\0' '\n' <"$kdir/conf.env.raw" | grep -q '^srctree=' || die "no srctree in conf's environment"
python3 - "$kdir/conf.env.raw" "$kdir/conf.env" <<'EOF'
import sys
items = [kv for kv in open(sys.argv[1], 'rb').read().split(b'\0') if kv]
items = [kv for kv in items if not kv.startswith(b'KCONFIG_CONFIG=')]
open(sys.argv[2], 'wb').write(b''.join(kv + b'\0' for kv in items))
EOF
rm -f "$kdir/conf.env.raw" "$kdir/conf.pwd" "$kdir/conf.args"

log "building olddefconfig-batch"
objs=()
for o in confdata expr lexer.lex menu parser.tab preprocess symbol util; do
    [ -f "$kdir/o/scripts/kconfig/$o.o" ] || die "no scripts/kconfig/$o.o in $kdir/o"
    objs+=("$kdir/o/scripts/kconfig/$o.o")
done
gcc -O2 -Wall -I"$ksrc/scripts/kconfig" -o "$kdir/olddefconfig-batch" \
    "$here/olddefconfig-batch.c" "${objs[@]}" 2>"$kdir/batch-build.log" ||
    { cat "$kdir/batch-build.log" >&2; die "olddefconfig-batch does not build"; }

# The batch on tinyconfig must give make's olddefconfig output, byte for byte.
mkdir -p "$kdir/selftest"
cp "$kdir/tinyconfig.config" "$kdir/selftest/tinyconfig.config"
answer=$(python3 - "$kdir" <<'EOF'
import subprocess, sys
kdir = sys.argv[1]
with open(kdir + '/conf.env', encoding='utf-8', errors='surrogateescape') as f:
    env = dict(kv.split('=', 1) for kv in f.read().split('\0') if kv)
r = subprocess.run([kdir + '/olddefconfig-batch', 'Kconfig'], cwd=kdir + '/o', env=env,
                   input=kdir + '/selftest/tinyconfig.config\n', capture_output=True, text=True)
sys.stderr.write(r.stderr)
print(r.stdout.strip())
EOF
)
[ "$answer" = "ok $kdir/selftest/tinyconfig.config" ] ||
    die "olddefconfig-batch failed on tinyconfig: $answer $(cat "$kdir/selftest/tinyconfig.config.log")"
cmp -s "$kdir/selftest/tinyconfig.config" "$kdir/o/.config" ||
    die "olddefconfig-batch and make olddefconfig differ on tinyconfig ($kdir/selftest)"
rm -rf "$kdir/selftest"
echo "$key" >"$kdir/key"
log "kernel side ready in $(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
