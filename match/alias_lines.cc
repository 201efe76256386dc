#include "match/alias_lines.h"

#include <unordered_map>

namespace hw::match {

namespace {

std::vector<std::string_view> fields_of(std::string_view line) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) {
            ++i;
        }
        size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
            ++i;
        }
        if (i > start) {
            out.push_back(line.substr(start, i - start));
        }
    }
    return out;
}

}  // namespace

AliasTable parse_alias_lines(std::string_view text) {
    AliasTable table;
    std::unordered_map<std::string, uint32_t> ids;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::vector<std::string_view> f = fields_of(text.substr(pos, end - pos));
        pos = end + 1;
        if (f.size() != 3 || f[0] != "alias") {
            continue;
        }
        auto [it, inserted] = ids.try_emplace(std::string(f[2]), static_cast<uint32_t>(table.modules.size()));
        if (inserted) {
            table.modules.emplace_back(f[2]);
        }
        table.patterns.emplace_back(std::string(f[1]), it->second);
    }
    return table;
}

}  // namespace hw::match
