#include "cli/index_reader.h"

#include "common/source_tree.h"

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

}  // namespace hw::cli
