#include "match/glob.h"

#include <doctest/doctest.h>
#include <fnmatch.h>

#include <random>
#include <string>

using hw::match::glob_match;

TEST_CASE("match::glob_match: fnmatch(pattern, text, 0) semantics") {
    SUBCASE("literals and wildcards") {
        CHECK(glob_match("", ""));
        CHECK_FALSE(glob_match("", "a"));
        CHECK(glob_match("abc", "abc"));
        CHECK_FALSE(glob_match("abc", "abd"));
        CHECK_FALSE(glob_match("abc", "abcd"));
        CHECK(glob_match("*", ""));
        CHECK(glob_match("a*", "a"));
        CHECK(glob_match("a*c", "abbbc"));
        CHECK_FALSE(glob_match("a*c", "abbbd"));
        CHECK(glob_match("a?c", "abc"));
        CHECK_FALSE(glob_match("a?c", "ac"));
        CHECK(glob_match("**a**", "xxa"));
        CHECK(glob_match("*a*b*c", "aXbXaXbXc"));
        CHECK_FALSE(glob_match("*a*b*c", "aXbXaXbX"));
    }
    SUBCASE("flags 0: '/' and leading '.' are ordinary") {
        CHECK(glob_match("a*b", "a/x/b"));
        CHECK(glob_match("a?b", "a/b"));
        CHECK(glob_match("*", ".hidden"));
        CHECK(glob_match("[.]x", ".x"));
    }
    SUBCASE("bracket expressions") {
        CHECK(glob_match("d010[6-9]", "d0107"));
        CHECK_FALSE(glob_match("d010[6-9]", "d0105"));
        CHECK(glob_match("[bs]vnD[Ee][Ll][Ll]*", "svnDell Inc."));
        CHECK(glob_match("[!a]", "b"));
        CHECK_FALSE(glob_match("[!a]", "a"));
        CHECK(glob_match("[^a]", "b"));
        CHECK(glob_match("[]]", "]"));
        CHECK(glob_match("[!]]", "x"));
        CHECK_FALSE(glob_match("[!]]", "]"));
        CHECK(glob_match("[a-]", "-"));
        CHECK_FALSE(glob_match("[z-a]", "m"));
        CHECK(glob_match("[[:digit:]]x", "7x"));
        CHECK_FALSE(glob_match("[[:digit:]]x", "ax"));
        CHECK(glob_match("[[:xdigit:][:space:]]", " "));
        CHECK_FALSE(glob_match("[[:nosuch:]]", "a"));
        CHECK(glob_match("[\\]]", "]"));
        CHECK(glob_match("[[=a=]]", "a"));
        CHECK(glob_match("[[.-.]]", "-"));
    }
    SUBCASE("an unterminated '[' is an ordinary character") {
        CHECK(glob_match("a[b", "a[b"));
        CHECK_FALSE(glob_match("a[b", "ab"));
        CHECK(glob_match("*[", "x["));
    }
    SUBCASE("backslash quotes, a trailing one never matches") {
        CHECK(glob_match("a\\*b", "a*b"));
        CHECK_FALSE(glob_match("a\\*b", "axb"));
        CHECK(glob_match("\\a", "a"));
        CHECK_FALSE(glob_match("a\\", "a\\"));
        CHECK_FALSE(glob_match("a\\", "a"));
    }
    SUBCASE("real alias shapes") {
        CHECK(glob_match("pci:v00008086d00001E31sv*sd*bc*sc*i*", "pci:v00008086d00001E31sv0000103Csd0000181Bbc0Csc03i30"));
        CHECK(glob_match("acpi*:PNP0C0A:*", "acpi:PNP0C0A:PNP0C0A:"));
        CHECK_FALSE(glob_match("acpi*:PNP0C0A:*", "acpi:PNP0C0B:"));
        CHECK(glob_match("dmi:bvnIBM:bvrI[MU]ET??WW*", "dmi:bvnIBM:bvrIUET61WW(1.61):bd05/02/2011:"));
    }
}

// glibc's own fnmatch(3) is the reference: random patterns over a small alphabet that includes
// every special character must agree with it.
TEST_CASE("match::glob_match: agrees with glibc fnmatch on random inputs") {
    std::mt19937 rng(12345);
    const std::string pat_chars = "ab-_*?[]!^\\:";
    const std::string text_chars = "ab-_[]!^\\:";
    auto random_string = [&rng](const std::string& alphabet, size_t max_len) {
        std::string s(rng() % (max_len + 1), ' ');
        for (char& c : s) {
            c = alphabet[rng() % alphabet.size()];
        }
        return s;
    };
    int mismatches = 0;
    for (int i = 0; i < 200000; ++i) {
        std::string p = random_string(pat_chars, 8);
        std::string t = random_string(text_chars, 6);
        bool ours = glob_match(p, t);
        bool ref = fnmatch(p.c_str(), t.c_str(), 0) == 0;
        if (ours != ref && mismatches++ < 10) {
            INFO("pattern '" << p << "' text '" << t << "'");
            CHECK(ours == ref);
        }
    }
    CHECK(mismatches == 0);
}
