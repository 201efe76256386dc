#include "probe/facter.h"

#include <doctest/doctest.h>

#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

// tests/data/probe/facter/report.json is a hand-made report in nixos-facter's layout.
TEST_CASE("probe::facter: every module_alias, once per device") {
    Probe p = parse_facter(slurp(test_data("probe/facter/report.json")), "report.json");
    CHECK(p.diagnostics.empty());
    CHECK(sorted_modaliases(p) == std::vector<std::string>{
                                      "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01",
                                      "pci:v00008086d00002934sv00001AF4sd00001100bc0Csc03i00",
                                      "usb:v1D6Bp0001d0601dc09dsc00dp00ic09isc00ip00in00",
                                  });
    const Device* sata = find_slot(p, "0000:00:1f.2");
    REQUIRE(sata != nullptr);
    CHECK(sata->bus == "pci");
    CHECK(sata->source == "facter");
    CHECK(sata->sysfs_path == "/sys/devices/pci0000:00/0000:00:1f.2");
    CHECK(sata->parent == "/sys/devices/pci0000:00");
    CHECK(sata->driver == "ahci");
    CHECK(sata->module == "ahci");
    CHECK(sata->ids.at("progif") == "01");
    const Device* hub = find_slot(p, "1-0:1.0");
    REQUIRE(hub != nullptr);
    CHECK(hub->bus == "usb");
    CHECK(hub->module == "");
}

TEST_CASE("probe::facter: invalid or empty JSON") {
    Probe p = parse_facter("{\"hardware\": [", "bad.json");
    CHECK(p.devices.empty());
    CHECK(formatted(p.diagnostics) ==
          std::vector<std::string>{
              "bad.json: error: not a valid JSON document (expected a nixos-facter report)"});
    Probe q = parse_facter("{\"hardware\": {\"module_alias\": 5}}", "q.json");
    CHECK(q.devices.empty());
    CHECK(formatted(q.diagnostics) ==
          std::vector<std::string>{"q.json: warning: no module_alias field found in the report"});
}
