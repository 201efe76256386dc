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
    // Greedy over the names, shortest first: a name that contains a needle needs none of its own.
    std::vector<std::string_view> names(m_names.begin(), m_names.end());
    std::sort(names.begin(), names.end(), [](std::string_view a, std::string_view b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    m_needles.clear();
    for (std::string_view n : names) {
        bool covered = std::any_of(m_needles.begin(), m_needles.end(),
                                   [&](const std::string& needle) { return n.find(needle) != std::string_view::npos; });
        if (!covered) {
            m_needles.emplace_back(n.substr(0, std::min<size_t>(7, n.size())));
        }
    }
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

// glibc's memmem is vectorised: searching for a handful of needles and checking each hit is
// several times faster than looking at every identifier of ~550 MB of sources.
namespace {

std::string_view::size_type find(std::string_view text, size_t from, std::string_view needle) {
    if (from >= text.size()) {
        return std::string_view::npos;
    }
    const void* hit = ::memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
    return hit == nullptr ? std::string_view::npos : static_cast<const char*>(hit) - text.data();
}

bool has_trigger(std::string_view text, const TriggerSet& triggers) {
    for (const std::string& needle : triggers.needles()) {
        for (size_t hit = find(text, 0, needle); hit != std::string_view::npos;
             hit = find(text, hit + needle.size(), needle)) {
            size_t start = hit;
            while (start > 0 && ident_char(static_cast<unsigned char>(text[start - 1]))) {
                --start;
            }
            size_t end = hit + needle.size();
            while (end < text.size() && ident_char(static_cast<unsigned char>(text[end]))) {
                ++end;
            }
            // An identifier never starts with a digit: "0x1MODULE_ALIAS" is not one.
            if (!(text[start] >= '0' && text[start] <= '9') && triggers.contains(text.substr(start, end - start))) {
                return true;
            }
        }
    }
    return false;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

// `#  include "x.h"` at the start of a line: the target, or empty.
std::string_view quote_include_at(std::string_view text, size_t hit) {
    size_t p = hit;
    while (p > 0 && blank(text[p - 1])) {
        --p;
    }
    if (p == 0 || text[p - 1] != '#') {
        return {};
    }
    --p;
    while (p > 0 && blank(text[p - 1])) {
        --p;
    }
    if (p > 0 && text[p - 1] != '\n') {
        return {};
    }
    size_t q = hit + 7;
    while (q < text.size() && blank(text[q])) {
        ++q;
    }
    if (q >= text.size() || text[q] != '"') {
        return {};
    }
    size_t end = text.find_first_of("\"\n", q + 1);
    if (end == std::string_view::npos || text[end] != '"') {
        return {};
    }
    return text.substr(q + 1, end - q - 1);
}

}  // namespace

TriggerScan scan_triggers(std::string_view text, const TriggerSet& triggers) {
    TriggerScan out;
    out.has_trigger = has_trigger(text, triggers);
    for (size_t hit = find(text, 0, "include"); hit != std::string_view::npos; hit = find(text, hit + 7, "include")) {
        std::string_view target = quote_include_at(text, hit);
        if (!target.empty()) {
            out.quote_includes.emplace_back(target);
        }
    }
    return out;
}

}  // namespace hw::index
