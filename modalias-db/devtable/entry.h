// Read access to the fields of one device-table entry: finds the initializer of a member (by a
// path such as "match_flags", "matches[1].substr", "guid.b[3]") and evaluates it on demand, the
// way file2alias reads the bytes of the compiled entry. Uninitialised members are zero.
#pragma once

#include "modalias-db/cpp/token.h"
#include "modalias-db/devtable/initializer.h"
#include "modalias-db/devtable/layout.h"

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

namespace hw::devtable {

// An integer member's value (truncated to its width) and its declared width in bits (what
// sizeof(field) * 8 is, so ADD() can pick %02X/%04X/%08X).
struct Num {
    uint64_t value = 0;
    int bits = 32;
};

class EntryFields {
public:
    EntryFields(const Layouts& layouts, const StructLayout& layout, std::span<const Assignment> assignments,
                std::span<const cpp::Token> tokens, const EvalFn& eval)
        : m_layouts(&layouts), m_layout(&layout), m_assignments(assignments), m_tokens(tokens), m_eval(&eval) {}

    // Errors: "no member 'x' in struct y", "cannot evaluate 'x'".
    std::expected<Num, std::string> number(std::string_view path) const;
    // A char/__u8 array member's bytes up to the first NUL (at most the array's length).
    std::expected<std::string, std::string> string(std::string_view path) const;

    const Layouts& layouts() const { return *m_layouts; }
    const StructLayout& layout() const { return *m_layout; }

private:
    std::expected<int64_t, std::string> eval(const Assignment& a, std::string_view path) const;

    const Layouts* m_layouts;
    const StructLayout* m_layout;
    std::span<const Assignment> m_assignments;
    std::span<const cpp::Token> m_tokens;
    const EvalFn* m_eval;
};

}  // namespace hw::devtable
