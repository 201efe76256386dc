#include "match/normalize.h"

#include <doctest/doctest.h>

using hw::match::normalize_pattern;
using hw::match::normalize_query;

TEST_CASE("match::normalize: '-' becomes '_' outside brackets, as depmod and libkmod do") {
    SUBCASE("patterns (depmod)") {
        CHECK(normalize_pattern("of:N*T*Cgoogle,cros-ec-spi") == "of:N*T*Cgoogle,cros_ec_spi");
        CHECK(normalize_pattern("usb:v1234p5678d010[0-9]*") == "usb:v1234p5678d010[0-9]*");
        CHECK(normalize_pattern("a-[x-z]-b") == "a_[x-z]_b");
        CHECK(normalize_pattern("a]-b") == "a]_b");      // depmod only warns
        CHECK(normalize_pattern("a[-b") == "a[-b");      // unmatched: rest left as is
    }
    SUBCASE("queries (libkmod)") {
        std::string out;
        CHECK(normalize_query("platform:intel-pmc-core", out));
        CHECK(out == "platform:intel_pmc_core");
        CHECK(normalize_query("x[a-b]-y", out));
        CHECK(out == "x[a-b]_y");
        CHECK_FALSE(normalize_query("dmi:bvn]x", out));
        CHECK_FALSE(normalize_query("dmi:bvn[x", out));
        CHECK(normalize_query("", out));
        CHECK(out.empty());
    }
}
