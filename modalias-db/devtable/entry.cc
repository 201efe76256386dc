#include "modalias-db/devtable/entry.h"

namespace hw::devtable {

namespace {

uint64_t truncate(uint64_t v, int bits) { return bits >= 64 ? v : (v & ((uint64_t{1} << bits) - 1)); }

}  // namespace

std::expected<int64_t, std::string> EntryFields::eval(const Assignment& a, std::string_view path) const {
    if (!*m_eval) {
        return std::unexpected("cannot evaluate '" + std::string(path) + "'");
    }
    auto v = (*m_eval)(m_tokens.subspan(a.value.begin, a.value.end - a.value.begin));
    if (!v) {
        return std::unexpected("cannot evaluate '" + std::string(path) + "': " + v.error());
    }
    return *v;
}

std::expected<Num, std::string> EntryFields::number(std::string_view path) const {
    auto leaf = m_layouts->resolve(*m_layout, path);
    if (!leaf || leaf->count != 0 || leaf->type.kind == FieldType::Kind::Struct) {
        return std::unexpected("no integer member '" + std::string(path) + "' in struct " + m_layout->name);
    }
    Num out;
    out.bits = leaf->type.bits;
    for (size_t i = m_assignments.size(); i-- > 0;) {
        const Assignment& a = m_assignments[i];
        if (a.slot != leaf->slot || a.is_string) {
            continue;
        }
        auto v = eval(a, path);
        if (!v) {
            return std::unexpected(v.error());
        }
        out.value = truncate(static_cast<uint64_t>(*v), leaf->bit_width != 0 ? leaf->bit_width : out.bits);
        return out;
    }
    return out;
}

std::expected<std::string, std::string> EntryFields::string(std::string_view path) const {
    auto leaf = m_layouts->resolve(*m_layout, path);
    if (!leaf || leaf->count == 0 || !leaf->type.is_byte()) {
        return std::unexpected("no char array member '" + std::string(path) + "' in struct " + m_layout->name);
    }
    std::string bytes(leaf->count, '\0');
    for (const Assignment& a : m_assignments) {
        if (a.slot < leaf->slot || a.slot >= leaf->slot + leaf->count) {
            continue;
        }
        if (a.is_string) {
            std::string s;
            for (uint32_t t = a.value.begin; t < a.value.end; ++t) {
                s += cpp::decode_string_literal(m_tokens[t].text);
            }
            size_t n = std::min<size_t>(s.size() + 1, leaf->count - (a.slot - leaf->slot));
            std::fill(bytes.begin() + (a.slot - leaf->slot), bytes.end(), '\0');
            std::copy_n(s.begin(), std::min(n, s.size()), bytes.begin() + (a.slot - leaf->slot));
        } else {
            auto v = eval(a, path);
            if (!v) {
                return std::unexpected(v.error());
            }
            bytes[a.slot - leaf->slot] = static_cast<char>(*v);
        }
    }
    size_t nul = bytes.find('\0');
    if (nul != std::string::npos) {
        bytes.resize(nul);
    }
    return bytes;
}

}  // namespace hw::devtable
