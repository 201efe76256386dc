#include "probe/snapshot.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "probe/mounts.h"
#include "probe/sysfs.h"
#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> rows(const Probe& p) {
    std::vector<std::string> out;
    for (const auto& d : p.devices) {
        out.push_back(d.source + "|" + d.bus + "|" + d.slot + "|" + d.sysfs_path + "|" + d.parent + "|" +
                      d.modalias + "|" + d.driver + "|" + d.module + "|" + d.name);
    }
    return out;
}

}  // namespace

TEST_CASE("probe::snapshot: a snapshot unpacked elsewhere probes like the original") {
    std::string tmpl = (fs::temp_directory_path() / "hw-probe-XXXXXX").string();
    fs::path t = ::mkdtemp(tmpl.data());
    const std::string root = test_data("probe/vm1/root");
    // A long path and a long link target need pax headers.
    const std::string deep = "sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0/0000:02:01.0/0000:03:00.0/"
                             "usb3/3-1/3-1.4/3-1.4.2/3-1.4.2:1.0";
    fs::path copy = t / "src";
    fs::copy(root, copy, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    fs::create_directories(copy / deep);
    std::ofstream(copy / deep / "modalias") << "usb:v0627p0001d0000dc00dsc00dp00ic03isc00ip00in00\n";
    fs::create_directories(copy / "sys/bus/usb/devices");
    fs::create_symlink("../../../" + deep.substr(4), copy / "sys/bus/usb/devices/3-1.4.2:1.0");

    auto written = write_snapshot(copy, t / "snap.tar");
    REQUIRE(written.has_value());
    auto unpacked = extract_snapshot(t / "snap.tar", t / "out");
    REQUIRE(unpacked.has_value());
    Probe a = probe_sysfs(copy);
    Probe b = probe_sysfs(t / "out");
    CHECK(b.diagnostics.empty());
    CHECK(rows(b) == rows(a));
    CHECK(rows(b).size() == 28);
    CHECK(rows(probe_mounts(t / "out")) == rows(probe_mounts(copy)));

    SUBCASE("errors are values") {
        auto bad_root = write_snapshot(t / "nothing", t / "x.tar");
        REQUIRE_FALSE(bad_root.has_value());
        CHECK(bad_root.error() == (t / "nothing").string() + ": not a sysfs root: no sys/bus directory below it");
        std::ofstream(t / "junk.tar") << std::string(700, 'x');
        CHECK_FALSE(extract_snapshot(t / "junk.tar", t / "junk").has_value());
        // Every truncation of a real snapshot fails cleanly or unpacks a prefix.
        std::string tar = slurp((t / "snap.tar").string());
        for (size_t n = 0; n < tar.size(); n += 509) {
            std::ofstream(t / "cut.tar", std::ios::binary | std::ios::trunc) << tar.substr(0, n);
            (void)extract_snapshot(t / "cut.tar", t / "cut");
        }
    }
    fs::remove_all(t);
}
