#!/usr/bin/env bash
# record-qemu.sh [OUT_DIR]: boot Debian's own 6.1 kernel in a qemu q35 guest (TCG) with a rich set of
# devices, load their drivers from the kernel's own modules, run record-sysfs.sh inside the guest and
# unpack what it recorded into OUT_DIR (default: qemu-rich/ beside this script).
#
# A one-off recording, not a test-time dependency. Needs root for apt-get (installs qemu-system-x86
# busybox-static pciutils usbutils cpio e2fsprogs dmsetup kmod; only downloads mdadm, for its binary,
# and udev, whose USB hwdb sources compiled with that package's systemd-hwdb give lsusb its names),
# and Debian's built kernel at $ORACLE (boot/vmlinuz-$KVER and a depmod'ed lib/modules/$KVER).
#
# The guest: ICH9 (q35: LPC, SMBus, AHCI with an empty CD-ROM), std VGA, e1000e, nvme with an
# ext4 disk, a second AHCI with an ide-hd disk that carries a dm-crypt mapping (dmsetup, plain mode,
# fixed test key, ext2 inside) and two ide-hd disks in an md raid1 (mdadm from Debian's package, ext2
# inside), qemu-xhci with usb-kbd and usb-storage, intel-hda with hda-duplex,
# virtio-net, virtio-blk (the disk the recording is written to, as a tar) and virtio-rng.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/qemu-rich}
ORACLE=${ORACLE:-/var/tmp/hwneeds-oracle/img}
KVER=${KVER:-6.1.0-56-amd64}
WORK=${WORK:-/var/tmp/hwneeds-record/qemu}
ACCEL=${ACCEL:-tcg}   # the recording was made with tcg; kvm gives the same devices but another CPU

# Modules to load, in this order (each with its dependencies, computed by kmod from modules.dep).
# Nothing else loads: the guest has no /sbin/modprobe, so the kernel's request_module() fails. Hence
# codec and class drivers come before the controllers that look for them at probe time (the HDA
# controller gives up when no codec driver binds).
modules=(
    virtio_pci virtio_net virtio_blk virtio_rng
    xhci_pci usbhid hid_generic usb_storage
    ahci sd_mod sr_mod nvme e1000e
    snd_hda_codec_generic snd_hda_intel
    i2c_i801 lpc_ich
    ext4 dm_mod dm_crypt raid1
)

need=(qemu-system-x86 busybox-static pciutils usbutils cpio e2fsprogs dmsetup kmod)
missing=()
for p in "${need[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

rm -rf "$WORK"
mkdir -p "$WORK"
root=$WORK/root
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,mnt/data,mnt/secret,mnt/raid,rec,etc/udev,usr/share/misc,lib/modules/"$KVER"}

# --- busybox: every applet except those the real tools provide.
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
    case $applet in
        busybox | lspci | lsusb) ;;
        *) ln -sf busybox "$root/bin/$applet" ;;
    esac
done

# --- lspci, lsusb, dmsetup with their shared libraries (paths as on the host).
copy_elf() {
    local exe=$1 dest=$2
    cp "$exe" "$root$dest"
    ldd "$exe" | awk '/=> \//{print $3} /^\t\//{print $1}' | while read -r lib; do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
}
copy_elf /usr/bin/lspci /usr/bin/lspci
copy_elf /usr/bin/lsusb /usr/bin/lsusb
copy_elf /usr/sbin/dmsetup /usr/sbin/dmsetup
mdadm_deb=$(ls /var/tmp/hwneeds-record/mdadm_*.deb 2>/dev/null | head -1 || true)
if [ -z "$mdadm_deb" ]; then
    (cd /var/tmp/hwneeds-record && apt-get download mdadm)
    mdadm_deb=$(ls /var/tmp/hwneeds-record/mdadm_*.deb | head -1)
fi
mkdir -p "$WORK/mdadm"
dpkg-deb -x "$mdadm_deb" "$WORK/mdadm"
copy_elf "$WORK/mdadm/sbin/mdadm" /usr/sbin/mdadm
cp /usr/share/misc/pci.ids "$root/usr/share/misc/pci.ids"

# --- USB names for lsusb: udev's hwdb, compiled from the USB source files only (lspci keeps pci.ids).
deb=$(ls /var/tmp/hwneeds-record/udev_*.deb 2>/dev/null | head -1 || true)
if [ -z "$deb" ]; then
    (cd /var/tmp/hwneeds-record && apt-get download udev)
    deb=$(ls /var/tmp/hwneeds-record/udev_*.deb | head -1)
fi
hw=$WORK/hwdb
mkdir -p "$hw/x" "$hw/root/etc/udev/hwdb.d"
dpkg-deb -x "$deb" "$hw/x"
cp "$hw"/x/lib/udev/hwdb.d/20-usb-*.hwdb "$hw/root/etc/udev/hwdb.d/"
"$hw/x/bin/systemd-hwdb" --root="$hw/root" update
cp "$hw/root/etc/udev/hwdb.bin" "$root/etc/udev/hwdb.bin"

# --- kernel modules: dependency closure in load order, from kmod on the host.
: > "$root/modules.list"
for m in "${modules[@]}"; do
    modprobe -d "$ORACLE" -S "$KVER" --show-depends "$m" | while read -r kind path _; do
        if [ "$kind" != insmod ]; then
            continue
        fi
        rel=${path#"$ORACLE"}
        if ! grep -qxF "$rel" "$root/modules.list"; then
            mkdir -p "$root$(dirname "$rel")"
            cp "$path" "$root$rel"
            echo "$rel" >> "$root/modules.list"
        fi
    done
done
cp "$ORACLE/lib/modules/$KVER/modules.order" "$ORACLE/lib/modules/$KVER/modules.builtin" \
    "$root/lib/modules/$KVER/"
depmod -b "$root" "$KVER"

# --- the copier, and /init.
cp "$here/record-sysfs.sh" "$root/record-sysfs.sh"
cat > "$root/init" <<'EOF'
#!/bin/sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "init: loading modules"
while read -r ko; do
    insmod "$ko" || echo "init: insmod $ko failed"
done < /modules.list
# Wait until the devices behind the asynchronous probes are there (or 60 s passed).
i=0
while [ $i -lt 60 ]; do
    if ls /sys/bus/hid/devices/* > /dev/null 2>&1 && ls /sys/bus/hdaudio/devices/* > /dev/null 2>&1 \
        && [ -e /sys/block/nvme0n1 ] && [ "$(ls -d /sys/block/sd* 2>/dev/null | wc -l)" -ge 4 ]; then
        break
    fi
    sleep 1
    i=$((i + 1))
done
sleep 3
echo "init: devices settled after ${i}s"
ls /sys/block
mount -t ext4 -o ro /dev/nvme0n1 /mnt/data || echo "init: mount nvme failed"
# A dm-crypt mapping as cryptsetup open --type plain would make it (same table and uuid form).
disk=
for b in /sys/block/sd*; do
    if [ "$(cat "$b/size")" = 65536 ] && [ -e "$b/device/vendor" ] && grep -q ATA "$b/device/vendor"; then
        disk=/dev/${b##*/}
    fi
done
echo "init: crypt disk $disk"
if [ -n "$disk" ]; then
    dmsetup create --noudevsync --uuid CRYPT-PLAIN-secret secret \
        --table "0 65536 crypt aes-cbc-plain64 000102030405060708090a0b0c0d0e0f 0 $disk 0" \
        && dmsetup mknodes secret && mke2fs -q /dev/mapper/secret && mount -t ext2 /dev/mapper/secret /mnt/secret \
        || echo "init: dm-crypt setup failed"
fi
# An md raid1 over the two 24 MiB SATA disks, ext2 inside.
raid=
for b in /sys/block/sd*; do
    if [ "$(cat "$b/size")" = 49152 ]; then
        raid="$raid /dev/${b##*/}"
    fi
done
echo "init: raid disks$raid"
mkdir -p /run/mdadm
mdadm --create /dev/md0 --run --level=1 --raid-devices=2 --metadata=1.2 --homehost=hwneeds --name=data $raid \
    && mke2fs -q /dev/md0 && mount -t ext2 /dev/md0 /mnt/raid || echo "init: md setup failed"
echo "init: recording"
sh /record-sysfs.sh /rec
cp /modules.list /rec/modules.list
# The output disk is the virtio-blk disk: the only block device driven by virtio_blk.
outdisk=
for b in /sys/block/vd*; do
    outdisk=/dev/${b##*/}
done
echo "init: writing tar to $outdisk"
tar -C /rec -cf "$outdisk" .
sync
echo "init: done"
poweroff -f
EOF
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$WORK/initramfs.gz"

# --- disks.
dd if=/dev/zero of="$WORK/nvme.img" bs=1M count=32 status=none
mkfs.ext4 -q -F -L hwdata "$WORK/nvme.img"
dd if=/dev/zero of="$WORK/sata.img" bs=1M count=32 status=none
dd if=/dev/zero of="$WORK/usb.img" bs=1M count=16 status=none
dd if=/dev/zero of="$WORK/raid0.img" bs=1M count=24 status=none
dd if=/dev/zero of="$WORK/raid1.img" bs=1M count=24 status=none
dd if=/dev/zero of="$WORK/out.img" bs=1M count=32 status=none

# --- boot.
qemu-system-x86_64 -machine q35,accel="$ACCEL" -m 1024 -nographic -net none -no-reboot \
    -kernel "$ORACLE/boot/vmlinuz-$KVER" -initrd "$WORK/initramfs.gz" \
    -append 'console=ttyS0 panic=-1' \
    -device e1000e \
    -drive if=none,id=nvm,file="$WORK/nvme.img",format=raw -device nvme,drive=nvm,serial=hwneeds0 \
    -device ide-cd,bus=ide.0 -device ahci,id=ahci1 \
    -drive if=none,id=sata,file="$WORK/sata.img",format=raw -device ide-hd,drive=sata,bus=ahci1.0 \
    -drive if=none,id=r0,file="$WORK/raid0.img",format=raw -device ide-hd,drive=r0,bus=ahci1.1 \
    -drive if=none,id=r1,file="$WORK/raid1.img",format=raw -device ide-hd,drive=r1,bus=ahci1.2 \
    -device qemu-xhci,id=xhci -device usb-kbd,bus=xhci.0 \
    -drive if=none,id=usbd,file="$WORK/usb.img",format=raw -device usb-storage,drive=usbd,bus=xhci.0 \
    -audiodev none,id=snd0 -device intel-hda -device hda-duplex,audiodev=snd0 \
    -device virtio-net-pci \
    -drive if=none,id=outd,file="$WORK/out.img",format=raw -device virtio-blk-pci,drive=outd \
    -device virtio-rng-pci \
    2>&1 | tee "$WORK/console.log"

grep -q 'init: done' "$WORK/console.log" || { echo "record-qemu: the guest did not finish" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
tar -C "$out" -xf "$WORK/out.img"
mv "$out/modules.list" "$WORK/modules.loaded"
echo "record-qemu: recorded into $out" >&2
