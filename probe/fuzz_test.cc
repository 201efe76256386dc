// Garbage in, diagnostics out: every parser over every truncation of real inputs and over
// inputs with bytes replaced must return (no crash, no exception) and keep its contract.
#include <doctest/doctest.h>

#include "probe/facter.h"
#include "probe/lspci.h"
#include "probe/lsusb.h"
#include "probe/modalias_list.h"
#include "probe/mounts.h"
#include "probe/test_util.h"

using namespace hw::probe;
using namespace hw::probe::testing;

namespace {

void run_all(std::string_view input) {
    hw::Diagnostics diags;
    (void)parse_mountinfo(input, "f", diags);
    for (Probe p : {parse_lspci(input, "f"), parse_lsusb(input, "f"), parse_modaliases(input, "f"),
                    parse_facter(input, "f")}) {
        for (const auto& d : p.devices) {
            // A device that claims completeness has no unknown field.
            if (!d.incomplete && (d.bus == "pci" || d.bus == "usb") && d.source != "modaliases" &&
                d.source != "facter") {
                CHECK(d.modalias.find('*') == std::string::npos);
            }
        }
    }
}

}  // namespace

TEST_CASE("probe::fuzz: truncations and corrupted bytes never crash a parser") {
    for (const char* rel : {"probe/vm1/lspci-vmmnnk.txt", "probe/vm1/lspci-nnv.txt",
                            "probe/lsusb/lsusb-v.txt", "probe/facter/report.json",
                            "probe/vm1/expected/modaliases.txt", "probe/vm1/root/proc/self/mountinfo"}) {
        CAPTURE(rel);
        std::string text = slurp(test_data(rel));
        REQUIRE_FALSE(text.empty());
        size_t step = text.size() > 4000 ? 7 : 1;
        for (size_t n = 0; n <= text.size(); n += step) {
            run_all(std::string_view(text).substr(0, n));
        }
        // Deterministic corruption: replace every 13th byte with a byte cycling through 0..255.
        std::string bad = text;
        for (size_t i = 0; i < bad.size(); i += 13) {
            bad[i] = static_cast<char>(i & 0xff);
        }
        run_all(bad);
    }
    run_all(std::string(100000, '['));
    run_all(std::string("\0\0\0\n\n\t:", 7));
}
