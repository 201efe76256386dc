#include "match/alias_index.h"

#include "match/glob.h"
#include "match/normalize.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <unordered_map>

namespace hw::match {

namespace {

// A prefix bucket with more patterns than this is split by 4-byte keys.
constexpr size_t kKeyedMin = 8;
constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
constexpr uint64_t kFnvPrime = 0x100000001b3ULL;

uint64_t fnv_step(uint64_t h, char c) {
    return (h ^ static_cast<unsigned char>(c)) * kFnvPrime;
}

uint64_t fnv(std::string_view s) {
    uint64_t h = kFnvBasis;
    for (char c : s) {
        h = fnv_step(h, c);
    }
    return h;
}

size_t slot_of(uint64_t h, size_t mask) {
    return static_cast<size_t>((h * 0x9E3779B97F4A7C15ULL) >> 32) & mask;
}

uint32_t load4(const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

size_t table_size(size_t entries) {
    return std::bit_ceil(std::max<size_t>(16, entries * 2));
}

// Every 4-byte window of the literal runs in `rest` (a pattern after its prefix): each such
// window occurs in any text the pattern matches. Brackets and escapes end a run; a bracket we
// cannot delimit for sure ends the scan (fewer keys is always safe).
std::vector<uint32_t> literal_windows(std::string_view rest) {
    std::vector<uint32_t> out;
    size_t run = 0;
    auto flush = [&](size_t end) {
        for (size_t k = run; k + 4 <= end; ++k) {
            out.push_back(load4(rest.data() + k));
        }
    };
    size_t i = 0;
    while (i < rest.size()) {
        char c = rest[i];
        if (c == '*' || c == '?' || c == '\\') {
            flush(i);
            i += c == '\\' ? 2 : 1;
            run = i;
        } else if (c == '[') {
            flush(i);
            size_t j = i + 1;
            if (j < rest.size() && (rest[j] == '!' || rest[j] == '^')) {
                ++j;
            }
            if (j < rest.size() && rest[j] == ']') {
                ++j;
            }
            size_t close = rest.find(']', j);
            if (close == std::string_view::npos ||
                rest.substr(i + 1, close - i - 1).find_first_of("[\\") != std::string_view::npos) {
                return out;
            }
            i = close + 1;
            run = i;
        } else {
            ++i;
        }
    }
    flush(rest.size());
    return out;
}

}  // namespace

AliasIndex AliasIndex::build(std::span<const std::pair<std::string, uint32_t>> patterns) {
    AliasIndex ix;
    ix.m_patterns.reserve(patterns.size());
    for (const auto& [text, module] : patterns) {
        std::string folded = normalize_pattern(text);
        Pattern p;
        p.text_begin = static_cast<uint32_t>(ix.m_text.size());
        p.text_len = static_cast<uint32_t>(folded.size());
        p.prefix_len = static_cast<uint32_t>(std::min(folded.find_first_of("*?["), folded.size()));
        p.module = module;
        ix.m_text += folded;
        ix.m_patterns.push_back(p);
    }
    auto prefix_of = [&ix](uint32_t id) {
        const Pattern& p = ix.m_patterns[id];
        return std::string_view(ix.m_text).substr(p.text_begin, p.prefix_len);
    };
    auto rest_of = [&ix](uint32_t id) {
        const Pattern& p = ix.m_patterns[id];
        return std::string_view(ix.m_text).substr(p.text_begin + p.prefix_len, p.text_len - p.prefix_len);
    };

    std::vector<uint32_t> order(ix.m_patterns.size());
    for (uint32_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return prefix_of(a) < prefix_of(b); });

    std::vector<std::pair<uint64_t, uint32_t>> keyed;  // (bucket << 32 | window, pattern)
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j < order.size() && prefix_of(order[j]) == prefix_of(order[i])) {
            ++j;
        }
        auto bucket_id = static_cast<uint32_t>(ix.m_buckets.size());
        Bucket b;
        b.prefix_pattern = order[i];
        b.prefix_len = ix.m_patterns[order[i]].prefix_len;
        b.always_begin = static_cast<uint32_t>(ix.m_lists.size());
        std::span<const uint32_t> members(order.data() + i, j - i);
        if (members.size() <= kKeyedMin) {
            ix.m_lists.insert(ix.m_lists.end(), members.begin(), members.end());
        } else {
            // Key each pattern by the window that the fewest patterns of this bucket share.
            std::vector<std::vector<uint32_t>> windows;
            std::unordered_map<uint32_t, uint32_t> freq;
            for (uint32_t id : members) {
                windows.push_back(literal_windows(rest_of(id)));
                std::sort(windows.back().begin(), windows.back().end());
                windows.back().erase(std::unique(windows.back().begin(), windows.back().end()),
                                     windows.back().end());
                for (uint32_t w : windows.back()) {
                    ++freq[w];
                }
            }
            for (size_t k = 0; k < members.size(); ++k) {
                if (windows[k].empty()) {
                    ix.m_lists.push_back(members[k]);
                    continue;
                }
                uint32_t best = *std::min_element(windows[k].begin(), windows[k].end(),
                    [&](uint32_t a, uint32_t c) { return freq[a] < freq[c]; });
                keyed.emplace_back((static_cast<uint64_t>(bucket_id) << 32) | best, members[k]);
                b.keyed = true;
            }
        }
        b.always_count = static_cast<uint32_t>(ix.m_lists.size()) - b.always_begin;
        ix.m_buckets.push_back(b);
        ix.m_prefix_lengths.push_back(b.prefix_len);
        i = j;
    }
    std::sort(ix.m_prefix_lengths.begin(), ix.m_prefix_lengths.end());
    ix.m_prefix_lengths.erase(std::unique(ix.m_prefix_lengths.begin(), ix.m_prefix_lengths.end()),
                              ix.m_prefix_lengths.end());

    ix.m_prefix_table.assign(table_size(ix.m_buckets.size()), PrefixSlot{});
    size_t mask = ix.m_prefix_table.size() - 1;
    for (uint32_t b = 0; b < ix.m_buckets.size(); ++b) {
        uint64_t h = fnv(prefix_of(ix.m_buckets[b].prefix_pattern));
        size_t s = slot_of(h, mask);
        while (ix.m_prefix_table[s].bucket != UINT32_MAX) {
            s = (s + 1) & mask;
        }
        ix.m_prefix_table[s] = {h, b};
    }

    std::sort(keyed.begin(), keyed.end());
    size_t distinct_keys = 0;
    for (size_t i = 0; i < keyed.size(); ++i) {
        distinct_keys += i == 0 || keyed[i].first != keyed[i - 1].first;
    }
    ix.m_key_table.assign(table_size(distinct_keys), KeySlot{});
    mask = ix.m_key_table.size() - 1;
    for (size_t i = 0; i < keyed.size();) {
        size_t j = i;
        auto begin = static_cast<uint32_t>(ix.m_lists.size());
        while (j < keyed.size() && keyed[j].first == keyed[i].first) {
            ix.m_lists.push_back(keyed[j].second);
            ++j;
        }
        size_t s = slot_of(keyed[i].first, mask);
        while (ix.m_key_table[s].count != 0) {
            s = (s + 1) & mask;
        }
        ix.m_key_table[s] = {keyed[i].first, begin, static_cast<uint32_t>(j - i)};
        i = j;
    }
    return ix;
}

const AliasIndex::Bucket* AliasIndex::find_bucket(uint64_t hash, std::string_view prefix) const {
    size_t mask = m_prefix_table.size() - 1;
    for (size_t s = slot_of(hash, mask);; s = (s + 1) & mask) {
        const PrefixSlot& slot = m_prefix_table[s];
        if (slot.bucket == UINT32_MAX) {
            return nullptr;
        }
        const Bucket& b = m_buckets[slot.bucket];
        if (slot.hash == hash && b.prefix_len == prefix.size() &&
            std::memcmp(m_text.data() + m_patterns[b.prefix_pattern].text_begin, prefix.data(),
                        prefix.size()) == 0) {
            return &b;
        }
    }
}

const AliasIndex::KeySlot* AliasIndex::find_key(uint64_t key) const {
    size_t mask = m_key_table.size() - 1;
    for (size_t s = slot_of(key, mask);; s = (s + 1) & mask) {
        const KeySlot& slot = m_key_table[s];
        if (slot.count == 0) {
            return nullptr;
        }
        if (slot.key == key) {
            return &slot;
        }
    }
}

void AliasIndex::try_pattern(uint32_t id, std::string_view query, std::vector<uint32_t>& out) const {
    const Pattern& p = m_patterns[id];
    std::string_view rest(m_text.data() + p.text_begin + p.prefix_len, p.text_len - p.prefix_len);
    if (glob_match(rest, query.substr(p.prefix_len))) {
        out.push_back(p.module);
    }
}

void AliasIndex::try_bucket(uint32_t bucket, std::string_view query, std::vector<uint32_t>& out) const {
    const Bucket& b = m_buckets[bucket];
    for (uint32_t k = 0; k < b.always_count; ++k) {
        try_pattern(m_lists[b.always_begin + k], query, out);
    }
    if (!b.keyed) {
        return;
    }
    for (size_t j = b.prefix_len; j + 4 <= query.size(); ++j) {
        const KeySlot* slot = find_key((static_cast<uint64_t>(bucket) << 32) | load4(query.data() + j));
        if (slot == nullptr) {
            continue;
        }
        for (uint32_t k = 0; k < slot->count; ++k) {
            try_pattern(m_lists[slot->begin + k], query, out);
        }
    }
}

void AliasIndex::match(std::string_view modalias, std::vector<uint32_t>& out) const {
    out.clear();
    thread_local std::string query;
    if (!normalize_query(modalias, query) || m_buckets.empty()) {
        return;
    }
    uint64_t h = kFnvBasis;
    size_t hashed = 0;
    for (uint32_t len : m_prefix_lengths) {
        if (len > query.size()) {
            break;
        }
        while (hashed < len) {
            h = fnv_step(h, query[hashed++]);
        }
        if (const Bucket* b = find_bucket(h, std::string_view(query).substr(0, len))) {
            try_bucket(static_cast<uint32_t>(b - m_buckets.data()), query, out);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

AliasIndex::Stats AliasIndex::stats() const {
    Stats s;
    s.patterns = m_patterns.size();
    s.buckets = m_buckets.size();
    s.prefix_lengths = m_prefix_lengths.size();
    for (const Bucket& b : m_buckets) {
        s.keyed_buckets += b.keyed;
        s.largest_always = std::max<size_t>(s.largest_always, b.always_count);
    }
    for (const KeySlot& k : m_key_table) {
        s.keyed_patterns += k.count;
    }
    s.bytes = m_text.capacity() + m_patterns.capacity() * sizeof(Pattern) +
              m_buckets.capacity() * sizeof(Bucket) + m_lists.capacity() * sizeof(uint32_t) +
              m_prefix_lengths.capacity() * sizeof(uint32_t) +
              m_prefix_table.capacity() * sizeof(PrefixSlot) + m_key_table.capacity() * sizeof(KeySlot);
    return s;
}

}  // namespace hw::match
