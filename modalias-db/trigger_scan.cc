#include "modalias-db/trigger_scan.h"

#include <algorithm>
#include <cstring>

namespace hw::index {

namespace {

inline bool ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
inline bool ident_char(unsigned char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

uint32_t TriggerSet::prefix_of(std::string_view ident) {
    uint32_t p = 0;
    std::memcpy(&p, ident.data(), std::min<size_t>(4, ident.size()));
    return p;
}

void TriggerSet::add(std::string name) {
    if (name.empty() || contains(name)) {
        return;
    }
    m_min_len = std::min(m_min_len, name.size());
    m_max_len = std::max(m_max_len, name.size());
    m_lengths |= uint64_t{1} << std::min<size_t>(name.size(), 63);
    uint32_t prefix = prefix_of(name);
    if (std::find(m_prefixes.begin(), m_prefixes.end(), prefix) == m_prefixes.end()) {
        m_prefixes.push_back(prefix);
    }
    m_storage.push_back(std::make_unique<std::string>(std::move(name)));
    m_names.insert(*m_storage.back());
}

bool TriggerSet::contains(std::string_view ident) const {
    if (ident.size() < m_min_len || ident.size() > m_max_len ||
        (m_lengths & (uint64_t{1} << std::min<size_t>(ident.size(), 63))) == 0) {
        return false;
    }
    uint32_t prefix = prefix_of(ident);
    if (std::find(m_prefixes.begin(), m_prefixes.end(), prefix) == m_prefixes.end()) {
        return false;
    }
    return m_names.contains(ident);
}

TriggerScan scan_triggers(std::string_view text, const TriggerSet& triggers) {
    TriggerScan out;
    const size_t n = text.size();
    size_t i = 0;
    bool line_start = true;  // only whitespace since the last newline
    while (i < n) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            line_start = true;
            ++i;
            continue;
        }
        if (c == '#' && line_start) {
            // #  include "x.h"
            size_t j = i + 1;
            while (j < n && (text[j] == ' ' || text[j] == '\t')) {
                ++j;
            }
            if (text.substr(j, 7) == "include") {
                j += 7;
                while (j < n && (text[j] == ' ' || text[j] == '\t')) {
                    ++j;
                }
                if (j < n && text[j] == '"') {
                    size_t end = text.find_first_of("\"\n", j + 1);
                    if (end != std::string_view::npos && text[end] == '"') {
                        out.quote_includes.emplace_back(text.substr(j + 1, end - j - 1));
                    }
                }
            }
            line_start = false;
            i = j;
            continue;
        }
        if (c != ' ' && c != '\t') {
            line_start = false;
        }
        if (ident_start(c)) {
            size_t start = i;
            while (i < n && ident_char(static_cast<unsigned char>(text[i]))) {
                ++i;
            }
            if (!out.has_trigger && triggers.contains(text.substr(start, i - start))) {
                out.has_trigger = true;
            }
            continue;
        }
        if (c >= '0' && c <= '9') {
            // Skip pp-numbers so "0x1MODULE" style junk never matches mid-token.
            while (i < n && ident_char(static_cast<unsigned char>(text[i]))) {
                ++i;
            }
            continue;
        }
        ++i;
    }
    return out;
}

}  // namespace hw::index
