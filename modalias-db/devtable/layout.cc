#include "modalias-db/devtable/layout.h"

#include "modalias-db/cpp/lexer.h"
#include "modalias-db/cpp/const_eval.h"

#include <charconv>

#include <expected>
#include <span>
#include <unordered_set>

namespace hw::devtable {

const Field* StructLayout::field(std::string_view name) const {
    int i = field_index(name);
    return i < 0 ? nullptr : &fields[static_cast<size_t>(i)];
}

int StructLayout::field_index(std::string_view name) const {
    for (size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].name == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

const StructLayout* Layouts::find(std::string_view struct_name) const {
    auto it = m_by_name.find(std::string(struct_name));
    return it == m_by_name.end() ? nullptr : &m_structs[it->second];
}

std::optional<int64_t> Layouts::constant(std::string_view name) const {
    auto it = m_constants.find(std::string(name));
    if (it == m_constants.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<Leaf> Layouts::resolve(const StructLayout& layout, std::string_view path) const {
    const StructLayout* current = &layout;
    uint32_t base = 0;
    while (true) {
        size_t end = path.find_first_of(".[");
        std::string_view name = path.substr(0, end);
        const Field* f = current->field(name);
        if (f == nullptr) {
            return std::nullopt;
        }
        path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
        Leaf leaf{f->type, base + f->slot, f->count, f->bit_width};
        if (!path.empty() && path[0] == '[') {
            size_t close = path.find(']');
            if (close == std::string_view::npos || !f->is_array()) {
                return std::nullopt;
            }
            std::string_view digits = path.substr(1, close - 1);
            uint64_t index = 0;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
            std::optional<uint64_t> idx;
            if (ec == std::errc() && end == digits.data() + digits.size()) {
                idx = index;
            }
            if (!idx || *idx >= f->count) {
                return std::nullopt;
            }
            leaf.slot += static_cast<uint32_t>(*idx) * f->elem_slots;
            leaf.count = 0;
            path.remove_prefix(close + 1);
        }
        if (path.empty()) {
            return leaf;
        }
        if (path[0] != '.' || leaf.count != 0 || f->type.kind != FieldType::Kind::Struct) {
            return std::nullopt;
        }
        path.remove_prefix(1);
        base = leaf.slot;
        current = &m_structs[f->type.struct_index];
    }
}

// Reads the header: directives first (integer #defines), then struct, enum and typedef
// declarations. Conditionals are ignored: every branch is read, which is what the header needs
// (its only #ifdef guards the kernel_ulong_t typedef, which we know anyway).
class LayoutParser {
public:
    LayoutParser(Layouts& out, std::string_view path, const LayoutOptions& options)
        : m_out(out), m_path(path), m_options(options) {
        add_builtin_types();
    }

    void run(std::string_view header) {
        auto lexed = cpp::lex(header, 0, m_path, m_arena);
        for (auto& d : lexed.diagnostics) {
            m_out.m_diagnostics.push_back(std::move(d));
        }
        split_directives(lexed.tokens);
        m_pos = 0;
        while (m_pos < m_code.size()) {
            top_level();
        }
        for (const auto& [name, body] : m_defines) {
            if (auto v = resolve(name)) {
                m_out.m_constants.emplace(name, *v);
            }
        }
        for (const auto& [name, value] : m_enums) {
            m_out.m_constants.emplace(name, value);
        }
    }

private:
    struct Failure {
        const cpp::Token* at;
        std::string message;
    };

    void add_builtin_types() {
        auto add = [&](std::initializer_list<std::string_view> names, uint8_t bits, bool is_signed) {
            for (auto n : names) {
                m_typedefs[std::string(n)] = FieldType{FieldType::Kind::Int, bits, is_signed, 0};
            }
        };
        add({"__u8", "u8", "bool", "_Bool"}, 8, false);
        add({"__s8", "s8"}, 8, true);
        add({"__u16", "u16", "__le16", "__be16"}, 16, false);
        add({"__s16", "s16"}, 16, true);
        add({"__u32", "u32", "__le32", "__be32"}, 32, false);
        add({"__s32", "s32"}, 32, true);
        add({"__u64", "u64", "__le64", "__be64", "kernel_ulong_t", "size_t"}, 64, false);
        add({"__s64", "s64"}, 64, true);
        // linux/uuid.h: typedef struct { __u8 b[16]; } guid_t; (uuid_t, uuid_le alike)
        StructLayout guid;
        guid.name = "guid_t";
        guid.fields.push_back(Field{"b", FieldType{FieldType::Kind::Int, 8, false, 0}, 16, 0, 0, 1});
        guid.slots = 16;
        uint32_t index = add_struct(std::move(guid));
        for (auto n : {"guid_t", "uuid_t", "uuid_le"}) {
            m_typedefs[n] = FieldType{FieldType::Kind::Struct, 0, false, index};
        }
    }

    uint32_t add_struct(StructLayout layout) {
        auto index = static_cast<uint32_t>(m_out.m_structs.size());
        if (!layout.name.empty()) {
            m_out.m_by_name[layout.name] = index;
        }
        m_out.m_structs.push_back(std::move(layout));
        return index;
    }

    void split_directives(const cpp::Tokens& toks) {
        size_t i = 0;
        while (i < toks.size()) {
            if (toks[i].at_line_start && toks[i].is("#")) {
                size_t end = i + 1;
                while (end < toks.size() && !toks[end].at_line_start) {
                    ++end;
                }
                directive(std::span<const cpp::Token>(toks).subspan(i + 1, end - i - 1));
                i = end;
                continue;
            }
            m_code.push_back(toks[i]);
            ++i;
        }
    }

    void directive(std::span<const cpp::Token> d) {
        if (d.size() < 2 || !d[0].is("define") || !d[1].is_ident()) {
            return;
        }
        // Function-like macros (name immediately followed by '(') are not constants.
        if (d.size() > 2 && d[2].is("(") && !d[2].space_before) {
            return;
        }
        m_defines[std::string(d[1].text)] = std::vector<cpp::Token>(d.begin() + 2, d.end());
    }

    std::optional<int64_t> resolve(std::string_view name) {
        if (auto it = m_options.predefined.find(name); it != m_options.predefined.end()) {
            return it->second;
        }
        std::string key(name);
        if (auto it = m_enums.find(key); it != m_enums.end()) {
            return it->second;
        }
        auto it = m_defines.find(key);
        if (it == m_defines.end() || m_expanding.contains(key)) {
            return std::nullopt;
        }
        m_expanding.insert(key);
        auto v = eval(it->second);
        m_expanding.erase(key);
        return v;
    }

    std::optional<int64_t> eval(std::span<const cpp::Token> toks) {
        auto v = cpp::eval_const(toks, [this](std::string_view n) { return resolve(n); });
        if (!v) {
            return std::nullopt;
        }
        return v->as_signed();
    }

    const cpp::Token* peek(size_t ahead = 0) const {
        return m_pos + ahead < m_code.size() ? &m_code[m_pos + ahead] : nullptr;
    }
    bool at(std::string_view s, size_t ahead = 0) const {
        const cpp::Token* t = peek(ahead);
        return t != nullptr && t->is(s);
    }

    void warn(const cpp::Token* t, std::string message) {
        Diagnostic d;
        d.path = std::string(m_path);
        d.line = t != nullptr ? static_cast<int>(t->line) : 0;
        d.col = t != nullptr ? static_cast<int>(t->col) : 0;
        d.severity = Severity::Warning;
        d.message = std::move(message);
        m_out.m_diagnostics.push_back(std::move(d));
    }

    // Skips a balanced group starting at an opening bracket.
    void skip_group() {
        int depth = 0;
        do {
            const cpp::Token& t = m_code[m_pos];
            if (t.is("(") || t.is("[") || t.is("{")) {
                ++depth;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                --depth;
            }
            ++m_pos;
        } while (depth > 0 && m_pos < m_code.size());
    }

    void skip_attributes() {
        while (peek() != nullptr && (at("__attribute__") || at("__attribute") || at("__aligned") ||
                                     at("__packed"))) {
            ++m_pos;
            if (at("(")) {
                skip_group();
            }
        }
    }

    void skip_to_semicolon() {
        while (m_pos < m_code.size() && !at(";")) {
            if (at("(") || at("[") || at("{")) {
                skip_group();
            } else {
                ++m_pos;
            }
        }
        if (m_pos < m_code.size()) {
            ++m_pos;
        }
    }

    void top_level() {
        if (at("struct") && peek(1) != nullptr && peek(1)->is_ident() && at("{", 2)) {
            auto r = struct_definition();
            if (!r) {
                warn(r.error().at, r.error().message);
                skip_to_semicolon();
            }
            return;
        }
        if (at("enum") && (at("{", 1) || (peek(1) != nullptr && peek(1)->is_ident() && at("{", 2)))) {
            enum_definition();
            return;
        }
        if (at("typedef")) {
            typedef_declaration();
            return;
        }
        if (at("(") || at("[") || at("{")) {
            skip_group();
            return;
        }
        ++m_pos;
    }

    // struct [NAME] { members } — m_pos at `struct`. Returns the struct's index.
    std::expected<uint32_t, Failure> struct_definition() {
        ++m_pos;
        StructLayout layout;
        if (peek() != nullptr && peek()->is_ident()) {
            layout.name = std::string(peek()->text);
            ++m_pos;
        }
        ++m_pos;  // {
        while (true) {
            if (peek() == nullptr) {
                return std::unexpected(Failure{nullptr, "unterminated struct " + layout.name});
            }
            if (at("}")) {
                ++m_pos;
                break;
            }
            auto r = member_declaration(layout);
            if (!r) {
                return std::unexpected(r.error());
            }
        }
        skip_attributes();
        return add_struct(std::move(layout));
    }

    std::expected<FieldType, Failure> type_specifier() {
        int unsigned_kw = 0;
        int signed_kw = 0;
        int chars = 0;
        int shorts = 0;
        int ints = 0;
        int longs = 0;
        bool is_void = false;
        bool seen = false;
        while (const cpp::Token* t = peek()) {
            if (t->is("const") || t->is("volatile")) {
                ++m_pos;
            } else if (t->is("unsigned")) {
                ++unsigned_kw, ++m_pos, seen = true;
            } else if (t->is("signed")) {
                ++signed_kw, ++m_pos, seen = true;
            } else if (t->is("char")) {
                ++chars, ++m_pos, seen = true;
            } else if (t->is("short")) {
                ++shorts, ++m_pos, seen = true;
            } else if (t->is("int")) {
                ++ints, ++m_pos, seen = true;
            } else if (t->is("long")) {
                ++longs, ++m_pos, seen = true;
            } else if (t->is("void")) {
                is_void = true, ++m_pos, seen = true;
            } else if (!seen && t->is("struct")) {
                if (at("{", 1) || (peek(1) != nullptr && peek(1)->is_ident() && at("{", 2))) {
                    auto index = struct_definition();
                    if (!index) {
                        return std::unexpected(index.error());
                    }
                    return FieldType{FieldType::Kind::Struct, 0, false, *index};
                }
                const cpp::Token* name = peek(1);
                if (name == nullptr || !name->is_ident()) {
                    return std::unexpected(Failure{t, "expected a struct name"});
                }
                m_pos += 2;
                auto it = m_out.m_by_name.find(std::string(name->text));
                if (it == m_out.m_by_name.end()) {
                    // Only usable behind a pointer; the declarator decides.
                    return FieldType{FieldType::Kind::Pointer, 64, false, 0};
                }
                skip_qualifiers();
                return FieldType{FieldType::Kind::Struct, 0, false, it->second};
            } else if (!seen && t->is("enum") && peek(1) != nullptr && peek(1)->is_ident()) {
                m_pos += 2;
                return FieldType{FieldType::Kind::Int, 32, false, 0};
            } else if (!seen && t->is_ident()) {
                auto it = m_typedefs.find(std::string(t->text));
                if (it == m_typedefs.end()) {
                    return std::unexpected(Failure{t, "unknown type '" + std::string(t->text) + "'"});
                }
                ++m_pos;
                skip_qualifiers();
                return it->second;
            } else {
                break;
            }
        }
        if (!seen) {
            return std::unexpected(Failure{peek(), "expected a type"});
        }
        if (is_void) {
            return FieldType{FieldType::Kind::Pointer, 64, false, 0};
        }
        uint8_t bits = 32;
        if (chars > 0) {
            bits = 8;
        } else if (shorts > 0) {
            bits = 16;
        } else if (longs > 0) {
            bits = 64;
        }
        (void)ints;
        // Plain char is signed on the kernel's x86 targets.
        bool is_signed = unsigned_kw == 0;
        (void)signed_kw;
        return FieldType{FieldType::Kind::Int, bits, is_signed, 0};
    }

    void skip_qualifiers() {
        while (at("const") || at("volatile")) {
            ++m_pos;
        }
    }

    std::expected<void, Failure> member_declaration(StructLayout& layout) {
        auto base = type_specifier();
        if (!base) {
            return std::unexpected(base.error());
        }
        while (true) {
            FieldType type = *base;
            bool pointer = false;
            while (at("*") || at("const") || at("volatile")) {
                pointer = pointer || at("*");
                ++m_pos;
            }
            Field f;
            if (at("(")) {
                // Function pointer or pointer to array: `(*name)(args)`.
                ++m_pos;
                while (at("*") || at("const")) {
                    ++m_pos;
                }
                if (peek() == nullptr || !peek()->is_ident()) {
                    return std::unexpected(Failure{peek(), "expected a member name"});
                }
                f.name = std::string(peek()->text);
                ++m_pos;
                if (!at(")")) {
                    return std::unexpected(Failure{peek(), "expected ')'"});
                }
                ++m_pos;
                if (at("(")) {
                    skip_group();
                }
                pointer = true;
            } else {
                if (peek() == nullptr || !peek()->is_ident()) {
                    return std::unexpected(Failure{peek(), "expected a member name"});
                }
                f.name = std::string(peek()->text);
                ++m_pos;
            }
            uint64_t count = 0;
            while (at("[")) {
                size_t open = m_pos;
                skip_group();
                auto dims = std::span<const cpp::Token>(m_code).subspan(open + 1, m_pos - open - 2);
                auto n = eval(dims);
                if (!n || *n <= 0) {
                    return std::unexpected(Failure{&m_code[open], "cannot evaluate the size of '" + f.name + "'"});
                }
                count = count == 0 ? static_cast<uint64_t>(*n) : count * static_cast<uint64_t>(*n);
            }
            if (at(":")) {
                ++m_pos;
                size_t start = m_pos;
                while (peek() != nullptr && !at(",") && !at(";")) {
                    ++m_pos;
                }
                auto w = eval(std::span<const cpp::Token>(m_code).subspan(start, m_pos - start));
                if (!w || *w <= 0 || *w > 64) {
                    return std::unexpected(Failure{&m_code[start], "cannot evaluate the width of '" + f.name + "'"});
                }
                f.bit_width = static_cast<uint8_t>(*w);
            }
            skip_attributes();
            if (pointer) {
                type = FieldType{FieldType::Kind::Pointer, 64, false, 0};
            }
            f.type = type;
            f.count = static_cast<uint32_t>(count);
            f.elem_slots = type.kind == FieldType::Kind::Struct ? m_out.m_structs[type.struct_index].slots : 1;
            f.slot = layout.slots;
            layout.slots += f.elem_slots * (f.count == 0 ? 1 : f.count);
            layout.fields.push_back(std::move(f));
            if (at(",")) {
                ++m_pos;
                continue;
            }
            if (at(";")) {
                ++m_pos;
                return {};
            }
            return std::unexpected(Failure{peek(), "expected ';' after member"});
        }
    }

    void enum_definition() {
        ++m_pos;
        if (!at("{")) {
            ++m_pos;
        }
        ++m_pos;  // {
        std::optional<int64_t> next = 0;
        while (peek() != nullptr && !at("}")) {
            const cpp::Token* name = peek();
            if (!name->is_ident()) {
                ++m_pos;
                continue;
            }
            ++m_pos;
            std::optional<int64_t> value = next;
            if (at("=")) {
                ++m_pos;
                size_t start = m_pos;
                int depth = 0;
                while (peek() != nullptr && !(depth == 0 && (at(",") || at("}")))) {
                    if (at("(")) {
                        ++depth;
                    } else if (at(")")) {
                        --depth;
                    }
                    ++m_pos;
                }
                value = eval(std::span<const cpp::Token>(m_code).subspan(start, m_pos - start));
            }
            if (value) {
                m_enums[std::string(name->text)] = *value;
                next = *value + 1;
            } else {
                next.reset();
            }
            if (at(",")) {
                ++m_pos;
            }
        }
        if (peek() != nullptr) {
            ++m_pos;
        }
    }

    // typedef TYPE NAME; — only simple forms; anything else is skipped.
    void typedef_declaration() {
        ++m_pos;
        size_t start = m_pos;
        auto type = type_specifier();
        if (type && peek() != nullptr && peek()->is_ident() && at(";", 1)) {
            m_typedefs[std::string(peek()->text)] = *type;
            m_pos += 2;
            return;
        }
        m_pos = start;
        skip_to_semicolon();
    }

    Layouts& m_out;
    std::string_view m_path;
    const LayoutOptions& m_options;
    cpp::TokenArena m_arena;
    std::vector<cpp::Token> m_code;
    size_t m_pos = 0;
    std::map<std::string, std::vector<cpp::Token>, std::less<>> m_defines;
    std::unordered_map<std::string, int64_t> m_enums;
    std::unordered_map<std::string, FieldType> m_typedefs;
    std::unordered_set<std::string> m_expanding;
};

Layouts Layouts::parse(std::string_view header, std::string_view path, const LayoutOptions& options) {
    Layouts out;
    LayoutParser(out, path, options).run(header);
    return out;
}

Layouts parse_layouts(std::string_view header, std::string_view path, Diagnostics& diagnostics,
                      const LayoutOptions& options) {
    Layouts out = Layouts::parse(header, path, options);
    diagnostics.insert(diagnostics.end(), out.diagnostics().begin(), out.diagnostics().end());
    return out;
}

}  // namespace hw::devtable
