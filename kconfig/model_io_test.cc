#include "kconfig/model_io.h"

#include "kconfig/evaluator.h"
#include "kconfig/parser.h"

#include <doctest/doctest.h>

#include "kconfig/test_util.h"

#include <filesystem>

using namespace hw::kconfig;

using namespace hw::kconfig::testing;

namespace {

// Every configuration target, written out: the model as the evaluator sees it.
std::vector<std::string> all_outputs(const Model& m) {
    std::vector<std::string> out;
    out.push_back(write_dotconfig(m, allnoconfig(m, nullptr)));
    out.push_back(write_dotconfig(m, alldefconfig(m, nullptr)));
    out.push_back(write_dotconfig(m, defconfig(m, {})));
    auto yes = read_config_lines("CONFIG_MODULES=y\nCONFIG_BUS=m\nCONFIG_DRV=y\nCONFIG_USER=m\n"
                                 "CONFIG_IMPLIER=y\nCONFIG_MODE_B=y\nCONFIG_NUM=7\nCONFIG_SELECTOR=y\n");
    out.push_back(write_dotconfig(m, olddefconfig(m, yes)));
    return out;
}

std::vector<std::string> fixture_dirs() {
    std::vector<std::string> dirs = {"eval"};
    std::filesystem::path choices = std::filesystem::path(HW_TEST_DATA) / "kconfig/choices";
    for (const auto& e : std::filesystem::directory_iterator(choices)) {
        if (std::filesystem::exists(e.path() / "Kconfig")) {
            dirs.push_back("choices/" + e.path().filename().string());
        }
    }
    return dirs;
}

}  // namespace

TEST_CASE("kconfig::model_io: round trip") {
    for (const std::string& dir : fixture_dirs()) {
        CAPTURE(dir);
        Model m = load_fixture(dir);
        std::string bytes = serialize_model(m);
        auto back = deserialize_model(bytes);
        REQUIRE_MESSAGE(back.has_value(), back.error());
        CHECK(all_outputs(*back) == all_outputs(m));
        CHECK(serialize_model(*back) == bytes);
        // The name maps are rebuilt: lookups work as on the parsed model.
        CHECK(back->m_by_name == m.m_by_name);
        CHECK(back->m_consts == m.m_consts);
        CHECK(back->m_choices == m.m_choices);
    }

    SUBCASE("help texts, prompts and locations survive") {
        Model m = load_fixture("eval");
        auto back = deserialize_model(serialize_model(m));
        REQUIRE(back.has_value());
        SymId num = back->find("NUM");
        REQUIRE(num != kNoSym);
        const Menu& menu = back->menus[back->symbols[num].menus.at(0)];
        CHECK(menu.prompt == "Number");
        CHECK(back->files.at(menu.loc.file) == "Kconfig");
        CHECK(menu.loc.line == 30);
        CHECK(back->files.size() == 2);
        CHECK(back->files[1] == "drivers/Kconfig");
    }
}

TEST_CASE("kconfig::model_io: refuses other versions and bad input") {
    Model m = load_fixture("eval");
    std::string bytes = serialize_model(m);
    REQUIRE(bytes.substr(0, 9) == std::string("hwkcmodl\x01", 9));

    SUBCASE("newer format") {
        std::string v2 = bytes;
        v2[8] = 2;
        auto r = deserialize_model(v2);
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error() == "kconfig model format 2, this hwneeds reads 1");
    }
    SUBCASE("not a model") {
        auto r = deserialize_model("SQLite format 3");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error() == "not a hwneeds kconfig model (bad magic)");
        CHECK(deserialize_model("").error() == "not a hwneeds kconfig model (bad magic)");
    }
    SUBCASE("every truncation is an error") {
        for (size_t n = 0; n < bytes.size(); ++n) {
            auto r = deserialize_model(std::string_view(bytes).substr(0, n));
            CAPTURE(n);
            REQUIRE_FALSE(r.has_value());
            CHECK(r.error().starts_with(n < 8 ? "not a hwneeds" : "kconfig model "));
        }
        CHECK(deserialize_model(std::string_view(bytes).substr(0, 9)).error() ==
              "kconfig model truncated at byte 9");
    }
    SUBCASE("trailing bytes") {
        CHECK(deserialize_model(bytes + "x").error() == "kconfig model corrupt: trailing bytes (byte " +
                                                            std::to_string(bytes.size()) + ")");
    }
    SUBCASE("corrupt bytes never crash; what still loads still evaluates") {
        int refused = 0;
        for (size_t i = 9; i < bytes.size(); ++i) {
            for (unsigned char x : {0x01, 0x7f, 0x80, 0xff}) {
                std::string bad = bytes;
                bad[i] = static_cast<char>(static_cast<unsigned char>(bad[i]) ^ x);
                auto r = deserialize_model(bad);
                if (!r.has_value()) {
                    ++refused;
                    CHECK(r.error().starts_with("kconfig model "));
                    continue;
                }
                (void)write_dotconfig(*r, allnoconfig(*r, nullptr));
            }
        }
        CHECK(refused > 0);
    }
}
