#include "probe/mounts.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> summary(const Probe& p) {
    std::vector<std::string> out;
    for (const auto& d : p.devices) {
        out.push_back(d.source + " " + d.bus + " " + d.modalias + " [" + d.name + "]");
    }
    return out;
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

void link(const fs::path& p, const std::string& target) {
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
}

}  // namespace

TEST_CASE("probe::mounts: parse_mountinfo") {
    hw::Diagnostics diags;
    auto m = parse_mountinfo("36 35 98:0 /mnt1 /mnt/my\\040disk rw,noatime master:1 - ext3 /dev/root rw\n"
                             "37 35 0:40 / /home/u/remote rw - fuse.sshfs u@h:/ rw\n"
                             "garbage line\n",
                             "mountinfo", diags);
    REQUIRE(m.size() == 2);
    CHECK(m[0].major == 98);
    CHECK(m[0].minor == 0);
    CHECK(m[0].mount_point == "/mnt/my disk");
    CHECK(m[0].fs_type == "ext3");
    CHECK(m[0].source == "/dev/root");
    CHECK(m[1].fs_type == "fuse.sshfs");
    CHECK(formatted(diags) ==
          std::vector<std::string>{"mountinfo:3: warning: expected 'ID PARENT MAJ:MIN ROOT MOUNTPOINT "
                                   "OPTIONS ... - TYPE SOURCE OPTIONS'"});
    CHECK(fs_alias("fuse.sshfs") == "fs-fuse");
    CHECK(fs_alias("vfat") == "fs-vfat");
    CHECK(fs_alias("cgroup2") == "");
    CHECK(fs_alias("tmpfs") == "fs-tmpfs");
}

TEST_CASE("probe::mounts: recorded VM: ext4 on a virtio disk") {
    Probe p = probe_mounts(test_data("probe/vm1/root"));
    CHECK(p.diagnostics.empty());
    CHECK(summary(p) == std::vector<std::string>{
                            "mountinfo fs fs-tmpfs [/dev/shm /sys/fs/cgroup]",
                            "mountinfo fs fs-ext4 [/]",
                            "block block block-major-254-0 [/]",
                            "block virtio virtio:d00000002v00001AF4 [/]",
                            "block pci pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00 [/]",
                        });
    CHECK(p.devices[3].sysfs_path == "/sys/devices/pci0000:00/0000:00:02.0/virtio1");
    CHECK(p.devices[3].slot == "virtio1");
}

TEST_CASE("probe::mounts: a recording without block `device` links walks up the disk's own path") {
    // tests/data/machines/ci-vm keeps no sys/block/*/device link (see its README): vda lives at
    // sys/devices/pci0000:00/0000:00:02.0/virtio1/block/vda, below its device.
    Probe p = probe_mounts(std::string(HW_TEST_DATA) + "/machines/ci-vm");
    CHECK(summary(p) == std::vector<std::string>{
                            "mountinfo fs fs-tmpfs [/dev/shm /sys/fs/cgroup]",
                            "mountinfo fs fs-ext4 [/]",
                            "block block block-major-254-0 [/]",
                            "block virtio virtio:d00000002v00001AF4 [/]",
                            "block pci pci:v00001AF4d00001042sv00001AF4sd00001042bc01sc80i00 [/]",
                        });
}

TEST_CASE("probe::mounts: dm-crypt on LVM on md raid1 over two SATA disks") {
    std::string tmpl = (fs::temp_directory_path() / "hw-probe-XXXXXX").string();
    fs::path r = ::mkdtemp(tmpl.data());
    write(r / "proc/self/mountinfo",
          "20 1 253:1 / / rw - btrfs /dev/mapper/root rw\n"
          "21 20 253:1 /home /home rw - btrfs /dev/mapper/root rw\n"
          "22 20 0:5 / /proc rw - proc proc rw\n");
    const std::string v = "sys/devices/virtual/block/";
    link(r / "sys/dev/block/253:1", "../../devices/virtual/block/dm-1");
    write(r / v / "dm-1/dev", "253:1\n");
    write(r / v / "dm-1/dm/uuid", "CRYPT-LUKS2-0123-root\n");
    link(r / v / "dm-1/slaves/dm-0", "../../dm-0");
    write(r / v / "dm-0/dev", "253:0\n");
    write(r / v / "dm-0/dm/uuid", "LVM-abcdef\n");
    link(r / v / "dm-0/slaves/md0", "../../md0");
    write(r / v / "md0/dev", "9:0\n");
    write(r / v / "md0/md/level", "raid1\n");
    const std::string ata = "sys/devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0";
    link(r / v / "md0/slaves/sda1", "../../../../pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
    link(r / v / "md0/slaves/sdb1", "../../../../pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda1");
    write(r / ata / "block/sda/dev", "8:0\n");
    write(r / ata / "block/sda/sda1/dev", "8:1\n");
    write(r / ata / "block/sda/sda1/partition", "1\n");
    link(r / ata / "block/sda/device", "../../../0:0:0:0");
    write(r / ata / "modalias", "scsi:t-0x00\n");
    link(r / ata / "subsystem", "../../../../../../../bus/scsi");
    write(r / "sys/devices/pci0000:00/0000:00:1f.2/modalias",
          "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01\n");

    Probe p = probe_mounts(r);
    CHECK(formatted(p.diagnostics).empty());
    CHECK(summary(p) == std::vector<std::string>{
                            "mountinfo fs fs-btrfs [/ /home]",
                            "block block block-major-253-1 [/ /home]",
                            "block block dm-mod [/ /home]",
                            "block block dm-crypt [/ /home]",
                            "block block block-major-253-0 [/ /home]",
                            "block block block-major-9-0 [/ /home]",
                            "block block md-mod [/ /home]",
                            "block block md-raid1 [/ /home]",
                            "block block block-major-8-1 [/ /home]",
                            "block block block-major-8-0 [/ /home]",
                            "block scsi scsi:t-0x00 [/ /home]",
                            "block pci pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01 [/ /home]",
                        });
    fs::remove_all(r);
}

TEST_CASE("probe::mounts: missing mountinfo is an error") {
    Probe p = probe_mounts("/nonexistent/hw-probe");
    CHECK(p.devices.empty());
    CHECK(formatted(p.diagnostics) ==
          std::vector<std::string>{
              "proc/self/mountinfo: error: cannot read mount table: No such file or directory"});
}
