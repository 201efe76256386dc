// Small string helpers shared by the text parsers of this directory (internal).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace hw::probe::text {

struct Line {
    std::string_view text;  // without the '\n' (and a '\r' before it)
    int number = 0;         // 1-based
};

std::vector<Line> split_lines(std::string_view s);
std::string_view trim(std::string_view s);
// Exactly hex digits (1..8 of them), or nullopt.
std::optional<int> parse_hex(std::string_view s);
std::optional<int> parse_dec(std::string_view s);
// The hex inside the last "[...]" of s ("Intel Corporation [8086]" -> "8086"); s itself when it
// has no brackets.
std::string_view bracketed_id(std::string_view s);
hw::Diagnostic make_diag(std::string_view path, int line, hw::Severity severity, std::string message);

}  // namespace hw::probe::text
