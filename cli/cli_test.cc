// End-to-end: the real command handlers (the same code the hwneeds binary runs) over a
// miniature kernel tree, tests/data/kernel/mini. Every expected alias below was derived by hand
// from scripts/mod/file2alias.c's do_pci_entry/do_acpi_entry and the fixture's sources.
#include "cli/cli_test_util.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace fs = std::filesystem;

using namespace hw::cli::testing;


TEST_CASE("cli: index a miniature tree, then read it out") {
    fs::path dir = temp_dir();
    std::string db = (dir / "mini.db").string();
    Run idx = hwneeds({"index", "--kernel-src", kMini, "--out", db, "--stats"});
    CHECK(idx.rc == 0);
    CHECK(idx.out.starts_with("indexed Linux 6.1.0-mini (x86_64) into " + db + "\n"));
    CHECK(idx.out.find("phases:\n") != std::string::npos);
    // broken.c has an #if without #endif: reported like a compiler would, and the run goes on.
    CHECK(idx.err.find("drivers/net/broken.c:4:") != std::string::npos);
    CHECK(idx.err.find("unterminated") != std::string::npos);

    Run aliases = hwneeds({"aliases", "--db", db});
    CHECK(aliases.rc == 0);
    CHECK(aliases.out ==
          "alias acpi*:ABCD0001:* bar\n"
          "alias pci:v00000001d00000002sv*sd*bc*sc*i* broken\n"
          "alias broken-still-seen broken\n"
          "alias pci:v00008086d00001234sv*sd*bc*sc*i* foo\n"
          "alias pci:v000010ECd00008139sv*sd*bc*sc*i* foo\n"
          "alias pci:v*d*sv*sd*bc01sc06i01* foo\n"
          "alias fs-foofs foo\n"
          "alias char-major-116-* foo\n");

    Run modules = hwneeds({"modules", "--db", db});
    CHECK(modules.rc == 0);
    CHECK(modules.out ==
          "bar\tCONFIG_BAR\tdrivers/net/bar\n"
          "broken\tCONFIG_BROKEN\tdrivers/net/broken\n"
          "foo\tCONFIG_FOO\tdrivers/net/foo\n");

    SUBCASE("--config keeps what that kernel has") {
        std::ofstream(dir / "config") << "CONFIG_NET=y\nCONFIG_FOO=m\nCONFIG_BAR=y\n# CONFIG_FOO_EXTRA is not set\n";
        Run a = hwneeds({"aliases", "--db", db, "--config", (dir / "config").string()});
        CHECK(a.rc == 0);
        CHECK(a.out ==
              "alias acpi*:ABCD0001:* bar\n"
              "alias pci:v00008086d00001234sv*sd*bc*sc*i* foo\n"
              "alias pci:v000010ECd00008139sv*sd*bc*sc*i* foo\n"
              "alias fs-foofs foo\n"
          "alias char-major-116-* foo\n");
        Run m = hwneeds({"modules", "--db", db, "--config", (dir / "config").string()});
        CHECK(m.out == "bar\tCONFIG_BAR\tdrivers/net/bar\nfoo\tCONFIG_FOO\tdrivers/net/foo\n");
    }
    SUBCASE("the Kconfig model answers like the kernel's own conf (mini.expected/README.md)") {
        CHECK(idx.out.find("  kconfig:  6 symbol definitions from 1 files") != std::string::npos);
        Run old = hwneeds({"kconfig", "olddefconfig", "--db", db, "--base", kMiniExpected + "/base.config"});
        CHECK(old.rc == 0);
        CHECK(old.out == slurp(kMiniExpected + "/olddefconfig.config"));
        Run none = hwneeds({"kconfig", "allnoconfig", "--db", db});
        CHECK(none.rc == 0);
        CHECK(none.out == slurp(kMiniExpected + "/allnoconfig.config"));
        Run walk = hwneeds({"kconfig", "allnoconfig", "--walk", "--db", db});
        CHECK(walk.rc == 0);
        CHECK(walk.out == slurp(kMiniExpected + "/allnoconfig.config"));
        CHECK(hwneeds({"kconfig", "defconfig", "--walk", "--db", db}).rc == 2);
        Run show = hwneeds({"kconfig", "show", "--db", db, "FOO"});
        CHECK(show.rc == 0);
        CHECK(show.out.find("Kconfig:14") != std::string::npos);
        CHECK(show.out.find("FOO_CORE") != std::string::npos);
        Run unknown = hwneeds({"kconfig", "show", "--db", db, "FOOO"});
        CHECK(unknown.rc == 1);
        CHECK(unknown.err.find("unknown symbol 'FOOO'") != std::string::npos);
        std::ofstream(dir / "junk") << "hello world\n";
        Run bad = hwneeds({"kconfig", "olddefconfig", "--db", db, "--base", (dir / "junk").string()});
        CHECK(bad.rc == 1);
        CHECK(bad.err.find("not a usable .config") != std::string::npos);
        CHECK(hwneeds({"kconfig", "frob", "--db", db}).rc == 2);
    }
    SUBCASE("an index made without the Kconfig model says so") {
        std::string bare = (dir / "bare.db").string();
        REQUIRE(hwneeds({"index", "--kernel-src", kMini, "--out", bare, "--no-kconfig", "--quiet"}).rc == 0);
        Run r = hwneeds({"kconfig", "allnoconfig", "--db", bare});
        CHECK(r.rc == 1);
        CHECK(r.err.find(": the index has no Kconfig model") != std::string::npos);
    }
    SUBCASE("a file that is not a .config is refused") {
        std::ofstream(dir / "junk") << "hello world\n";
        Run a = hwneeds({"aliases", "--db", db, "--config", (dir / "junk").string()});
        CHECK(a.rc == 1);
        CHECK(a.out.empty());
        CHECK(a.err.find("not a usable .config") != std::string::npos);
    }
    fs::remove_all(dir);
}

TEST_CASE("cli: clear errors and exit codes") {
    fs::path dir = temp_dir();
    SUBCASE("missing tree") {
        Run r = hwneeds({"index", "--kernel-src", (dir / "nope").string(), "--out", (dir / "x.db").string()});
        CHECK(r.rc == 1);
        CHECK(r.err == "hwneeds index: " + (dir / "nope").string() + ": no such directory\n");
        CHECK_FALSE(fs::exists(dir / "x.db"));
    }
    SUBCASE("not a kernel tree") {
        Run r = hwneeds({"index", "--kernel-src", dir.string(), "--out", (dir / "x.db").string()});
        CHECK(r.rc == 1);
        CHECK(r.err == "hwneeds index: " + dir.string() + ": not a kernel source tree (no top-level Makefile)\n");
    }
    SUBCASE("unwritable output") {
        Run r = hwneeds({"index", "--kernel-src", kMini, "--out", (dir / "no/dir/x.db").string()});
        CHECK(r.rc == 1);
        CHECK(r.err.starts_with("hwneeds index: " + (dir / "no/dir/x.db").string() + ": cannot create index: "));
    }
    SUBCASE("unknown arch") {
        Run r = hwneeds({"index", "--kernel-src", kMini, "--out", (dir / "x.db").string(), "--arch", "vax"});
        CHECK(r.rc == 1);
        CHECK(r.err.starts_with("hwneeds index: unknown arch 'vax'"));
    }
    SUBCASE("usage errors") {
        CHECK(hwneeds({"index"}).rc == 2);
        CHECK(hwneeds({"aliases", "--bogus"}).err == "hwneeds aliases: unknown option '--bogus'\n");
        CHECK(hwneeds({"frobnicate"}).rc == 2);
        CHECK(hwneeds({}).rc == 2);
    }
    SUBCASE("missing index") {
        Run r = hwneeds({"modules", "--db", (dir / "none.db").string()});
        CHECK(r.rc == 1);
        CHECK(r.err == "hwneeds modules: " + (dir / "none.db").string() +
                           ": no such index (create one with `hwneeds index`)\n");
    }
    SUBCASE("help is generated from the command table") {
        Run r = hwneeds({"--help"});
        CHECK(r.rc == 0);
        for (const hw::cli::Command& c : hw::cli::commands()) {
            CHECK(r.out.find("  " + std::string(c.name)) != std::string::npos);
        }
        CHECK(hwneeds({"index", "--help"}).out.find("--kernel-src DIR") != std::string::npos);
    }
    fs::remove_all(dir);
}
