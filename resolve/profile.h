// Profiles: what an operating system needs from a kernel beyond its hardware, as data with a
// source for every line (resolve/profiles/<name>.conf, built into the binary). One line:
//
//   SYMBOL VALUE [since=MAJOR.MINOR] [until=MAJOR.MINOR] -- reason (source)
//
//   SYMBOL  a Kconfig symbol without CONFIG_
//   VALUE   y: must be built in; m: must be enabled (a module is enough); n: must be off
//   since/until  the kernel versions the line applies to, [since, until): until is exclusive,
//           either may be left out (unbounded), each at most once, in any order
//   reason  free text after "--" that ends with its source in parentheses
//
// '#' starts a comment line; blank lines are ignored. A symbol may appear on several lines
// only when their version ranges do not overlap (a symbol renamed, a need that came or went).
#pragma once

#include "common/diagnostic.h"

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hw::resolve {

struct ProfileEntry {
    std::string symbol;  // without CONFIG_
    char value = 'y';    // 'y', 'm' or 'n'
    std::string since;   // "" = unbounded, else "MAJOR.MINOR" as written ("6.1")
    std::string until;   // "" = unbounded, else "MAJOR.MINOR"; exclusive
    std::string reason;  // the text after "--", source included
    int line = 0;        // 1-based line in the profile text
};

struct Profile {
    std::string name;
    std::vector<ProfileEntry> entries;  // in file order
};

// Parses a profile. The first problem ends the parse and comes back as
// "path:line:col: error: message" (col 1-based, pointing at the offending token).
std::expected<Profile, hw::Diagnostic> parse_profile(std::string_view text, std::string_view path,
                                                     std::string name);

// True when `kernel_version` ("6.1.192", "6.12", "6.1.0-rc3": only MAJOR.MINOR counts, so an
// rc of 6.1 is 6.1) lies in [since, until). A version without MAJOR.MINOR matches only entries
// with neither bound; an entry whose bound is no MAJOR.MINOR (made by hand: the parser refuses
// it) matches nothing.
bool applies(const ProfileEntry& e, std::string_view kernel_version);

// The profiles built into the binary, by name ("nixos"), sorted.
std::vector<std::string> builtin_profile_names();
// The text of a built-in profile and the path to report its diagnostics under
// ("resolve/profiles/nixos.conf"); nullopt for an unknown name.
std::optional<std::pair<std::string_view, std::string_view>> builtin_profile(std::string_view name);

// --- The line syntax this library's data files share (profiles, companions.conf) ------------
// A data line is blank-separated fields, then "--" and a reason that ends with its source in
// parentheses. Each format checks its own fields, then check_reason() the rest.

struct DataField {
    std::string_view text;
    int col = 0;  // 1-based column of its first character
};

struct DataLine {
    int line = 0;                   // 1-based
    std::vector<DataField> fields;  // the fields before "--" (all of them when there is none)
    int dashes_col = 0;             // column of the "--" field; 0 when the line has none
    std::string_view reason;        // what follows "--", blanks trimmed at both ends
    int reason_col = 0;             // column where the reason starts (or would start)
};

// The data lines of `text`, in order; blank lines and lines whose first non-blank character is
// '#' are dropped. Blanks are spaces and tabs; a trailing '\r' is ignored. Never fails.
std::vector<DataLine> split_data_lines(std::string_view text);

// The column and message of what is wrong with a line's "-- reason (source)" part (no "--",
// nothing after it, no "(source)" at its end); nullopt when it is fine.
std::optional<std::pair<int, std::string>> check_reason(const DataLine& line);

}  // namespace hw::resolve
