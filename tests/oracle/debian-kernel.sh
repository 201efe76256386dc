#!/bin/bash
# Fetches a matching pair of Debian packages -- linux-source-6.1 and a linux-image-6.1.0-NN-amd64
# (-unsigned preferred) of the SAME version, the newest such version apt knows -- and lays them out
# for the oracle tests:
#   DEST/*.deb                      the two packages (reused when already there)
#   DEST/src/linux-source-6.1       the kernel source tree
#   DEST/img                        the image, with lib/modules/KVER/modules.{alias,order} by depmod
# Prints the layout as shell assignments on stdout (eval "$(debian-kernel.sh DEST)"); progress
# goes to stderr. Needs root (apt-get update, apt-get download) and about 210 MB of downloads.
set -euo pipefail

log() { echo "debian-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

[ $# -eq 1 ] || die "usage: $0 DEST"
mkdir -p "$1"
DEST=$(cd "$1" && pwd)
SRC_PKG=linux-source-6.1

# Versions apt knows for a package, one per line.
versions_of() { apt-cache madison "$1" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u; }

newer() { dpkg --compare-versions "$1" gt "$2"; }

if [ -z "$(versions_of "$SRC_PKG")" ]; then
    log "apt knows no $SRC_PKG; running apt-get update"
    apt-get update -qq >&2
fi
src_versions=$(versions_of "$SRC_PKG")
[ -n "$src_versions" ] || die "no $SRC_PKG in the apt sources"

# Among all 6.1 amd64 images, the newest version that also exists for the source package
# (one madison call for all of them: each call costs half a second).
best_pkg='' best_ver=''
mapfile -t images < <(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64(-unsigned)?$' |
                     awk '{ print $1 }')
[ ${#images[@]} -gt 0 ] || die "no linux-image-6.1.0-*-amd64 in the apt sources"
while read -r pkg ver; do
    grep -qxF "$ver" <<<"$src_versions" || continue
    if [ -z "$best_ver" ] || newer "$ver" "$best_ver" ||
       { [ "$ver" = "$best_ver" ] && [[ $pkg == *-unsigned ]]; }; then
        best_pkg=$pkg best_ver=$ver
    fi
done < <(apt-cache madison "${images[@]}" | awk -F'|' '{ gsub(/ /, ""); print $1, $2 }' | sort -u)
[ -n "$best_ver" ] || die "no linux-image-6.1.0-*-amd64 has a version that $SRC_PKG also has"
KVER=${best_pkg#linux-image-}
KVER=${KVER%-unsigned}
log "pair: $SRC_PKG and $best_pkg, version $best_ver (kernel $KVER)"

# Path of the .deb for pkg=ver in DEST, downloading it unless a good copy is there.
fetch_deb() {
    local pkg=$1 ver=$2 deb
    for deb in "$DEST/${pkg}_${ver//:/%3a}"_*.deb; do
        if [ -f "$deb" ] && [ "$(dpkg-deb -f "$deb" Package Version 2>/dev/null | tr '\n' ' ')" = \
             "Package: $pkg Version: $ver " ]; then
            log "reusing $(basename "$deb")"
            echo "$deb"
            return
        fi
    done
    log "downloading $pkg=$ver"
    # The sandbox user _apt could not write to DEST; as root there is no need for it.
    (cd "$DEST" && apt-get download -q -o APT::Sandbox::User=root "$pkg=$ver" >&2) ||
        die "apt-get download $pkg=$ver failed (stale package lists? run apt-get update)"
    ls "$DEST/${pkg}_${ver//:/%3a}"_*.deb
}
src_deb=$(fetch_deb "$SRC_PKG" "$best_ver")
img_deb=$(fetch_deb "$best_pkg" "$best_ver")

# Each extraction is stamped with the .deb it came from, so a rerun skips it and a new
# version replaces it.
stamp_ok() { [ -f "$1/.from-deb" ] && [ "$(cat "$1/.from-deb")" = "$(basename "$2")" ]; }

KSRC=$DEST/src/linux-source-6.1
if stamp_ok "$DEST/src" "$src_deb" && [ -f "$KSRC/Makefile" ]; then
    log "source already extracted in $KSRC"
else
    log "extracting the source tree to $KSRC"
    rm -rf "$DEST/src"
    mkdir -p "$DEST/src"
    dpkg-deb --fsys-tarfile "$src_deb" | tar -xO ./usr/src/linux-source-6.1.tar.xz |
        tar -xJ -C "$DEST/src"
    [ -f "$KSRC/Makefile" ] || die "no $KSRC/Makefile after extraction"
    basename "$src_deb" >"$DEST/src/.from-deb"
fi

MODDIR=$DEST/img/lib/modules/$KVER
if stamp_ok "$DEST/img" "$img_deb" && [ -s "$MODDIR/modules.alias" ]; then
    log "image already extracted in $DEST/img"
else
    log "extracting the image to $DEST/img"
    rm -rf "$DEST/img"
    dpkg-deb -x "$img_deb" "$DEST/img"
    log "running depmod -b $DEST/img $KVER"
    depmod -b "$DEST/img" "$KVER"
    basename "$img_deb" >"$DEST/img/.from-deb"
fi

echo "KSRC=$KSRC"
echo "KVER=$KVER"
echo "MODDIR=$MODDIR"
echo "CONFIG=$DEST/img/boot/config-$KVER"
