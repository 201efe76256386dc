#include "probe/modalias_list.h"

#include <doctest/doctest.h>

#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

TEST_CASE("probe::modaliases: one literal modalias per line") {
    Probe p = parse_modaliases("# saved on box A\n"
                               "  pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01  \r\n"
                               "\n"
                               "acpi:PNP0A08:PNP0A03:\n"
                               "pci:v8086\n"
                               "two words\n"
                               "dmi:bvnSeaBIOS:bvr1.16.2:\n",
                               "list.txt");
    REQUIRE(p.devices.size() == 4);
    CHECK(p.devices[0].modalias == "pci:v00008086d00002922sv00001AF4sd00001100bc01sc06i01");
    CHECK(p.devices[0].bus == "pci");
    CHECK(p.devices[0].ids.at("subdevice") == "1100");
    CHECK(p.devices[0].source == "modaliases");
    CHECK(p.devices[1].bus == "acpi");
    CHECK(p.devices[2].modalias == "pci:v8086");
    CHECK(p.devices[3].bus == "dmi");
    CHECK(formatted(p.diagnostics) ==
          std::vector<std::string>{
              "list.txt:5: warning: 'pci:' modalias without the kernel's field layout",
              "list.txt:6: warning: not a modalias: white space or control character inside"});
}

TEST_CASE("probe::modaliases: the VM's recorded list reads back unchanged") {
    std::string text = slurp(test_data("probe/vm1/expected/modaliases.txt"));
    Probe p = parse_modaliases(text, "modaliases.txt");
    CHECK(p.diagnostics.empty());
    CHECK(sorted_modaliases(p) == sorted_lines(text));
}
