#include "cli/args.h"

#include <algorithm>

namespace hw::cli {

std::optional<std::string> Args::get(std::string_view name) const {
    auto it = values.find(name);
    if (it == values.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::expected<Args, std::string> parse_args(std::span<const std::string_view> argv,
                                            std::span<const OptionSpec> specs) {
    Args out;
    bool only_positionals = false;
    for (size_t i = 0; i < argv.size(); ++i) {
        std::string_view a = argv[i];
        if (only_positionals || !a.starts_with("--") || a == "-") {
            if (!only_positionals && a.starts_with("-") && a != "-") {
                return std::unexpected("unknown option '" + std::string(a) + "'");
            }
            out.positionals.emplace_back(a);
            continue;
        }
        if (a == "--") {
            only_positionals = true;
            continue;
        }
        std::string_view name = a.substr(2);
        std::optional<std::string_view> inline_value;
        if (size_t eq = name.find('='); eq != std::string_view::npos) {
            inline_value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
        if (spec == specs.end()) {
            return std::unexpected("unknown option '--" + std::string(name) + "'");
        }
        if (spec->value.empty()) {
            if (inline_value) {
                return std::unexpected("option '--" + std::string(name) + "' takes no value");
            }
            out.values[std::string(name)] = "";
            continue;
        }
        if (inline_value) {
            out.values[std::string(name)] = std::string(*inline_value);
        } else if (i + 1 < argv.size()) {
            out.values[std::string(name)] = std::string(argv[++i]);
        } else {
            return std::unexpected("option '--" + std::string(name) + "' needs a value (" + std::string(spec->value) + ")");
        }
    }
    return out;
}

std::string format_options(std::span<const OptionSpec> specs) {
    size_t width = 0;
    for (const OptionSpec& s : specs) {
        width = std::max(width, s.name.size() + (s.value.empty() ? 0 : s.value.size() + 1));
    }
    std::string out;
    for (const OptionSpec& s : specs) {
        std::string left = "--" + std::string(s.name) + (s.value.empty() ? "" : " " + std::string(s.value));
        out += "  " + left + std::string(width + 5 - left.size(), ' ') + std::string(s.help) + "\n";
    }
    return out;
}

}  // namespace hw::cli
