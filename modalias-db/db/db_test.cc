#include "modalias-db/db/db.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <vector>

namespace fs = std::filesystem;

namespace {

fs::path temp_dir() {
    char tmpl[] = "/tmp/hwneeds-db-test-XXXXXX";
    return fs::path(::mkdtemp(tmpl));
}

void write_sample(const fs::path& path) {
    auto w = hw::db::Writer::create(path);
    REQUIRE(w.has_value());
    w->set_meta("generator", "hwneeds test");
    w->set_meta("kernel_version", "6.1.0");
    int64_t e1000e = w->add_module({"e1000e", "drivers/net/ethernet/intel/e1000e/e1000e", "E1000E",
                                    hw::Cond::enabled("E1000E"), true});
    int64_t ahci = w->add_module({"ahci", "drivers/ata/ahci", "SATA_AHCI", hw::Cond::enabled("ATA"), true});
    w->add_alias(e1000e, "pci:v00008086d0000105Esv*sd*bc*sc*i*", "pci", hw::Cond::truth(),
                 "drivers/net/ethernet/intel/e1000e/netdev.c", 7700);
    w->add_alias(ahci, "pci:v*d*sv*sd*bc01sc06i01*", "pci", hw::Cond::builtin("OF"), "drivers/ata/ahci.c", 600);
    w->add_alias(ahci, "fs-ahci", "alias", hw::Cond::truth(), "drivers/ata/ahci.c", 700);
    w->add_modinfo(e1000e, "firmware", "e1000e.bin", hw::Cond::truth(), "x.c", 1);
    w->add_modinfo(ahci, "softdep", "pre: crc32c", hw::Cond::enabled("X"), "y.c", 2);
    w->add_modinfo(e1000e, "softdep", "post: b", hw::Cond::truth(), "x.c", 3);
    w->add_problem("cpp", hw::Diagnostic{"a.c", 3, 4, hw::Severity::Error, "bad"});
    REQUIRE(w->commit().has_value());
}

}  // namespace

TEST_CASE("db: what is written reads back, ordered by module path") {
    fs::path dir = temp_dir();
    write_sample(dir / "idx.db");
    CHECK_FALSE(fs::exists(dir / "idx.db.tmp"));
    auto r = hw::db::Reader::open(dir / "idx.db");
    REQUIRE(r.has_value());
    CHECK(r->meta().at("kernel_version") == "6.1.0");
    std::vector<std::string> seen;
    r->for_each_alias([&](const hw::db::AliasRow& a) {
        seen.push_back(a.module + " " + a.pattern + " " + a.bus + " " + a.cond.to_string() + " " + a.symbol);
    });
    CHECK(seen == std::vector<std::string>{
                      "ahci pci:v*d*sv*sd*bc01sc06i01* pci OF=y SATA_AHCI",
                      "ahci fs-ahci fs 1 SATA_AHCI",
                      "e1000e pci:v00008086d0000105Esv*sd*bc*sc*i* pci 1 E1000E",
                  });
    std::vector<std::string> mods;
    r->for_each_module([&](const hw::db::ModuleRow& m) { mods.push_back(m.name + " " + m.cond.to_string()); });
    CHECK(mods == std::vector<std::string>{"ahci ATA", "e1000e E1000E"});
    CHECK(r->count("problems") == 1);
    CHECK(r->count("modinfo") == 3);
    std::vector<std::string> softdeps;
    r->for_each_modinfo("softdep", [&](std::string_view path, std::string_view value, const hw::Cond& c) {
        softdeps.push_back(std::string(path) + " " + std::string(value) + " " + c.to_string());
    });
    CHECK(softdeps == std::vector<std::string>{"drivers/ata/ahci pre: crc32c X",
                                               "drivers/net/ethernet/intel/e1000e/e1000e post: b 1"});
    fs::remove_all(dir);
}

TEST_CASE("db: bus grouping") {
    CHECK(hw::db::bus_of("pci:v*") == "pci");
    CHECK(hw::db::bus_of("acpi*:PNP0A08:*") == "acpi");
    CHECK(hw::db::bus_of("dmi*:svnFoo*") == "dmi");
    CHECK(hw::db::bus_of("fs-ext4") == "fs");
    CHECK(hw::db::bus_of("char-major-10-231") == "char");
    CHECK(hw::db::bus_of("ipt_REJECT") == "ipt_REJECT");
}

TEST_CASE("db: bad files are refused with a message") {
    fs::path dir = temp_dir();
    SUBCASE("missing") {
        auto r = hw::db::Reader::open(dir / "none.db");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message == (dir / "none.db").string() + ": no such index (create one with `hwneeds index`)");
    }
    SUBCASE("not a database") {
        std::ofstream(dir / "junk.db") << "this is not sqlite, just text that is long enough to have a header";
        auto r = hw::db::Reader::open(dir / "junk.db");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message.starts_with((dir / "junk.db").string() + ": not a hwneeds index"));
    }
    SUBCASE("another SQLite database") {
        sqlite3* db = nullptr;
        sqlite3_open((dir / "other.db").c_str(), &db);
        sqlite3_exec(db, "CREATE TABLE t(x);", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        auto r = hw::db::Reader::open(dir / "other.db");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message == (dir / "other.db").string() + ": not a hwneeds index");
    }
    SUBCASE("another schema version") {
        write_sample(dir / "old.db");
        sqlite3* db = nullptr;
        sqlite3_open((dir / "old.db").c_str(), &db);
        sqlite3_exec(db, "PRAGMA user_version=99;", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        auto r = hw::db::Reader::open(dir / "old.db");
        REQUIRE_FALSE(r.has_value());
        CHECK(r.error().message == (dir / "old.db").string() +
                                       ": index schema version 99, but this hwneeds reads version 2; "
                                       "re-create it with `hwneeds index`");
    }
    SUBCASE("unwritable output") {
        auto w = hw::db::Writer::create(dir / "no/such/dir/x.db");
        REQUIRE_FALSE(w.has_value());
        CHECK(w.error().message.starts_with((dir / "no/such/dir/x.db").string() + ": cannot create index: "));
    }
    fs::remove_all(dir);
}

TEST_CASE("db: the Kconfig part (schema version 2)") {
    fs::path dir = temp_dir();
    SUBCASE("stored and read back") {
        auto w = hw::db::Writer::create(dir / "k.db");
        REQUIRE(w.has_value());
        w->set_meta("generator", "hwneeds test");
        std::string blob("HWKC\0\x01\xff binary", 15);
        w->set_kconfig_model(3, blob);
        w->add_kconfig_symbol("E1000E", "tristate", "drivers/net/ethernet/intel/Kconfig", 58);
        w->add_kconfig_symbol("E1000E", "tristate", "arch/x86/Kconfig.extra", 3);
        w->add_kconfig_probe("gcc --version", "gcc (Debian 12.2.0-14) 12.2.0");
        w->add_kconfig_fragment("kernel/configs/tiny.config", "# CONFIG_KERNEL_GZIP is not set\n");
        REQUIRE(w->commit().has_value());
        auto r = hw::db::Reader::open(dir / "k.db");
        REQUIRE(r.has_value());
        auto model = r->kconfig_model();
        REQUIRE(model.has_value());
        CHECK(model->format == 3);
        CHECK(model->data == blob);  // binary-safe, NUL included
        CHECK(r->kconfig_fragment("kernel/configs/tiny.config") == "# CONFIG_KERNEL_GZIP is not set\n");
        CHECK_FALSE(r->kconfig_fragment("nope").has_value());
        CHECK(r->kconfig_definitions("E1000E") ==
              std::vector<std::pair<std::string, int>>{{"drivers/net/ethernet/intel/Kconfig", 58},
                                                       {"arch/x86/Kconfig.extra", 3}});
        CHECK(r->count("kconfig_probes") == 1);
    }
    SUBCASE("an index without a model says so") {
        write_sample(dir / "nomodel.db");
        auto r = hw::db::Reader::open(dir / "nomodel.db");
        REQUIRE(r.has_value());
        auto model = r->kconfig_model();
        REQUIRE_FALSE(model.has_value());
        CHECK(model.error().message.starts_with((dir / "nomodel.db").string() + ": the index has no Kconfig model"));
    }
    fs::remove_all(dir);
}
