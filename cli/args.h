// Command-line options for one subcommand: `--name VALUE`, `--name=VALUE`, boolean `--name`,
// and positionals. Parsing never exits; errors come back as text for the caller to print.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hw::cli {

struct OptionSpec {
    std::string_view name;   // without dashes: "kernel-src"
    std::string_view value;  // placeholder for help ("DIR"); empty for a boolean flag
    std::string_view help;
};

struct Args {
    std::map<std::string, std::string, std::less<>> values;  // flags map to ""
    std::vector<std::string> positionals;

    bool has(std::string_view name) const { return values.contains(name); }
    std::optional<std::string> get(std::string_view name) const;
};

std::expected<Args, std::string> parse_args(std::span<const std::string_view> argv,
                                            std::span<const OptionSpec> specs);

// "  --kernel-src DIR   the kernel source tree" lines, aligned.
std::string format_options(std::span<const OptionSpec> specs);

}  // namespace hw::cli
