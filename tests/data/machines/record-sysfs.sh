#!/usr/bin/env bash
# record-sysfs.sh ROOT_OUT: copy what the hwneeds probe reads on this machine into ROOT_OUT, keeping
# paths relative to / (ROOT_OUT/sys/..., ROOT_OUT/proc/...) and symlinks as symlinks, then write the
# expected results of this machine into ROOT_OUT/expected/. ROOT_OUT is then usable as --sysfs-root.
#
# Reads only. Never follows a symlink except to find the real directory of a device listed under
# /sys/bus/*/devices or /sys/block (those always resolve into /sys/devices); every other symlink
# (driver, subsystem, slaves/*, holders/*, ...) is copied as a link with its original text.
#
# No empty directory is made (git would not keep it): an empty slaves/ or holders/, or a driver
# without a module link, is simply absent, so a fresh recording equals its git checkout.
#
# Deliberately POSIX sh (no bash features): the qemu recording (record-qemu.sh) runs this same file
# with busybox sh inside the guest. Needs: cat, mkdir, ln, readlink (-f), sort, rm, basename.
# Optional: lspci, lsusb (their outputs go to expected/ when present).
#
# Output, besides the copied tree:
#   expected/modaliases.txt  cat /sys/bus/*/devices/*/modalias + /sys/devices/system/cpu/modalias,
#                            sorted (C locale), duplicates removed.
#   expected/bound.txt       one line per /sys/bus/*/devices/* that has a modalias:
#                            BUS/DEVICE<TAB>MODALIAS<TAB>DRIVER<TAB>MODULE ('-' when none), sorted.
#   expected/lspci-n.txt, lspci-nn.txt, lspci-vmmnn.txt   when lspci exists and /sys/bus/pci exists.
#   expected/lsusb.txt, lsusb-v.txt                        when lsusb exists and /sys/bus/usb exists.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 ROOT_OUT" >&2
    exit 2
fi
out=$1
export LC_ALL=C

# Attribute files copied from each device directory and from each of its parents up to /sys/devices.
# Serial numbers and UUIDs are left out on purpose: no modalias contains them.
attrs="modalias uevent vendor device subsystem_vendor subsystem_device class revision
 idVendor idProduct bcdDevice bcdUSB bDeviceClass bDeviceSubClass bDeviceProtocol
 bNumConfigurations bNumInterfaces bConfigurationValue bmAttributes speed busnum devnum devpath
 manufacturer product bInterfaceClass bInterfaceSubClass bInterfaceProtocol bInterfaceNumber
 bAlternateSetting bNumEndpoints interface
 vendor_id subsystem_id revision_id chip_name vendor_name type
 name hid id path status adr
 dev size partition ro removable"
# Symlinks copied (link text only) from the same directories.
links="driver subsystem firmware_node"

warn() {
    echo "record-sysfs: warning: $*" >&2
}

# copy_path P: copy one path (regular file or symlink) to $out/P. Missing paths are skipped.
copy_path() {
    p=$1
    if [ -e "$out$p" ] || [ -L "$out$p" ]; then
        return 0
    fi
    if [ -L "$p" ]; then
        mkdir -p "$out${p%/*}"
        ln -s "$(readlink "$p")" "$out$p"
    elif [ -f "$p" ]; then
        mkdir -p "$out${p%/*}"
        if ! cat "$p" > "$out$p" 2>/dev/null; then
            warn "cannot read $p, left out"
            rm -f "$out$p"
        fi
    fi
}

# copy_dir_attrs DIR: the attribute files and links of one sysfs directory.
copy_dir_attrs() {
    d=$1
    for a in $attrs; do
        if [ -f "$d/$a" ] && [ ! -L "$d/$a" ]; then
            copy_path "$d/$a"
        fi
    done
    for a in $links; do
        if [ -L "$d/$a" ]; then
            copy_path "$d/$a"
        fi
    done
}

# copy_links_in DIR: every symlink directly inside DIR (slaves/, holders/), as links.
copy_links_in() {
    for l in "$1"/*; do
        if [ -L "$l" ]; then
            copy_path "$l"
        fi
    done
}

# copy_block_dir DIR: a block device (or partition) directory: attrs, dm/, md/, slaves/, holders/.
copy_block_dir() {
    b=$1
    copy_dir_attrs "$b"
    for f in dm/name dm/uuid dm/suspended md/level md/metadata_version md/raid_disks md/array_state; do
        if [ -f "$b/$f" ]; then
            copy_path "$b/$f"
        fi
    done
    for s in slaves holders; do
        if [ -d "$b/$s" ]; then
            copy_links_in "$b/$s"
        fi
    done
}

mkdir -p "$out" || exit 1
dirs=$out/.record-dirs
: > "$dirs"

# emit_chain DIR: DIR and its parents up to (not including) /sys/devices, one per line.
emit_chain() {
    d=$1
    while [ -n "$d" ] && [ "$d" != /sys/devices ] && [ "$d" != /sys ]; do
        echo "$d"
        d=${d%/*}
    done
}

# 1. Devices on every bus: the /sys/bus/B/devices/D links, and their real directories with parents.
for link in /sys/bus/*/devices/*; do
    if [ ! -L "$link" ]; then
        continue
    fi
    copy_path "$link"
    real=$(readlink -f "$link")
    case $real in
        /sys/devices/*) emit_chain "$real" >> "$dirs" ;;
        *) warn "$link resolves outside /sys/devices ($real), not followed" ;;
    esac
done

# Drivers: the module link of each driver (driver -> module name), when there is one.
for drv in /sys/bus/*/drivers/*; do
    if [ -L "$drv/module" ]; then
        copy_path "$drv/module"
    fi
done

# 2. Block devices: /sys/block/X and /sys/dev/block/MAJ:MIN links, the real directories with parents.
blocks=$out/.record-blocks
: > "$blocks"
for link in /sys/block/* /sys/dev/block/*; do
    if [ ! -L "$link" ]; then
        continue
    fi
    copy_path "$link"
    real=$(readlink -f "$link")
    case $real in
        /sys/devices/*)
            emit_chain "$real" >> "$dirs"
            echo "$real" >> "$blocks"
            ;;
        *) warn "$link resolves outside /sys/devices ($real), not followed" ;;
    esac
done

sort -u "$dirs" | while IFS= read -r d; do
    copy_dir_attrs "$d"
done
sort -u "$blocks" | while IFS= read -r b; do
    copy_block_dir "$b"
done
rm -f "$dirs" "$blocks"

# 3. CPU, DMI.
copy_path /sys/devices/system/cpu/modalias
if [ -d /sys/devices/virtual/dmi/id ]; then
    for f in /sys/devices/virtual/dmi/id/*; do
        case ${f##*/} in
            *serial* | product_uuid) continue ;;
        esac
        if [ -f "$f" ] && [ ! -L "$f" ]; then
            copy_path "$f"
        fi
    done
    copy_path /sys/class/dmi/id
fi

# 4. proc: the mounts of this process and the CPU description.
mkdir -p "$out/proc/self"
cat /proc/self/mountinfo > "$out/proc/self/mountinfo"
cat /proc/cpuinfo > "$out/proc/cpuinfo"

# 5. Expected results.
exp=$out/expected
mkdir -p "$exp"
{
    for f in /sys/bus/*/devices/*/modalias; do
        if [ -f "$f" ]; then
            cat "$f" 2>/dev/null
        fi
    done
    cat /sys/devices/system/cpu/modalias 2>/dev/null
} | sort -u > "$exp/modaliases.txt"

for link in /sys/bus/*/devices/*; do
    if [ ! -f "$link/modalias" ]; then
        continue
    fi
    rest=${link#/sys/bus/}
    bus=${rest%%/*}
    dev=${link##*/}
    alias=$(cat "$link/modalias" 2>/dev/null)
    driver=-
    module=-
    if [ -L "$link/driver" ]; then
        driver=$(basename "$(readlink "$link/driver")")
        if [ -L "$link/driver/module" ]; then
            module=$(basename "$(readlink "$link/driver/module")")
        fi
    fi
    printf '%s/%s\t%s\t%s\t%s\n' "$bus" "$dev" "$alias" "$driver" "$module"
done | sort > "$exp/bound.txt"

if command -v lspci > /dev/null 2>&1 && [ -d /sys/bus/pci ]; then
    lspci -n > "$exp/lspci-n.txt"
    lspci -nn > "$exp/lspci-nn.txt"
    lspci -vmmnn > "$exp/lspci-vmmnn.txt"
fi
if command -v lsusb > /dev/null 2>&1 && [ -d /sys/bus/usb ]; then
    lsusb > "$exp/lsusb.txt"
    lsusb -v > "$exp/lsusb-v.txt" 2>/dev/null
fi
exit 0
