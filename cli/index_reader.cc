#include "cli/index_reader.h"

#include "common/source_tree.h"

#include <cctype>

namespace hw::cli {

std::optional<db::Reader> open_index(const std::string& path, std::string_view cmd, Io& io) {
    auto r = db::Reader::open(path);
    if (!r) {
        io.err << "hwneeds " << cmd << ": " << r.error().message << "\n";
        return std::nullopt;
    }
    return std::move(*r);
}

std::optional<kconfig::DotConfig> load_config(const std::string& path, std::string_view cmd, Io& io) {
    auto text = read_file(path);
    if (!text) {
        io.err << "hwneeds " << cmd << ": " << path << ": " << text.error().message << "\n";
        return std::nullopt;
    }
    auto config = kconfig::parse_dotconfig(*text, path);
    if (!config) {
        for (const Diagnostic& d : config.error()) {
            io.err << d.format() << "\n";
        }
        io.err << "hwneeds " << cmd << ": " << path << ": not a usable .config\n";
        return std::nullopt;
    }
    return std::move(*config);
}

bool holds(const Cond& cond, const kconfig::DotConfig& config, std::string_view symbol) {
    bool modular = !symbol.empty() && config.tristate(symbol) == 'm';
    return cond.evaluate([&](std::string_view s) { return config.tristate(s); }, modular);
}

std::string substitute_config_values(std::string_view pattern, const kconfig::DotConfig& config) {
    std::string out;
    size_t pos = 0;
    while (pos < pattern.size()) {
        size_t hit = pattern.find("CONFIG_", pos);
        if (hit == std::string_view::npos) {
            break;
        }
        size_t end = hit + 7;
        while (end < pattern.size() && (std::isalnum(static_cast<unsigned char>(pattern[end])) || pattern[end] == '_')) {
            ++end;
        }
        bool word_start = hit == 0 || !(std::isalnum(static_cast<unsigned char>(pattern[hit - 1])) || pattern[hit - 1] == '_');
        auto it = config.values.find(pattern.substr(hit + 7, end - hit - 7));
        out.append(pattern.substr(pos, hit - pos));
        if (word_start && it != config.values.end() && it->second != "y" && it->second != "m" && it->second != "n") {
            std::string_view v = it->second;
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
                v = v.substr(1, v.size() - 2);
            }
            out.append(v);
        } else {
            out.append(pattern.substr(hit, end - hit));
        }
        pos = end;
    }
    out.append(pattern.substr(pos));
    return out;
}

}  // namespace hw::cli
