// Profiles (profile.h): the line format, every error with its exact position, version ranges,
// and the nixos profile built into the binary. Expected columns are counted by hand on the
// literal lines below (1-based, a tab counts as one column).
#include "resolve/profile.h"

#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using hw::resolve::applies;
using hw::resolve::builtin_profile;
using hw::resolve::builtin_profile_names;
using hw::resolve::parse_profile;
using hw::resolve::Profile;
using hw::resolve::ProfileEntry;

namespace {

Profile parsed(std::string_view text) {
    auto p = parse_profile(text, "test.conf", "test");
    REQUIRE_MESSAGE(p.has_value(), (p ? "" : p.error().format()));
    return *p;
}

std::string error_of(std::string_view text) {
    auto p = parse_profile(text, "resolve/profiles/bad.conf", "bad");
    REQUIRE_FALSE(p.has_value());
    return p.error().format();
}

ProfileEntry entry(std::string since, std::string until) {
    ProfileEntry e;
    e.symbol = "FOO";
    e.since = std::move(since);
    e.until = std::move(until);
    return e;
}

// The symbol -> value of every entry of the nixos profile that applies to `version`.
std::map<std::string, char> nixos_at(const Profile& p, std::string_view version) {
    std::map<std::string, char> out;
    for (const ProfileEntry& e : p.entries) {
        if (applies(e, version)) {
            CHECK_MESSAGE(out.emplace(e.symbol, e.value).second,
                          e.symbol << " twice for " << version << " (line " << e.line << ")");
        }
    }
    return out;
}

}  // namespace

TEST_CASE("resolve::profile: good lines") {
    Profile p = parsed(
        "# a comment\n"
        "\n"
        "   # an indented comment\n"
        "DEVTMPFS y -- udev mounts it on /dev (systemd README)\n"
        "AUTOFS_FS m since=4.18 -- automount units (systemd.nix)\n"
        "KCMP\ty\tuntil=6.10 since=5.12\t--\tkcmp() (systemd README)  \r\n"
        "  SYSFS_DEPRECATED n -- udev: a -- b (c) (systemd README)\n"
        "9P_FS m until=6.1 -- digits first (qemu-vm.nix)");
    CHECK(p.name == "test");
    REQUIRE(p.entries.size() == 5);

    const ProfileEntry& a = p.entries[0];
    CHECK(a.symbol == "DEVTMPFS");
    CHECK(a.value == 'y');
    CHECK(a.since.empty());
    CHECK(a.until.empty());
    CHECK(a.reason == "udev mounts it on /dev (systemd README)");
    CHECK(a.line == 4);

    const ProfileEntry& b = p.entries[1];
    CHECK(b.symbol == "AUTOFS_FS");
    CHECK(b.value == 'm');
    CHECK(b.since == "4.18");
    CHECK(b.until.empty());
    CHECK(b.line == 5);

    SUBCASE("tabs, options in any order, CRLF and trailing blanks") {
        const ProfileEntry& c = p.entries[2];
        CHECK(c.symbol == "KCMP");
        CHECK(c.since == "5.12");
        CHECK(c.until == "6.10");
        CHECK(c.reason == "kcmp() (systemd README)");
        CHECK(c.line == 6);
    }
    SUBCASE("leading blanks; only the first -- splits") {
        const ProfileEntry& d = p.entries[3];
        CHECK(d.symbol == "SYSFS_DEPRECATED");
        CHECK(d.value == 'n');
        CHECK(d.reason == "udev: a -- b (c) (systemd README)");
    }
    SUBCASE("no newline at the end; a symbol may start with a digit") {
        const ProfileEntry& e = p.entries[4];
        CHECK(e.symbol == "9P_FS");
        CHECK(e.until == "6.1");
        CHECK(e.line == 8);
    }
}

TEST_CASE("resolve::profile: an empty text is an empty profile") {
    CHECK(parsed("").entries.empty());
    CHECK(parsed("# only\n\n  \t\n# comments\n").entries.empty());
}

TEST_CASE("resolve::profile: a symbol on several lines needs disjoint version ranges") {
    SUBCASE("renamed: until and since meet") {
        Profile p = parsed(
            "AUTOFS4_FS m until=4.18 -- old name (systemd.nix)\n"
            "AUTOFS_FS m since=4.18 -- new name (systemd.nix)\n"
            "KCMP y since=5.12 until=6.10 -- kcmp (systemd README)\n"
            "KCMP n until=5.12 -- not yet (test)\n"
            "KCMP m since=6.10 -- no longer (test)\n");
        CHECK(p.entries.size() == 5);
    }
    SUBCASE("unbounded and bounded overlap") {
        CHECK(error_of("FOO y -- a (s)\n"
                       "FOO m since=6.1 -- b (s)\n") ==
              "resolve/profiles/bad.conf:2:1: error: FOO is already on line 1 for an overlapping "
              "range of kernel versions");
    }
    SUBCASE("ranges sharing one version") {
        CHECK(error_of("# header\n"
                       "FOO y until=6.2 -- a (s)\n"
                       "BAR y -- b (s)\n"
                       "  FOO m since=6.1 -- c (s)\n") ==
              "resolve/profiles/bad.conf:4:3: error: FOO is already on line 2 for an overlapping "
              "range of kernel versions");
    }
    SUBCASE("the same line twice") {
        CHECK(error_of("FOO y -- a (s)\nFOO y -- a (s)\n") ==
              "resolve/profiles/bad.conf:2:1: error: FOO is already on line 1 for an overlapping "
              "range of kernel versions");
    }
}

TEST_CASE("resolve::profile: errors, with line and column") {
    SUBCASE("unknown value") {
        CHECK(error_of("FOO x -- r (s)") ==
              "resolve/profiles/bad.conf:1:5: error: unknown value 'x' for FOO (expected y, m or n)");
        CHECK(error_of("\n  FOO yes -- r (s)") ==
              "resolve/profiles/bad.conf:2:7: error: unknown value 'yes' for FOO (expected y, m or "
              "n)");
        CHECK(error_of("FOO Y -- r (s)") ==
              "resolve/profiles/bad.conf:1:5: error: unknown value 'Y' for FOO (expected y, m or n)");
    }
    SUBCASE("missing value") {
        CHECK(error_of("FOO") ==
              "resolve/profiles/bad.conf:1:4: error: expected a value (y, m or n) after 'FOO'");
        CHECK(error_of("FOO -- r (s)") ==
              "resolve/profiles/bad.conf:1:4: error: expected a value (y, m or n) after 'FOO'");
    }
    SUBCASE("missing symbol") {
        CHECK(error_of("  -- r (s)") ==
              "resolve/profiles/bad.conf:1:3: error: expected a symbol before '--'");
    }
    SUBCASE("symbol names") {
        CHECK(error_of("CONFIG_FOO y -- r (s)") ==
              "resolve/profiles/bad.conf:1:1: error: write the symbol without CONFIG_: 'FOO'");
        CHECK(error_of("FO-O y -- r (s)") ==
              "resolve/profiles/bad.conf:1:1: error: invalid symbol name 'FO-O'");
    }
    SUBCASE("missing --") {
        CHECK(error_of("FOO y") ==
              "resolve/profiles/bad.conf:1:6: error: expected '-- reason (source)' after 'y'");
        CHECK(error_of("FOO y since=6.1   \n") ==
              "resolve/profiles/bad.conf:1:16: error: expected '-- reason (source)' after "
              "'since=6.1'");
        CHECK(error_of("FOO y --reason (s)") ==
              "resolve/profiles/bad.conf:1:7: error: unknown option '--reason' (expected "
              "since=MAJOR.MINOR or until=MAJOR.MINOR)");
        CHECK(error_of("FOO y # a comment is no reason") ==
              "resolve/profiles/bad.conf:1:7: error: unknown option '#' (expected "
              "since=MAJOR.MINOR or until=MAJOR.MINOR)");
    }
    SUBCASE("missing reason") {
        CHECK(error_of("FOO y --") ==
              "resolve/profiles/bad.conf:1:9: error: missing reason after '--'");
        CHECK(error_of("FOO y --  \t ") ==
              "resolve/profiles/bad.conf:1:9: error: missing reason after '--'");
    }
    SUBCASE("a reason without its source") {
        const char* message = ": error: the reason must end with its source in parentheses, "
                              "e.g. '(systemd README)'";
        CHECK(error_of("FOO y -- because") == std::string("resolve/profiles/bad.conf:1:10") + message);
        CHECK(error_of("FOO y --   because ( )") ==
              std::string("resolve/profiles/bad.conf:1:12") + message);
        CHECK(error_of("FOO y -- (s) said so") ==
              std::string("resolve/profiles/bad.conf:1:10") + message);
        CHECK(error_of("FOO y -- because s)") ==
              std::string("resolve/profiles/bad.conf:1:10") + message);
    }
    SUBCASE("bad version") {
        const char* expected = " (expected MAJOR.MINOR, e.g. 6.1)";
        CHECK(error_of("FOO y since=6 -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:13: error: bad version '6' in since=") +
                  expected);
        CHECK(error_of("FOO y until=6.1.2 -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:13: error: bad version '6.1.2' in until=") +
                  expected);
        CHECK(error_of("FOO y since=5.10 until=v6.1 -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:24: error: bad version 'v6.1' in until=") +
                  expected);
        CHECK(error_of("FOO y since= -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:13: error: bad version '' in since=") +
                  expected);
        CHECK(error_of("FOO y since=-6.1 -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:13: error: bad version '-6.1' in since=") +
                  expected);
        CHECK(error_of("FOO y since=6.-1 -- r (s)") ==
              std::string("resolve/profiles/bad.conf:1:13: error: bad version '6.-1' in since=") +
                  expected);
        CHECK(error_of("FOO y since=99999999999.1 -- r (s)") ==
              std::string(
                  "resolve/profiles/bad.conf:1:13: error: bad version '99999999999.1' in since=") +
                  expected);
    }
    SUBCASE("unknown or repeated option") {
        CHECK(error_of("FOO y after=6.1 -- r (s)") ==
              "resolve/profiles/bad.conf:1:7: error: unknown option 'after=6.1' (expected "
              "since=MAJOR.MINOR or until=MAJOR.MINOR)");
        CHECK(error_of("FOO y since -- r (s)") ==
              "resolve/profiles/bad.conf:1:7: error: unknown option 'since' (expected "
              "since=MAJOR.MINOR or until=MAJOR.MINOR)");
        CHECK(error_of("FOO y since=5.1 since=6.1 -- r (s)") ==
              "resolve/profiles/bad.conf:1:17: error: since= given twice");
    }
    SUBCASE("empty version range") {
        CHECK(error_of("FOO y since=6.1 until=6.1 -- r (s)") ==
              "resolve/profiles/bad.conf:1:17: error: empty version range: since=6.1 is not before "
              "until=6.1");
        CHECK(error_of("FOO y until=5.10 since=6.1 -- r (s)") ==
              "resolve/profiles/bad.conf:1:7: error: empty version range: since=6.1 is not before "
              "until=5.10");
        CHECK(error_of("FOO y since=6.10 until=6.9 -- r (s)") ==
              "resolve/profiles/bad.conf:1:18: error: empty version range: since=6.10 is not before "
              "until=6.9");
    }
    SUBCASE("the first error stops the parse") {
        CHECK(error_of("FOO y -- r (s)\nBAR q -- r (s)\nBAZ -- r (s)\n") ==
              "resolve/profiles/bad.conf:2:5: error: unknown value 'q' for BAR (expected y, m or n)");
    }
}

TEST_CASE("resolve::profile: applies, on the boundaries") {
    SUBCASE("[6.1, 6.6)") {
        ProfileEntry e = entry("6.1", "6.6");
        CHECK_FALSE(applies(e, "6.0"));
        CHECK_FALSE(applies(e, "6.0.99"));
        CHECK(applies(e, "6.1"));
        CHECK(applies(e, "6.1.0"));
        CHECK(applies(e, "6.1.192"));
        CHECK(applies(e, "6.1.0-rc3"));
        CHECK(applies(e, "6.5.13"));
        CHECK_FALSE(applies(e, "6.6"));
        CHECK_FALSE(applies(e, "6.6.1"));
        CHECK_FALSE(applies(e, "6.6-rc1"));
        CHECK_FALSE(applies(e, "7.0"));
        CHECK_FALSE(applies(e, "5.15.100"));
    }
    SUBCASE("minor versions compare as numbers") {
        CHECK(applies(entry("6.9", ""), "6.10"));
        CHECK(applies(entry("6.9", ""), "6.12.5"));
        CHECK_FALSE(applies(entry("6.10", ""), "6.9"));
        CHECK_FALSE(applies(entry("", "6.10"), "6.10"));
        CHECK(applies(entry("", "6.10"), "6.2"));
        CHECK(applies(entry("", "6.10"), "5.99"));
    }
    SUBCASE("unbounded on one side") {
        CHECK(applies(entry("5.9", ""), "5.9"));
        CHECK(applies(entry("5.9", ""), "99.0"));
        CHECK_FALSE(applies(entry("5.9", ""), "5.8.18"));
        CHECK(applies(entry("", "5.9"), "0.1"));
        CHECK_FALSE(applies(entry("", "5.9"), "5.9.0"));
    }
    SUBCASE("a version without MAJOR.MINOR matches only unbounded entries") {
        CHECK(applies(entry("", ""), "6.1.192"));
        CHECK(applies(entry("", ""), "unknown"));
        CHECK(applies(entry("", ""), ""));
        CHECK_FALSE(applies(entry("6.1", ""), "6"));
        CHECK_FALSE(applies(entry("", "6.1"), "v5.10"));
        CHECK_FALSE(applies(entry("", "6.1"), ""));
    }
    SUBCASE("an entry made by hand with a bound that is no version matches nothing") {
        CHECK_FALSE(applies(entry("6", ""), "6.1"));
        CHECK_FALSE(applies(entry("", "latest"), "6.1"));
    }
}

TEST_CASE("resolve::profile: the built-in profiles") {
    CHECK(builtin_profile_names() == std::vector<std::string>{"nixos"});
    CHECK_FALSE(builtin_profile("nope").has_value());
    CHECK_FALSE(builtin_profile("").has_value());

    auto nixos = builtin_profile("nixos");
    REQUIRE(nixos.has_value());
    CHECK(nixos->second == "resolve/profiles/nixos.conf");
    auto profile = parse_profile(nixos->first, nixos->second, "nixos");
    REQUIRE_MESSAGE(profile.has_value(), (profile ? "" : profile.error().format()));
    CHECK(profile->name == "nixos");
    CHECK(profile->entries.size() > 50);

    SUBCASE("no symbol twice for the kernels it covers") {
        for (const char* version : {"4.19", "5.4", "5.10.200", "6.1.192", "6.6", "6.12.5"}) {
            nixos_at(*profile, version);
        }
    }
    SUBCASE("6.1: stage 1 is built in, systemd's needs and must-be-off are there") {
        std::map<std::string, char> at = nixos_at(*profile, "6.1.192");
        for (const char* sym : {"DEVTMPFS", "TMPFS", "BLK_DEV_INITRD", "RD_ZSTD", "BINFMT_ELF",
                                "BINFMT_SCRIPT", "UNIX", "MODULES", "CGROUPS", "INOTIFY_USER",
                                "SIGNALFD", "TIMERFD", "EPOLL", "NET", "SYSFS", "PROC_FS", "FHANDLE",
                                "DMIID", "TMPFS_POSIX_ACL", "TMPFS_XATTR", "SECCOMP", "MULTIUSER",
                                "FUTEX", "PRINTK", "TTY"}) {
            CHECK_MESSAGE(at[sym] == 'y', sym);
        }
        for (const char* sym : {"AUTOFS_FS", "CRYPTO_USER_API_HASH", "CRYPTO_HMAC",
                                "CRYPTO_SHA256", "IPV6", "EFIVAR_FS"}) {
            CHECK_MESSAGE(at[sym] == 'm', sym);
        }
        for (const char* sym : {"SYSFS_DEPRECATED", "FW_LOADER_USER_HELPER", "UEVENT_HELPER"}) {
            CHECK_MESSAGE(at[sym] == 'n', sym);
        }
        CHECK(at.count("AUTOFS4_FS") == 0);
        CHECK(at.count("RD_GZIP") == 0);
        CHECK(at.count("CHECKPOINT_RESTORE") == 0);
        CHECK(at["KCMP"] == 'y');
    }
    SUBCASE("renamed and retired symbols follow the version") {
        std::map<std::string, char> old = nixos_at(*profile, "4.14.300");
        CHECK(old.count("AUTOFS4_FS") == 1);
        CHECK(old.count("AUTOFS_FS") == 0);
        CHECK(old.count("RD_GZIP") == 1);
        CHECK(old.count("RD_ZSTD") == 0);
        std::map<std::string, char> late = nixos_at(*profile, "6.12");
        CHECK(late.count("KCMP") == 0);
        CHECK(late["AUTOFS_FS"] == 'm');
    }
    SUBCASE("every reason names its source") {
        for (const ProfileEntry& e : profile->entries) {
            CHECK_MESSAGE(e.reason.ends_with(")"), e.symbol);
        }
    }
}
