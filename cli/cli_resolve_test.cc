// End-to-end: `hwneeds resolve` and `hwneeds explain` (the real command handlers) over an index
// that `hwneeds index` builds from tests/data/resolve-cli/tree, a miniature kernel tree modelled on
// Linux 6.1's RealTek 8139 driver. Every expected answer below is worked out by hand from that
// tree and the Kconfig rules (Documentation/kbuild/kconfig-language.rst); none was produced by
// hwneeds. The facts they rest on:
//
//   Kconfig                                       Kbuild
//   EXPERT      bool, prompt                      obj-y += drivers/        (Kbuild)
//   MODULES     bool, prompt, `modules`           obj-y += net/            (drivers/Makefile)
//   PCI         bool, prompt                      obj-$(CONFIG_MII) += mii.o,
//   menuconfig NETDEVICES  bool, prompt           obj-$(CONFIG_NET_VENDOR_REALTEK) += realtek/
//   if NETDEVICES                                 obj-$(CONFIG_8139TOO) += 8139too.o
//     MII       tristate, no prompt                                   (drivers/net/realtek/Makefile)
//     menuconfig NET_VENDOR_REALTEK  bool, prompt, default y, depends on PCI
//     if NET_VENDOR_REALTEK
//       8139TOO tristate, prompt, depends on PCI, select MII
//   SOUND       tristate, prompt
//
// So module 8139too (drivers/net/realtek/8139too, aliases pci:v000010ECd00008139sv*sd*bc*sc*i*
// and pci:v00001186d00001300sv*sd*bc*sc*i*) exists when NET_VENDOR_REALTEK && 8139TOO, and the
// prompt of 8139TOO is visible when NETDEVICES && NET_VENDOR_REALTEK && PCI. Over allnoconfig
// (every prompt off), the device 10ec:8139 needs, as the smallest fragment:
//   MODULES=y      8139TOO=m is only possible with MODULES=y
//   PCI=y          8139TOO and NET_VENDOR_REALTEK depend on it
//   NETDEVICES=y   the `if NETDEVICES` around both
//   8139TOO=m      the driver, as a module (--tristate prefer-m)
// and nothing else: NET_VENDOR_REALTEK gets y from its `default y` once NETDEVICES and PCI are y
// (allnoconfig does not write it, since it is invisible there), MII gets m from the select; a
// line for either would be one olddefconfig produces anyway, so not minimal.
#include "cli/cli_test_util.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

using namespace hw::cli::testing;

namespace {

const std::string kTree = HW_TEST_DATA "/resolve-cli/tree";
const std::string kDevice = HW_TEST_DATA "/resolve-cli/rtl8139.modaliases";
// The one line of kDevice: PCI 10ec:8139, subsystem 10ec:8139, class 02/00/00.
const std::string kModalias = "pci:v000010ECd00008139sv000010ECsd00008139bc02sc00i00";

// `make allnoconfig` of the tree, as the kernel's conf writes it: every visible prompt off
// (NET_VENDOR_REALTEK, MII and 8139TOO are invisible without NETDEVICES, so not written).
const std::string kAllnoconfig =
    "# CONFIG_EXPERT is not set\n"
    "# CONFIG_MODULES is not set\n"
    "# CONFIG_PCI is not set\n"
    "# CONFIG_NETDEVICES is not set\n"
    "# CONFIG_SOUND is not set\n";

// A temporary directory with an index of kTree (with its Kconfig model), removed at the end.
struct Indexed {
    fs::path dir = temp_dir();
    std::string db = (dir / "resolve-cli.db").string();

    Indexed() {
        Run r = hwneeds({"index", "--kernel-src", kTree, "--out", db, "--quiet"});
        REQUIRE(r.rc == 0);
    }
    ~Indexed() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name, std::ios::binary) << text;
        return (dir / name).string();
    }
};

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        out.push_back(l);
    }
    return out;
}

// The output of --format kconfig without its two header lines.
std::vector<std::string> body(const std::string& text) {
    std::vector<std::string> lines = split_lines(text);
    lines.erase(lines.begin(), lines.begin() + std::min<size_t>(2, lines.size()));
    return lines;
}

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

size_t position(const std::vector<std::string>& v, const std::string& s) {
    return static_cast<size_t>(std::find(v.begin(), v.end(), s) - v.begin());
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// The help's options table has "  --NAME VALUE   help" or "  --NAME   help" lines.
bool lists_option(const std::string& help, const std::string& name) {
    return contains(help, "  --" + name + " ") || contains(help, "  --" + name + "\n");
}

std::string gzip(const std::string& text) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    std::string out(deflateBound(&z, static_cast<uLong>(text.size())) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

// A copy of the index at `out` with the root page of `table` overwritten with garbage, as a bad
// disk or a partial copy would leave it.
std::string damage_table(const std::string& db_path, const std::string& table, const fs::path& out) {
    fs::copy_file(db_path, out, fs::copy_options::overwrite_existing);
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(out.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    auto one = [db](const std::string& sql) {
        sqlite3_stmt* st = nullptr;
        REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        int64_t v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        return v;
    };
    const int64_t page_size = one("PRAGMA page_size");
    const int64_t root = one("SELECT rootpage FROM sqlite_master WHERE name = '" + table + "'");
    sqlite3_close(db);
    REQUIRE(root > 2);  // neither the schema page nor the meta table
    std::fstream f(out, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((root - 1) * page_size);
    const std::string garbage(static_cast<size_t>(page_size), '\xa5');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
    return out.string();
}

// The fragment of the allnoconfig answer (see the top of the file), in no particular order.
const std::set<std::string> kAnswerOverAllno{"CONFIG_MODULES=y", "CONFIG_PCI=y", "CONFIG_NETDEVICES=y",
                                             "CONFIG_8139TOO=m"};

}  // namespace

TEST_CASE("cli resolve: one device of a driver behind a dependency chain, --format kconfig") {
    Indexed ix;
    Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig"});
    CHECK(r.rc == 0);
    CHECK(r.err == "");
    std::vector<std::string> lines = split_lines(r.out);
    REQUIRE(lines.size() >= 2);
    // The index was built from a Makefile with 6 / 1 / 0 / -rcli, for the default arch x86_64.
    CHECK(lines[0].starts_with("# Generated by hwneeds "));
    CHECK(lines[0].ends_with(" (hwneeds resolve) for Linux 6.1.0-rcli x86_64."));
    CHECK(lines[1] == "# Base: allnoconfig; tristate: prefer-m; 4 options.");
    std::vector<std::string> fragment = body(r.out);
    CHECK(fragment.size() == 4);
    CHECK(as_set(fragment) == kAnswerOverAllno);
    // Dependency order, prerequisites first: the driver's line comes after all three others.
    CHECK(position(fragment, "CONFIG_8139TOO=m") == 3);

    SUBCASE("the answer is a fixed point of olddefconfig over the base") {
        // allnoconfig + the fragment, through olddefconfig: every line stays as written, and the
        // two symbols left out get their values from the rest (default y; select by 8139TOO=m).
        std::string text = kAllnoconfig;
        for (const std::string& l : fragment) {
            text += l + "\n";
        }
        Run old = hwneeds({"kconfig", "olddefconfig", "--db", ix.db, "--base", ix.write("applied.config", text)});
        CHECK(old.rc == 0);
        std::set<std::string> result = as_set(split_lines(old.out));
        for (const std::string& l : fragment) {
            CAPTURE(l);
            CHECK(result.contains(l));
        }
        CHECK(result.contains("CONFIG_NET_VENDOR_REALTEK=y"));
        CHECK(result.contains("CONFIG_MII=m"));
        CHECK(result.contains("# CONFIG_SOUND is not set"));
    }
    SUBCASE("the default base is tinyconfig") {
        // make tinyconfig = allnoconfig with kernel/configs/tiny-base.config (EXPERT=y), then
        // kernel/configs/tiny.config (SOUND off) and arch/x86/configs/tiny.config (PCI=y) merged
        // in: PCI is on already, so the answer is the other three lines.
        Run t = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice});
        CHECK(t.rc == 0);
        CHECK(split_lines(t.out).at(1) == "# Base: tinyconfig; tristate: prefer-m; 3 options.");
        CHECK(as_set(body(t.out)) ==
              std::set<std::string>{"CONFIG_MODULES=y", "CONFIG_NETDEVICES=y", "CONFIG_8139TOO=m"});
        CHECK(body(t.out).back() == "CONFIG_8139TOO=m");
    }
    SUBCASE("the driver's other device gives the same answer") {
        // 1186:1300 is the table's second entry, same module, same conditions.
        std::string other = ix.write("dlink.modaliases", "pci:v00001186d00001300sv00001186sd00001300bc02sc00i00\n");
        Run d = hwneeds({"resolve", "--db", ix.db, "--modaliases", other, "--base", "allnoconfig"});
        CHECK(d.rc == 0);
        CHECK(as_set(body(d.out)) == kAnswerOverAllno);
    }
    SUBCASE("a device no module claims needs nothing") {
        std::string none = ix.write("none.modaliases", "pci:v0000DEADd0000BEEFsv00000000sd00000000bc02sc00i00\n");
        Run n = hwneeds({"resolve", "--db", ix.db, "--modaliases", none, "--base", "allnoconfig"});
        CHECK(n.rc == 0);
        CHECK(split_lines(n.out).at(1) == "# Base: allnoconfig; tristate: prefer-m; 0 options.");
        CHECK(body(n.out).empty());
    }
}

TEST_CASE("cli resolve: --format json is the hardware profile") {
    Indexed ix;
    Run k = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig"});
    Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig", "--format", "json"});
    CHECK(r.rc == 0);
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    REQUIRE_FALSE(j.is_discarded());
    // docs/hardware-profile.md
    CHECK(j["schema"] == "hwneeds-profile");
    CHECK(j["version"] == 1);
    CHECK(j["generator"].get<std::string>().starts_with("hwneeds "));
    // The index's meta: the tree's Makefile version, the default arch.
    CHECK(j["kernel"]["version"] == "6.1.0-rcli");
    CHECK(j["kernel"]["arch"] == "x86_64");
    CHECK(j["kernel"]["srcarch"] == "x86");
    CHECK(j["base"] == "allnoconfig");
    CHECK(j["tristate"] == "prefer-m");
    CHECK(j["profiles"] == nlohmann::json::array());
    CHECK(j["unreachable"] == nlohmann::json::array());
    CHECK(j["notes"] == nlohmann::json::array());

    // The one input device, matched by 8139too's first alias only.
    REQUIRE(j["devices"].size() == 1);
    CHECK(j["devices"][0]["modalias"] == kModalias);
    CHECK(j["devices"][0]["bus"] == "pci");
    CHECK(j["devices"][0]["modules"] == nlohmann::json::array({"8139too"}));

    REQUIRE(j["modules"].size() >= 1);
    CHECK(j["modules"][0]["name"] == "8139too");
    CHECK(j["modules"][0]["path"] == "drivers/net/realtek/8139too");
    CHECK(j["modules"][0]["symbol"] == "8139TOO");
    CHECK(j["modules"][0]["builtin"] == false);

    // needs: the module's own symbol and its Kbuild directory guard, both "enabled" (m).
    auto need = [&](const std::string& symbol) {
        for (const nlohmann::json& n : j["needs"]) {
            if (n["symbol"] == symbol) {
                return n;
            }
        }
        return nlohmann::json();
    };
    CHECK(need("8139TOO")["want"] == "m");
    CHECK(contains(need("8139TOO")["reason"].get<std::string>(), "8139too"));
    CHECK(contains(need("8139TOO")["reason"].get<std::string>(), kModalias));
    CHECK(need("NET_VENDOR_REALTEK")["want"] == "m");

    // options: the same lines as --format kconfig, in the same order.
    std::vector<std::string> from_json;
    for (const nlohmann::json& o : j["options"]) {
        std::string value = o["value"];
        from_json.push_back(value == "n" ? "# CONFIG_" + o["symbol"].get<std::string>() + " is not set"
                                         : "CONFIG_" + o["symbol"].get<std::string>() + "=" + value);
    }
    CHECK(from_json == body(k.out));
    CHECK(as_set(from_json) == kAnswerOverAllno);
    for (const nlohmann::json& o : j["options"]) {
        CAPTURE(o.dump());
        if (o["symbol"] == "8139TOO") {
            CHECK(o["required_by"] == nlohmann::json::array());  // a need itself
            CHECK_FALSE(o["reasons"].empty());
        } else if (o["symbol"] == "MODULES") {
            CHECK(o["required_by"] == nlohmann::json::array({"8139TOO"}));  // only for its m
        } else {
            // Both needs depend on PCI and NETDEVICES: 8139TOO (`depends on PCI`, the ifs around
            // it) and NET_VENDOR_REALTEK (`depends on PCI`, `if NETDEVICES`); either is right.
            REQUIRE_FALSE(o["required_by"].empty());
            for (const nlohmann::json& by : o["required_by"]) {
                CHECK((by == "8139TOO" || by == "NET_VENDOR_REALTEK"));
            }
        }
    }

    SUBCASE("--tristate builtin: every option y, no MODULES") {
        // Everything built in: 8139TOO=y; MODULES is then needed by nothing.
        Run b = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig", "--format",
                         "json", "--tristate", "builtin"});
        CHECK(b.rc == 0);
        nlohmann::json jb = nlohmann::json::parse(b.out, nullptr, false);
        REQUIRE_FALSE(jb.is_discarded());
        CHECK(jb["tristate"] == "builtin");
        std::set<std::string> symbols;
        for (const nlohmann::json& o : jb["options"]) {
            CAPTURE(o.dump());
            CHECK(o["value"] == "y");
            symbols.insert(o["symbol"].get<std::string>());
        }
        CHECK(symbols == std::set<std::string>{"PCI", "NETDEVICES", "8139TOO"});
        CHECK(jb["modules"][0]["builtin"] == true);
        for (const nlohmann::json& n : jb["needs"]) {
            if (n["symbol"] == "8139TOO") {
                CHECK(n["want"] == "y");
            }
        }
        Run kb = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig", "--tristate",
                          "builtin"});
        CHECK(split_lines(kb.out).at(1) == "# Base: allnoconfig; tristate: builtin; 3 options.");
        CHECK(as_set(body(kb.out)) ==
              std::set<std::string>{"CONFIG_PCI=y", "CONFIG_NETDEVICES=y", "CONFIG_8139TOO=y"});
    }
}

TEST_CASE("cli resolve: --format nix") {
    Indexed ix;
    Run k = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig"});
    Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig", "--format", "nix"});
    CHECK(r.rc == 0);
    std::vector<std::string> lines = split_lines(r.out);
    REQUIRE(lines.size() == 11);
    // The same header as --format kconfig, then a function for structuredExtraConfig.
    CHECK(lines[0] == split_lines(k.out)[0]);
    CHECK(lines[1] == "# Base: allnoconfig; tristate: prefer-m; 4 options.");
    CHECK(lines[2] == "# Use: structuredExtraConfig = import ./this-file.nix { inherit lib; };");
    CHECK(lines[3] == "{ lib, ... }:");
    CHECK(lines[4] == "with lib.kernel;");
    CHECK(lines[5] == "{");
    CHECK(lines[10] == "}");
    std::vector<std::string> attrs(lines.begin() + 6, lines.begin() + 10);
    // y -> yes, m -> module; 8139TOO is not a Nix identifier (starts with a digit): quoted.
    CHECK(as_set(attrs) == std::set<std::string>{"  MODULES = yes;", "  PCI = yes;", "  NETDEVICES = yes;",
                                                 "  \"8139TOO\" = module;"});
    // In the order of the kconfig lines.
    std::vector<std::string> expected;
    for (const std::string& l : body(k.out)) {
        std::string name = l.substr(7, l.find('=') - 7);
        std::string value = l.ends_with("=y") ? "yes" : l.ends_with("=m") ? "module" : "no";
        expected.push_back("  " + (name == "8139TOO" ? "\"" + name + "\"" : name) + " = " + value + ";");
    }
    CHECK(attrs == expected);

    SUBCASE("--tristate builtin") {
        Run b = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", "allnoconfig", "--format",
                         "nix", "--tristate", "builtin"});
        CHECK(b.rc == 0);
        std::vector<std::string> bl = split_lines(b.out);
        REQUIRE(bl.size() == 10);
        CHECK(as_set({bl.begin() + 6, bl.begin() + 9}) ==
              std::set<std::string>{"  PCI = yes;", "  NETDEVICES = yes;", "  \"8139TOO\" = yes;"});
    }
}

TEST_CASE("cli resolve: --base FILE") {
    Indexed ix;
    SUBCASE("a .config that has the bus already: the PCI line goes") {
        // allnoconfig with PCI=y: the answer is the allnoconfig one without CONFIG_PCI=y.
        std::string base = ix.write("pci.config",
                                    "# CONFIG_EXPERT is not set\n"
                                    "# CONFIG_MODULES is not set\n"
                                    "CONFIG_PCI=y\n"
                                    "# CONFIG_NETDEVICES is not set\n"
                                    "# CONFIG_SOUND is not set\n");
        Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", base});
        CHECK(r.rc == 0);
        CHECK(r.err == "");
        CHECK(split_lines(r.out).at(1) == "# Base: " + base + "; tristate: prefer-m; 3 options.");
        const std::set<std::string> expected{"CONFIG_MODULES=y", "CONFIG_NETDEVICES=y", "CONFIG_8139TOO=m"};
        CHECK(as_set(body(r.out)) == expected);
        CHECK(body(r.out).back() == "CONFIG_8139TOO=m");

        SUBCASE("gzip'd, as /proc/config.gz: the same answer") {
            std::string gz = ix.write("config.gz", gzip(slurp(base)));
            Run g = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", gz});
            CHECK(g.rc == 0);
            CHECK(g.err == "");
            CHECK(split_lines(g.out).at(1) == "# Base: " + gz + "; tristate: prefer-m; 3 options.");
            CHECK(body(g.out) == body(r.out));
        }
        SUBCASE("json names the file as the base") {
            Run j = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", base, "--format", "json"});
            CHECK(j.rc == 0);
            CHECK(nlohmann::json::parse(j.out)["base"] == base);
        }
    }
    SUBCASE("a distribution-like .config: network drivers on, the vendor menu off") {
        // NETDEVICES=y with `# CONFIG_NET_VENDOR_REALTEK is not set` written out (the user said
        // no, so olddefconfig keeps n over the default y): the answer must turn the vendor menu
        // on before the driver. Symbols this tree does not know are ignored, as olddefconfig does.
        std::string base = ix.write("distro.config",
                                    "CONFIG_LOCALVERSION=\"-distro\"\n"
                                    "CONFIG_MODULES=y\n"
                                    "CONFIG_PCI=y\n"
                                    "CONFIG_NETDEVICES=y\n"
                                    "# CONFIG_NET_VENDOR_REALTEK is not set\n"
                                    "CONFIG_OLD_DRIVER=m\n"
                                    "CONFIG_SOUND=m\n");
        Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", base});
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(1) == "# Base: " + base + "; tristate: prefer-m; 2 options.");
        CHECK(body(r.out) == std::vector<std::string>{"CONFIG_NET_VENDOR_REALTEK=y", "CONFIG_8139TOO=m"});
    }
    SUBCASE("a .config that has the driver already: nothing to add") {
        std::string base = ix.write("has-it.config",
                                    "CONFIG_MODULES=y\n"
                                    "CONFIG_PCI=y\n"
                                    "CONFIG_NETDEVICES=y\n"
                                    "CONFIG_NET_VENDOR_REALTEK=y\n"
                                    "CONFIG_8139TOO=m\n");
        Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", base});
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(1) == "# Base: " + base + "; tristate: prefer-m; 0 options.");
        CHECK(body(r.out).empty());
        // Built in already is enabled too: prefer-m does not ask for a module then.
        std::string builtin = ix.write("has-it-y.config",
                                       "CONFIG_PCI=y\n"
                                       "CONFIG_NETDEVICES=y\n"
                                       "CONFIG_8139TOO=y\n");
        Run y = hwneeds({"resolve", "--db", ix.db, "--modaliases", kDevice, "--base", builtin});
        CHECK(y.rc == 0);
        CHECK(body(y.out).empty());
    }
}

TEST_CASE("cli resolve: bad input, with exit codes and messages") {
    Indexed ix;
    const std::vector<std::string> ok{"resolve", "--db", ix.db, "--modaliases", kDevice};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = ok;
        args.insert(args.end(), extra.begin(), extra.end());
        return hwneeds(args);
    };
    SUBCASE("--base: a C file") {
        std::string c = kTree + "/drivers/net/realtek/8139too.c";
        Run r = with({"--base", c});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        // Not one CONFIG_ line in it (its #include lines read as comments).
        CHECK(contains(r.err, c + ": error: no CONFIG_ lines: not a .config file\n"));
        CHECK(contains(r.err, "hwneeds resolve: " + c + ": not a .config"));
    }
    SUBCASE("--base: random text") {
        std::string junk = ix.write("junk", "hello world\nthis is not a kernel configuration\n");
        Run r = with({"--base", junk});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(contains(r.err, junk + ": error: no CONFIG_ lines: not a .config file\n"));
    }
    SUBCASE("--base: a .config with one bad line names the file and the line") {
        std::string bad = ix.write("bad.config", "CONFIG_PCI=y\nCONFIG_NETDEVICES=yes\nCONFIG_SOUND=m\n");
        Run r = with({"--base", bad});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        // Line 2, column 19: the value after "CONFIG_NETDEVICES=".
        CHECK(contains(r.err, bad + ":2:19: error: invalid value 'yes' for CONFIG_NETDEVICES"));
        CHECK(contains(r.err, "hwneeds resolve: " + bad + ": not a .config"));
    }
    SUBCASE("--base: a missing file") {
        std::string missing = (ix.dir / "nope.config").string();
        Run r = with({"--base", missing});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: " + missing + ": No such file or directory\n");
    }
    SUBCASE("--base: a mistyped base name says which names there are") {
        // `allnoconfg` is neither a named base nor a file: the message should list the names
        // (as --profile does), not only say that no such file exists.
        Run r = with({"--base", "allnoconfg"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(contains(r.err, "allnoconfg"));
        CHECK(contains(r.err, "tinyconfig"));
        CHECK(contains(r.err, "allnoconfig"));
        CHECK(contains(r.err, "defconfig"));
    }
    SUBCASE("--base: a truncated gzip file") {
        std::string gz = gzip(kAllnoconfig + "CONFIG_PCI=y\n");
        std::string cut = ix.write("cut.config.gz", gz.substr(0, gz.size() / 2));
        Run r = with({"--base", cut});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err.starts_with("hwneeds resolve: " + cut + ": "));
        CHECK(contains(r.err, "gzip"));
    }
    SUBCASE("--base defconfig without arch/x86/configs/x86_64_defconfig in the tree") {
        Run r = with({"--base", "defconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: the index has no arch/x86/configs/x86_64_defconfig\n");
    }
    SUBCASE("--profile nosuch lists the known profiles") {
        Run r = with({"--profile", "nosuch"});
        CHECK(r.rc == 1);  // like `hwneeds index --arch vax`: a name that is not in the table
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: unknown profile 'nosuch' (known: nixos)\n");
    }
    SUBCASE("--tristate bad is a usage error") {
        Run r = with({"--tristate", "bad"});
        CHECK(r.rc == 2);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: --tristate is prefer-m or builtin, not 'bad'\n");
    }
    SUBCASE("--format bad is a usage error") {
        Run r = with({"--format", "bad"});
        CHECK(r.rc == 2);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: --format is kconfig, nix or json, not 'bad'\n");
    }
    SUBCASE("no --db is a usage error") {
        Run r = hwneeds({"resolve", "--modaliases", kDevice});
        CHECK(r.rc == 2);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: --db FILE is required (see --help)\n");
        Run e = hwneeds({"explain", "8139TOO", "--modaliases", kDevice});
        CHECK(e.rc == 2);
        CHECK(e.err == "hwneeds explain: --db FILE is required (see --help)\n");
    }
    SUBCASE("an unknown option is a usage error") {
        Run r = with({"--bogus"});
        CHECK(r.rc == 2);
        CHECK(r.err == "hwneeds resolve: unknown option '--bogus'\n");
    }
    SUBCASE("a missing --modaliases file") {
        std::string missing = (ix.dir / "none.modaliases").string();
        Run r = hwneeds({"resolve", "--db", ix.db, "--modaliases", missing, "--base", "allnoconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds resolve: " + missing + ": No such file or directory\n");
    }
    SUBCASE("an index without the Kconfig model") {
        std::string bare = (ix.dir / "bare.db").string();
        REQUIRE(hwneeds({"index", "--kernel-src", kTree, "--out", bare, "--no-kconfig", "--quiet"}).rc == 0);
        Run r = hwneeds({"resolve", "--db", bare, "--modaliases", kDevice, "--base", "allnoconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err.starts_with("hwneeds resolve: " + bare + ": the index has no Kconfig model"));
        Run e = hwneeds({"explain", "--db", bare, "8139TOO", "--modaliases", kDevice, "--base", "allnoconfig"});
        CHECK(e.rc == 1);
        CHECK(e.err.starts_with("hwneeds explain: " + bare + ": the index has no Kconfig model"));
    }
    SUBCASE("a missing index") {
        std::string none = (ix.dir / "none.db").string();
        Run r = hwneeds({"resolve", "--db", none, "--modaliases", kDevice});
        CHECK(r.rc == 1);
        CHECK(r.err == "hwneeds resolve: " + none + ": no such index (create one with `hwneeds index`)\n");
    }
    SUBCASE("a db file that is not SQLite at all") {
        std::string junk = ix.write("junk.db", std::string(4096, 'x') + "not a database\n");
        Run r = hwneeds({"resolve", "--db", junk, "--modaliases", kDevice, "--base", "allnoconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err.starts_with("hwneeds resolve: " + junk + ": not a hwneeds index"));
    }
    SUBCASE("a truncated index") {
        std::string data = slurp(ix.db);
        REQUIRE(data.size() > 8192);
        std::string cut = ix.write("cut.db", data.substr(0, data.size() / 2));
        Run r = hwneeds({"resolve", "--db", cut, "--modaliases", kDevice, "--base", "allnoconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err.starts_with("hwneeds resolve: " + cut + ": "));
    }
    SUBCASE("an index with a damaged page: an error, never a silently different answer") {
        // SQLite reports SQLITE_CORRUPT when the page is read; the answer must not go on as if the
        // table were empty (no alias -> no module -> "0 options", exit 0).
        for (const std::string table : {"aliases", "modules", "conds", "kconfig_model"}) {
            CAPTURE(table);
            const std::string damaged = damage_table(ix.db, table, ix.dir / (table + "-damaged.db"));
            Run r = hwneeds({"resolve", "--db", damaged, "--modaliases", kDevice, "--base", "allnoconfig"});
            CHECK(r.rc == 1);
            CHECK(r.out == "");
            CHECK(r.err.starts_with("hwneeds resolve: " + damaged + ": "));
            // It was indexed with the model: advice to re-index "without --no-kconfig" misleads.
            CHECK_FALSE(contains(r.err, "--no-kconfig"));
        }
    }
    SUBCASE("an index whose stored Kconfig model is damaged") {
        std::string damaged = (ix.dir / "damaged.db").string();
        fs::copy_file(ix.db, damaged);
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(damaged.c_str(), &db) == SQLITE_OK);
        CHECK(sqlite3_exec(db, "UPDATE kconfig_model SET data = x'00010203deadbeef'", nullptr, nullptr, nullptr) ==
              SQLITE_OK);
        sqlite3_close(db);
        Run r = hwneeds({"resolve", "--db", damaged, "--modaliases", kDevice, "--base", "allnoconfig"});
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err.starts_with("hwneeds resolve: " + damaged + ": "));
    }
}

TEST_CASE("cli resolve explain: why a symbol is or is not in the answer") {
    Indexed ix;
    auto explain = [&](const std::string& symbol, std::vector<std::string> extra = {"--base", "allnoconfig"}) {
        std::vector<std::string> args{"explain", "--db", ix.db, symbol, "--modaliases", kDevice};
        args.insert(args.end(), extra.begin(), extra.end());
        return hwneeds(args);
    };
    SUBCASE("the driver: in the fragment, for the device through the module") {
        Run r = explain("8139TOO");
        CHECK(r.rc == 0);
        CHECK(r.err == "");
        std::vector<std::string> lines = split_lines(r.out);
        REQUIRE_FALSE(lines.empty());
        // 4 lines over allnoconfig (see the top of the file), where 8139TOO is off.
        CHECK(lines[0] == "CONFIG_8139TOO=m: in the fragment (4 lines over allnoconfig, where it is n)");
        // The device -> module reason: the module and the device's modalias.
        CHECK(contains(r.out, "  8139TOO is needed: "));
        CHECK(contains(r.out, "module 8139too (drivers/net/realtek/8139too)"));
        CHECK(contains(r.out, kModalias));
        CHECK(contains(r.out, "  builds module: 8139too (drivers/net/realtek/8139too)\n"));
    }
    SUBCASE("CONFIG_ prefix accepted: the same answer") {
        Run a = explain("8139TOO");
        Run b = explain("CONFIG_8139TOO");
        CHECK(b.rc == 0);
        CHECK(b.out == a.out);
    }
    SUBCASE("a prerequisite: the chain names what it is a dependency of") {
        Run r = explain("PCI");
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(0) == "CONFIG_PCI=y: in the fragment (4 lines over allnoconfig, where it is n)");
        // 8139TOO and NET_VENDOR_REALTEK both depend on PCI (see the json case): either is named,
        // and then why that one is there: the module, for the device.
        std::vector<std::string> lines = split_lines(r.out);
        REQUIRE(lines.size() >= 3);
        CHECK((lines[1] == "  PCI is a dependency of 8139TOO" ||
               lines[1] == "  PCI is a dependency of NET_VENDOR_REALTEK"));
        CHECK(lines[2].starts_with("    " + lines[1].substr(lines[1].rfind(' ') + 1) +
                                   " is needed: module 8139too (drivers/net/realtek/8139too) for " + kModalias));
        Run n = explain("NETDEVICES");
        CHECK(n.rc == 0);
        CHECK(split_lines(n.out).at(0) ==
              "CONFIG_NETDEVICES=y: in the fragment (4 lines over allnoconfig, where it is n)");
        CHECK(contains(n.out, "  NETDEVICES is a dependency of "));
        Run m = explain("MODULES");
        CHECK(m.rc == 0);
        CHECK(split_lines(m.out).at(0) ==
              "CONFIG_MODULES=y: in the fragment (4 lines over allnoconfig, where it is n)");
        // MODULES is written because 8139TOO is asked as m.
        CHECK(contains(m.out, "  MODULES is a dependency of 8139TOO\n"));
    }
    SUBCASE("a need that olddefconfig fills in from the other lines") {
        // NET_VENDOR_REALTEK guards drivers/net/realtek/ in Kbuild (a need), and its default y
        // gives it once NETDEVICES and PCI are on: no line of its own.
        Run r = explain("NET_VENDOR_REALTEK");
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(0) ==
              "CONFIG_NET_VENDOR_REALTEK=y: not in the fragment; olddefconfig sets it from the other lines");
        CHECK(contains(r.out, "  needed (m): module 8139too"));
    }
    SUBCASE("a selected symbol") {
        Run r = explain("MII");
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(0).starts_with("CONFIG_MII=m: not in the fragment; "));
        // (the select's condition is 8139TOO's menu dependencies, as in the kernel's help text)
        CHECK(contains(r.out, "  selected by 8139TOO=m"));
        CHECK(contains(r.out, "  builds module: mii (drivers/net/mii)\n"));
    }
    SUBCASE("a symbol nobody needs") {
        Run r = explain("SOUND");
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(0) ==
              "CONFIG_SOUND=n: not in the fragment; no device, module or profile entry needs it");
    }
    SUBCASE("a base that has the driver already") {
        std::string base = ix.write("has-it.config",
                                    "CONFIG_MODULES=y\nCONFIG_PCI=y\nCONFIG_NETDEVICES=y\nCONFIG_8139TOO=m\n");
        Run r = explain("8139TOO", {"--base", base});
        CHECK(r.rc == 0);
        CHECK(split_lines(r.out).at(0) == "CONFIG_8139TOO=m: not in the fragment; " + base + " has it already");
    }
    SUBCASE("an unknown symbol") {
        Run r = explain("FROB");
        CHECK(r.rc == 1);
        CHECK(r.out == "");
        CHECK(r.err == "hwneeds explain: unknown symbol FROB (no such config in this tree's Kconfig)\n");
        Run c = explain("CONFIG_FROB");
        CHECK(c.rc == 1);
        CHECK(contains(c.err, "unknown symbol FROB"));
    }
    SUBCASE("no symbol, or two, is a usage error") {
        Run none = hwneeds({"explain", "--db", ix.db, "--modaliases", kDevice});
        CHECK(none.rc == 2);
        CHECK(none.err == "hwneeds explain: give exactly one SYMBOL (see --help)\n");
        CHECK(hwneeds({"explain", "--db", ix.db, "PCI", "MII", "--modaliases", kDevice}).rc == 2);
    }
    SUBCASE("bad --tristate is a usage error for explain too") {
        Run r = explain("PCI", {"--base", "allnoconfig", "--tristate", "bad"});
        CHECK(r.rc == 2);
        CHECK(r.err == "hwneeds explain: --tristate is prefer-m or builtin, not 'bad'\n");
    }
}

TEST_CASE("cli resolve: help mentions every option") {
    Run r = hwneeds({"resolve", "--help"});
    CHECK(r.rc == 0);
    CHECK(r.err == "");
    CHECK(hwneeds({"help", "resolve"}).out == r.out);
    // The command's own options, then the probe inputs every hardware-facing command takes.
    for (const char* option : {"db", "base", "profile", "tristate", "format", "help", "sysfs-root", "lspci", "lsusb",
                               "modaliases", "facter", "udev", "libpci", "libusb", "no-mounts"}) {
        CAPTURE(option);
        CHECK(lists_option(r.out, option));
    }
    // The values the options take.
    for (const char* value : {"tinyconfig", "allnoconfig", "alldefconfig", "defconfig", "config.gz", "nixos",
                              "prefer-m", "builtin", "kconfig", "nix", "json"}) {
        CAPTURE(value);
        CHECK(contains(r.out, value));
    }

    Run e = hwneeds({"explain", "--help"});
    CHECK(e.rc == 0);
    CHECK(hwneeds({"help", "explain"}).out == e.out);
    for (const char* option : {"db", "base", "profile", "tristate", "help", "sysfs-root", "lspci", "lsusb",
                               "modaliases", "facter", "udev", "libpci", "libusb", "no-mounts"}) {
        CAPTURE(option);
        CHECK(lists_option(e.out, option));
    }
    CHECK(contains(e.out, "SYMBOL"));
    // explain has no --format: its output is text.
    CHECK_FALSE(contains(e.out, "--format"));
}
