#include "needs/catalog.h"

#include "match/glob_intersect.h"
#include "match/normalize.h"

#include <algorithm>

namespace hw::needs {

namespace {

std::string fold(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

}  // namespace

Catalog::Catalog(std::vector<Module> modules, std::vector<Alias> aliases)
    : m_modules(std::move(modules)), m_aliases(std::move(aliases)) {
    std::vector<std::pair<std::string, uint32_t>> patterns;
    patterns.reserve(m_aliases.size());
    for (size_t i = 0; i < m_aliases.size(); ++i) {
        patterns.emplace_back(m_aliases[i].pattern, static_cast<uint32_t>(i));
    }
    m_index = match::AliasIndex::build(patterns);
    for (size_t i = 0; i < m_modules.size(); ++i) {
        m_by_name[fold(m_modules[i].name)].push_back(static_cast<uint32_t>(i));
    }
}

std::vector<uint32_t> Catalog::match_device(const probe::Device& device) const {
    std::vector<uint32_t> out;
    if (!device.incomplete) {
        m_index.match(device.modalias, out);
        return out;
    }
    const std::string wanted = match::device_pattern(device.modalias);
    const std::string bus = device.modalias.substr(0, device.modalias.find(':'));
    for (size_t i = 0; i < m_aliases.size(); ++i) {
        const std::string& pattern = m_aliases[i].pattern;
        if (pattern.starts_with(bus) && match::glob_intersects(wanted, match::normalize_pattern(pattern))) {
            out.push_back(static_cast<uint32_t>(i));
        }
    }
    return out;
}

std::vector<uint32_t> Catalog::match_name(std::string_view name) const {
    std::vector<uint32_t> out;
    m_index.match(name, out);
    return out;
}

std::vector<uint32_t> Catalog::modules_named(std::string_view name) const {
    auto it = m_by_name.find(fold(name));
    return it == m_by_name.end() ? std::vector<uint32_t>{} : it->second;
}

}  // namespace hw::needs
