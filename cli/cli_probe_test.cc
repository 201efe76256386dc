// End-to-end: probe, match and snapshot over recorded machines (tests/data/machines, recorded
// from real machines by the scripts there) and the miniature tree's index. Expected matches were
// derived by hand from the mini tree's sources (see cli_test.cc) and the kmod matching rules.
#include "cli/cli_test_util.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

using namespace hw::cli::testing;

namespace {

std::set<std::string> lines(const std::string& text) {
    std::set<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        if (!l.empty()) {
            out.insert(l);
        }
    }
    return out;
}

const std::string kQemu = HW_TEST_DATA "/machines/qemu-rich";
}  // namespace

TEST_CASE("cli probe: a recorded machine gives exactly its recorded modaliases") {
    Run r = hwneeds({"probe", "--sysfs-root", kQemu, "--format", "modaliases", "--no-mounts"});
    CHECK(r.rc == 0);
    std::set<std::string> got = lines(r.out);
    std::erase_if(got, [](const std::string& m) { return m.starts_with("dmi:"); });  // not under /sys/bus
    CHECK(got == lines(slurp(kQemu + "/expected/modaliases.txt")));
    SUBCASE("and what booting needs: its file systems and block stack") {
        Run m = hwneeds({"probe", "--sysfs-root", kQemu, "--format", "modaliases"});
        std::set<std::string> all = lines(m.out);
        for (const char* needed : {"fs-ext4", "dm-crypt", "dm-mod", "md-mod", "md-raid1"}) {
            CAPTURE(needed);
            CHECK(all.contains(needed));
        }
    }
    SUBCASE("json carries the bound driver") {
        Run j = hwneeds({"probe", "--sysfs-root", kQemu, "--format", "json", "--no-mounts"});
        CHECK(j.rc == 0);
        CHECK(j.out.find("\"driver\": \"e1000e\"") != std::string::npos);
    }
}

TEST_CASE("cli snapshot: a tarball that --sysfs-root accepts, with the same devices") {
    fs::path dir = temp_dir();
    std::string tar = (dir / "snap.tar").string();
    Run s = hwneeds({"snapshot", "--sysfs-root", kQemu, "--out", tar});
    CHECK(s.rc == 0);
    Run a = hwneeds({"probe", "--sysfs-root", kQemu, "--format", "modaliases"});
    Run b = hwneeds({"probe", "--sysfs-root", tar, "--format", "modaliases"});
    CHECK(b.rc == 0);
    CHECK(a.out == b.out);
    CHECK_FALSE(a.out.empty());
    fs::remove_all(dir);
}

TEST_CASE("cli match: modaliases to modules of the mini index, as kmod would match") {
    fs::path dir = temp_dir();
    std::string db = (dir / "mini.db").string();
    REQUIRE(hwneeds({"index", "--kernel-src", kMini, "--out", db, "--quiet", "--no-kconfig"}).rc == 0);
    SUBCASE("complete modaliases") {
        Run r = hwneeds({"match", "--db", db, "--modaliases", kMiniExpected + "/devices.modaliases"});
        CHECK(r.rc == 0);
        // foo: 8086:1234 by PCI_VDEVICE, 10ec:8139 by PCI_DEVICE, any 01/06/01 by class (FOO_EXTRA,
        // no --config so kept); bar: ACPI HID ABCD0001; the USB device: nothing.
        CHECK(r.out ==
              "pci:v00008086d00001234sv00001028sd00000001bc02sc00i00\tfoo\tCONFIG_FOO\n"
              "acpi:ABCD0001:PNP0C02:\tbar\tCONFIG_BAR\n"
              "pci:v000010ECd00008139sv000010ECsd00008139bc02sc00i00\tfoo\tCONFIG_FOO\n"
              "pci:v0000DEADd0000BEEFsv00000000sd00000000bc01sc06i01\tfoo\tCONFIG_FOO\n");
    }
    SUBCASE("--config drops what that kernel would not have") {
        std::ofstream(dir / "config") << "CONFIG_NET=y\nCONFIG_FOO=m\n";
        Run r = hwneeds({"match", "--db", db, "--config", (dir / "config").string(), "--modaliases",
                         kMiniExpected + "/devices.modaliases"});
        CHECK(r.out ==
              "pci:v00008086d00001234sv00001028sd00000001bc02sc00i00\tfoo\tCONFIG_FOO\n"
              "pci:v000010ECd00008139sv000010ECsd00008139bc02sc00i00\tfoo\tCONFIG_FOO\n");
    }
    SUBCASE("lspci -n: partly known devices get every module that could claim them") {
        Run r = hwneeds({"match", "--db", db, "--lspci", kMiniExpected + "/lspci-n.txt"});
        CHECK(r.rc == 0);
        CHECK(r.out ==
              "pci:v00008086d00001234sv*sd*bc01sc06i*\tfoo\tCONFIG_FOO\n"
              "pci:v000010ECd00008139sv*sd*bc02sc00i*\tfoo\tCONFIG_FOO\n"
              // Only the class pattern (bc01sc06i01) can claim it, and only if its unknown prog-if is 01.
              "pci:v0000DEADd0000BEEFsv*sd*bc01sc06i*\tfoo\tCONFIG_FOO\n");
    }
    SUBCASE("bad inputs") {
        Run r = hwneeds({"match", "--db", db, "--lspci", (dir / "missing.txt").string()});
        CHECK(r.rc == 1);
        CHECK(r.err.find("missing.txt: No such file or directory") != std::string::npos);
        Run s = hwneeds({"match", "--db", db, "--sysfs-root", (dir / "nowhere").string()});
        CHECK(s.rc == 1);
        CHECK(s.err.find("sysfs root is not a directory") != std::string::npos);
        CHECK(hwneeds({"match", "--modaliases", "x"}).rc == 2);
    }
    fs::remove_all(dir);
}
