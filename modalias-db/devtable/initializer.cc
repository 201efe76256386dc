#include "modalias-db/devtable/initializer.h"

#include <algorithm>

namespace hw::devtable {

namespace {

// A sub-object being initialised: a scalar leaf, an array or a struct, at an absolute slot
// (element index * struct slots + slot within the struct).
struct Obj {
    enum class Kind : uint8_t { Scalar, Array, Struct };
    Kind kind = Kind::Scalar;
    uint64_t slot = 0;
    const StructLayout* layout = nullptr;  // Struct, or the element type of an Array of structs
    uint32_t count = 0;                    // Array
    uint32_t elem_slots = 1;               // Array
    bool byte_elems = false;               // Array of char/__u8

    uint64_t size() const {
        if (kind == Kind::Struct) {
            return layout->fields.size();
        }
        return kind == Kind::Array ? count : 0;
    }
};

struct Level {
    Obj obj;
    uint64_t index = 0;
};

class Reader {
public:
    Reader(std::span<const cpp::Token> toks, const Layouts& layouts, const EvalFn& eval)
        : m_toks(toks), m_layouts(layouts), m_eval(eval) {}

    std::expected<void, InitError> list(const Obj& obj, uint32_t open, bool outer) {
        uint32_t close = matching_bracket(m_toks, open);
        if (close >= m_toks.size()) {
            return fail(open, "unterminated initializer");
        }
        std::vector<Level> stack{Level{obj, 0}};
        uint32_t pos = open + 1;
        while (pos < close) {
            if (is(pos, ".") || is(pos, "[")) {
                auto next = designation(stack, pos, close);
                if (!next) {
                    return std::unexpected(next.error());
                }
                pos = *next;
            }
            auto end = value(stack, pos, close, outer);
            if (!end) {
                return std::unexpected(end.error());
            }
            pos = *end;
            if (pos < close) {
                if (!is(pos, ",")) {
                    return fail(pos, "expected ',' or '}' in initializer");
                }
                ++pos;
            }
        }
        return {};
    }

    std::vector<Assignment> m_assignments;  // slots are absolute here (uint32 fits: checked)
    std::vector<uint64_t> m_slots;
    std::vector<uint32_t> m_first_token;    // per element of the outer array

private:
    bool is(uint32_t i, std::string_view s) const { return i < m_toks.size() && m_toks[i].is(s); }

    std::unexpected<InitError> fail(uint32_t at, std::string message) const {
        return std::unexpected(InitError{at, std::move(message)});
    }

    Obj sub(const Obj& obj, uint64_t i) const {
        Obj out;
        if (obj.kind == Obj::Kind::Struct) {
            const Field& f = obj.layout->fields[i];
            out.slot = obj.slot + f.slot;
            const StructLayout* nested =
                f.type.kind == FieldType::Kind::Struct ? &m_layouts.at(f.type.struct_index) : nullptr;
            if (f.is_array()) {
                out.kind = Obj::Kind::Array;
                out.layout = nested;
                out.count = f.count;
                out.elem_slots = f.elem_slots;
                out.byte_elems = f.type.is_byte();
            } else if (nested != nullptr) {
                out.kind = Obj::Kind::Struct;
                out.layout = nested;
            }
            return out;
        }
        out.slot = obj.slot + i * obj.elem_slots;
        if (obj.layout != nullptr) {
            out.kind = Obj::Kind::Struct;
            out.layout = obj.layout;
        }
        return out;
    }

    uint32_t expr_end(uint32_t pos, uint32_t close) const {
        while (pos < close && !is(pos, ",")) {
            const cpp::Token& t = m_toks[pos];
            if (t.kind == cpp::TokKind::Punct && (t.text == "(" || t.text == "[" || t.text == "{")) {
                pos = matching_bracket(m_toks, pos) + 1;
            } else {
                ++pos;
            }
        }
        return std::min(pos, close);
    }

    bool all_strings(uint32_t begin, uint32_t end) const {
        if (begin >= end) {
            return false;
        }
        for (uint32_t i = begin; i < end; ++i) {
            if (m_toks[i].kind != cpp::TokKind::String) {
                return false;
            }
        }
        return true;
    }

    void assign(uint64_t slot, TokenRange range, bool is_string) {
        m_slots.push_back(slot);
        m_assignments.push_back(Assignment{0, range, is_string});
    }

    // `.a[2].b =` — resets the position to the list's own level and walks down.
    std::expected<uint32_t, InitError> designation(std::vector<Level>& stack, uint32_t pos, uint32_t close) {
        stack.resize(1);
        while (true) {
            Level& top = stack.back();
            if (is(pos, ".") && pos + 1 < close && m_toks[pos + 1].is_ident()) {
                if (top.obj.kind != Obj::Kind::Struct) {
                    return fail(pos, "member designator for a non-struct");
                }
                int idx = top.obj.layout->field_index(m_toks[pos + 1].text);
                if (idx < 0) {
                    return fail(pos + 1, "no member named '" + std::string(m_toks[pos + 1].text) + "' in '" +
                                             (top.obj.layout->name.empty() ? std::string("struct")
                                                                           : "struct " + top.obj.layout->name) +
                                             "'");
                }
                top.index = static_cast<uint64_t>(idx);
                pos += 2;
            } else if (is(pos, "[")) {
                if (top.obj.kind != Obj::Kind::Array) {
                    return fail(pos, "array index in a non-array initializer");
                }
                uint32_t rb = matching_bracket(m_toks, pos);
                uint32_t stop = pos + 1;
                while (stop < rb && !is(stop, "...")) {
                    ++stop;
                }
                if (!m_eval) {
                    return fail(pos + 1, "cannot evaluate array index in initializer");
                }
                auto idx = m_eval(m_toks.subspan(pos + 1, stop - pos - 1));
                if (!idx) {
                    return fail(pos + 1, "cannot evaluate array index in initializer: " + idx.error());
                }
                if (*idx < 0 || static_cast<uint64_t>(*idx) >= top.obj.count) {
                    return fail(pos + 1, "array index " + std::to_string(*idx) + " out of range in initializer");
                }
                top.index = static_cast<uint64_t>(*idx);
                pos = rb + 1;
            } else {
                break;
            }
            if (is(pos, ".") || is(pos, "[")) {
                stack.push_back(Level{sub(stack.back().obj, stack.back().index), 0});
            }
        }
        if (!is(pos, "=")) {
            return fail(pos, "expected '=' after designator");
        }
        return pos + 1;
    }

    void note_entry(uint64_t index, uint32_t pos) {
        if (index >= m_first_token.size()) {
            m_first_token.resize(index + 1, UINT32_MAX);
        }
        if (m_first_token[index] == UINT32_MAX) {
            m_first_token[index] = pos;
        }
    }

    // Initialises the current sub-object (descending by brace elision as needed) and returns
    // the position after the value.
    std::expected<uint32_t, InitError> value(std::vector<Level>& stack, uint32_t pos, uint32_t close, bool outer) {
        uint32_t end = is(pos, "{") ? matching_bracket(m_toks, pos) + 1 : expr_end(pos, close);
        if (end == pos) {
            return fail(pos, "expected expression in initializer");
        }
        while (true) {
            Level& top = stack.back();
            if (top.index >= top.obj.size()) {
                if (stack.size() > 1) {
                    stack.pop_back();
                    ++stack.back().index;
                    continue;
                }
                return end;  // excess initializer: GCC warns and ignores it
            }
            if (outer && stack.size() == 1) {
                note_entry(top.index, pos);
            }
            Obj target = sub(top.obj, top.index);
            if (is(pos, "{")) {
                auto r = braced(target, pos);
                if (!r) {
                    return std::unexpected(r.error());
                }
                ++stack.back().index;
                return end;
            }
            if (target.kind == Obj::Kind::Scalar) {
                assign(target.slot, TokenRange{pos, end}, false);
                ++top.index;
                return end;
            }
            uint32_t s = pos;
            uint32_t e = end;
            while (is(s, "(") && matching_bracket(m_toks, s) == e - 1) {
                ++s;
                --e;
            }
            if (target.kind == Obj::Kind::Array && target.byte_elems && all_strings(s, e)) {
                assign(target.slot, TokenRange{s, e}, true);
                ++top.index;
                return end;
            }
            if (is(s, "(")) {
                uint32_t rp = matching_bracket(m_toks, s);
                if (is(rp + 1, "{") && matching_bracket(m_toks, rp + 1) == e - 1) {
                    auto r = list(target, rp + 1, false);
                    if (!r) {
                        return std::unexpected(r.error());
                    }
                    ++stack.back().index;
                    return end;
                }
            }
            stack.push_back(Level{target, 0});  // brace elision
        }
    }

    std::expected<void, InitError> braced(const Obj& target, uint32_t open) {
        if (target.kind == Obj::Kind::Scalar) {
            // `{ 5 }` for a scalar: its first expression.
            uint32_t close = matching_bracket(m_toks, open);
            uint32_t e = expr_end(open + 1, close);
            if (e > open + 1) {
                assign(target.slot, TokenRange{open + 1, e}, false);
            }
            return {};
        }
        if (target.kind == Obj::Kind::Array && target.byte_elems) {
            uint32_t close = matching_bracket(m_toks, open);
            uint32_t e = expr_end(open + 1, close);
            if (all_strings(open + 1, e)) {
                assign(target.slot, TokenRange{open + 1, e}, true);
                return {};
            }
        }
        return list(target, open, false);
    }

    std::span<const cpp::Token> m_toks;
    const Layouts& m_layouts;
    const EvalFn& m_eval;
};

}  // namespace

std::expected<TableInit, InitError> read_table(std::span<const cpp::Token> tokens, uint32_t open,
                                               const Layouts& layouts, const StructLayout& element,
                                               std::optional<uint32_t> declared_size, const EvalFn& eval) {
    Obj table;
    table.kind = Obj::Kind::Array;
    table.layout = &element;
    table.count = declared_size.value_or(UINT32_MAX);
    table.elem_slots = std::max<uint32_t>(element.slots, 1);
    Reader reader(tokens, layouts, eval);
    auto r = reader.list(table, open, true);
    if (!r) {
        return std::unexpected(r.error());
    }
    uint64_t count = declared_size ? *declared_size : reader.m_first_token.size();
    TableInit out;
    out.entries.resize(count);
    for (size_t i = 0; i < reader.m_first_token.size() && i < count; ++i) {
        out.entries[i].first_token = reader.m_first_token[i];
    }
    for (size_t i = 0; i < reader.m_assignments.size(); ++i) {
        uint64_t entry = reader.m_slots[i] / table.elem_slots;
        if (entry >= count) {
            continue;
        }
        Assignment a = reader.m_assignments[i];
        a.slot = static_cast<uint32_t>(reader.m_slots[i] % table.elem_slots);
        out.entries[entry].assignments.push_back(a);
    }
    return out;
}

}  // namespace hw::devtable
