#include "modalias-db/cpp/const_eval.h"

#include <array>
#include <cctype>
#include <limits>
#include <vector>

namespace hw::cpp {

namespace {

// An integer type after the integer promotions: int, unsigned int, long, unsigned long
// (long long has the same representation as long on LP64).
struct Val {
    uint64_t bits = 0;  // sign- or zero-extended to 64 bits from the type's width
    bool is_signed = true;
    bool wide = false;  // 64-bit
    // #if only: the value is 1 when m_conds[sym] holds and 0 otherwise.
    int32_t sym = -1;
    bool bare = false;     // sym came from a bare CONFIG_X: only usable as a truth value
    bool unknown = false;  // depends on something unknowable (see Evaluator::m_unknown)
};

uint64_t extend(uint64_t bits, unsigned width, bool is_signed) {
    if (width >= 64) {
        return bits;
    }
    uint64_t mask = (uint64_t{1} << width) - 1;
    bits &= mask;
    if (is_signed && (bits >> (width - 1)) != 0) {
        bits |= ~mask;
    }
    return bits;
}

Val make_int(uint64_t bits, bool wide, bool is_signed) {
    Val v;
    v.wide = wide;
    v.is_signed = is_signed;
    v.bits = extend(bits, wide ? 64 : 32, is_signed);
    return v;
}

Val make_bool(bool b) { return make_int(b ? 1 : 0, false, true); }

// An integer type named in a cast or sizeof.
struct CType {
    unsigned width = 32;  // 1 for _Bool
    bool is_signed = true;
    unsigned size = 4;    // for sizeof
};

struct Typedef {
    std::string_view name;
    unsigned width;
    bool is_signed;
};

// The kernel's integer typedefs on x86_64 (include/linux/types.h, include/uapi/asm-generic/int-ll64.h,
// include/linux/mod_devicetable.h for kernel_ulong_t).
constexpr std::array kTypedefs = {
    Typedef{"u8", 8, false},          Typedef{"u16", 16, false},        Typedef{"u32", 32, false},
    Typedef{"u64", 64, false},        Typedef{"s8", 8, true},           Typedef{"s16", 16, true},
    Typedef{"s32", 32, true},         Typedef{"s64", 64, true},         Typedef{"__u8", 8, false},
    Typedef{"__u16", 16, false},      Typedef{"__u32", 32, false},      Typedef{"__u64", 64, false},
    Typedef{"__s8", 8, true},         Typedef{"__s16", 16, true},       Typedef{"__s32", 32, true},
    Typedef{"__s64", 64, true},       Typedef{"uint8_t", 8, false},     Typedef{"uint16_t", 16, false},
    Typedef{"uint32_t", 32, false},   Typedef{"uint64_t", 64, false},   Typedef{"int8_t", 8, true},
    Typedef{"int16_t", 16, true},     Typedef{"int32_t", 32, true},     Typedef{"int64_t", 64, true},
    Typedef{"u_int8_t", 8, false},    Typedef{"u_int16_t", 16, false},  Typedef{"u_int32_t", 32, false},
    Typedef{"u_int64_t", 64, false},  Typedef{"__le16", 16, false},     Typedef{"__le32", 32, false},
    Typedef{"__le64", 64, false},     Typedef{"__be16", 16, false},     Typedef{"__be32", 32, false},
    Typedef{"__be64", 64, false},     Typedef{"size_t", 64, false},     Typedef{"ssize_t", 64, true},
    Typedef{"uintptr_t", 64, false},  Typedef{"intptr_t", 64, true},    Typedef{"ptrdiff_t", 64, true},
    Typedef{"kernel_ulong_t", 64, false}, Typedef{"__kernel_ulong_t", 64, false},
    Typedef{"__kernel_long_t", 64, true}, Typedef{"__kernel_size_t", 64, false},
    Typedef{"loff_t", 64, true},      Typedef{"phys_addr_t", 64, false}, Typedef{"dma_addr_t", 64, false},
    Typedef{"resource_size_t", 64, false}, Typedef{"gfp_t", 32, false}, Typedef{"umode_t", 16, false},
    Typedef{"pgoff_t", 64, false},    Typedef{"uint", 32, false},       Typedef{"ulong", 64, false},
    Typedef{"ushort", 16, false},     Typedef{"unchar", 8, false},      Typedef{"u_char", 8, false},
    Typedef{"u_short", 16, false},    Typedef{"u_int", 32, false},      Typedef{"u_long", 64, false},
    Typedef{"acpi_size", 64, false},  Typedef{"acpi_status", 32, false}, Typedef{"bool", 1, false},
};

const Typedef* find_typedef(std::string_view name) {
    for (const Typedef& t : kTypedefs) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

bool is_type_keyword(std::string_view s) {
    static constexpr std::array kWords = {
        std::string_view("unsigned"), std::string_view("signed"), std::string_view("int"),
        std::string_view("long"),     std::string_view("short"),  std::string_view("char"),
        std::string_view("_Bool"),    std::string_view("const"),  std::string_view("volatile"),
        std::string_view("enum"),     std::string_view("struct"), std::string_view("union"),
        std::string_view("void"),     std::string_view("__signed__"),
    };
    for (std::string_view w : kWords) {
        if (w == s) {
            return true;
        }
    }
    return false;
}

std::string joined_text(std::span<const Token> toks) {
    std::string out;
    for (const Token& t : toks) {
        out += t.text;
    }
    return out;
}

class Evaluator {
public:
    Evaluator(std::span<const Token> toks, const IdentResolver* resolve, const AtomMatcher* atoms)
        : m_toks(toks), m_resolve(resolve), m_atoms(atoms), m_pp(atoms != nullptr) {}

    std::expected<Val, EvalError> run() {
        if (m_toks.empty()) {
            return fail_at(nullptr, "expected expression");
        }
        auto v = comma();
        if (!v) {
            return v;
        }
        if (m_pos < m_toks.size()) {
            return fail("expected end of expression, got '" + std::string(m_toks[m_pos].text) + "'");
        }
        return v;
    }

    const hw::Cond& cond_of(const Val& v) const { return m_conds[static_cast<size_t>(v.sym)]; }
    const std::string& unknown_reason() const { return m_unknown; }

private:
    using Result = std::expected<Val, EvalError>;

    const Token* peek() const { return m_pos < m_toks.size() ? &m_toks[m_pos] : nullptr; }
    bool at(std::string_view p) const {
        const Token* t = peek();
        return t != nullptr && t->kind == TokKind::Punct && t->text == p;
    }

    std::unexpected<EvalError> fail_at(const Token* t, std::string message) const {
        if (t == nullptr && !m_toks.empty()) {
            t = &m_toks.back();
        }
        EvalError e;
        if (t != nullptr) {
            e.file = t->file;
            e.line = t->line;
            e.col = t->col;
        }
        e.message = std::move(message);
        return std::unexpected(std::move(e));
    }
    std::unexpected<EvalError> fail(std::string message) const { return fail_at(peek(), std::move(message)); }

    std::expected<void, EvalError> expect(std::string_view p) {
        if (!at(p)) {
            const Token* t = peek();
            return fail("expected '" + std::string(p) + "'" +
                        (t != nullptr ? ", got '" + std::string(t->text) + "'" : std::string(" at end of expression")));
        }
        ++m_pos;
        return {};
    }

    Val make_sym(const hw::Cond& c) {
        if (c.is_true()) {
            return make_bool(true);
        }
        if (c.is_false()) {
            return make_bool(false);
        }
        m_conds.push_back(c);
        m_sym_text.push_back(c.to_string());
        Val v = make_bool(false);
        v.sym = static_cast<int32_t>(m_conds.size() - 1);
        return v;
    }

    Val make_unknown(std::string reason) {
        if (m_unknown.empty()) {
            m_unknown = std::move(reason);
        }
        Val v = make_bool(false);
        v.unknown = true;
        return v;
    }

    // A truth value as a condition: true/false for constants.
    hw::Cond truth(const Val& v) const {
        if (v.sym >= 0) {
            return cond_of(v);
        }
        return v.bits != 0 ? hw::Cond::truth() : hw::Cond::falsity();
    }

    // Values that are not plain integers cannot take part in arithmetic.
    bool plain(const Val& v) const { return v.sym < 0 && !v.unknown; }

    Val arith_on_symbol(const Val& a, const Val& b) {
        if (a.unknown || b.unknown) {
            return make_unknown("");
        }
        const Val& s = a.sym >= 0 ? a : b;
        return make_unknown(m_sym_text[static_cast<size_t>(s.sym)]);
    }

    // --- grammar (C11 6.5), lowest precedence first ---

    Result comma() {
        auto v = conditional();
        while (v && at(",")) {
            ++m_pos;
            v = conditional();
        }
        return v;
    }

    Result conditional() {
        auto c = logical_or();
        if (!c || !at("?")) {
            return c;
        }
        ++m_pos;
        bool saved = m_live;
        bool sym = !plain(*c);
        bool take_first = plain(*c) && c->bits != 0;
        Val first = *c;  // GNU `a ?: b`
        if (!at(":")) {
            m_live = saved && (sym || take_first);
            auto f = comma();
            m_live = saved;
            if (!f) {
                return f;
            }
            first = *f;
        }
        if (auto e = expect(":"); !e) {
            return std::unexpected(e.error());
        }
        m_live = saved && (sym || !take_first);
        auto second = conditional();
        m_live = saved;
        if (!second) {
            return second;
        }
        if (!sym) {
            Val common = convert_common(first, *second).first;
            Val chosen = take_first ? first : *second;
            if (!plain(chosen)) {
                return chosen;
            }
            return convert(chosen, common.wide, common.is_signed);
        }
        if (c->unknown || first.unknown || second->unknown) {
            return make_unknown("");
        }
        auto as_truth = [&](const Val& v) -> std::optional<hw::Cond> {
            if (v.sym >= 0) {
                return cond_of(v);
            }
            if (v.bits <= 1) {
                return truth(v);
            }
            return std::nullopt;
        };
        auto a = as_truth(first);
        auto b = as_truth(*second);
        if (!a || !b) {
            return arith_on_symbol(*c, *c);
        }
        hw::Cond k = cond_of(*c);
        return make_sym(hw::or_(hw::and_(k, *a), hw::and_(hw::not_(k), *b)));
    }

    Result logical_or() {
        auto a = logical_and();
        while (a && at("||")) {
            ++m_pos;
            bool saved = m_live;
            bool decided = plain(*a) && a->bits != 0;
            m_live = saved && !decided;
            auto b = logical_and();
            m_live = saved;
            if (!b) {
                return b;
            }
            a = combine_logic(*a, *b, /*is_and=*/false);
        }
        return a;
    }

    Result logical_and() {
        auto a = bit_or();
        while (a && at("&&")) {
            ++m_pos;
            bool saved = m_live;
            bool decided = plain(*a) && a->bits == 0;
            m_live = saved && !decided;
            auto b = bit_or();
            m_live = saved;
            if (!b) {
                return b;
            }
            a = combine_logic(*a, *b, /*is_and=*/true);
        }
        return a;
    }

    Val combine_logic(const Val& a, const Val& b, bool is_and) {
        if (plain(a)) {
            bool av = a.bits != 0;
            if (av != is_and) {
                return make_bool(av);  // short-circuited: 0 && x, 1 || x
            }
            if (plain(b)) {
                return make_bool(b.bits != 0);
            }
            return b.unknown ? b : make_sym(truth(b));
        }
        if (a.unknown) {
            // `unknown && 0` is still 0, `unknown || 1` still 1.
            if (plain(b) && (b.bits != 0) != is_and) {
                return make_bool(!is_and);
            }
            return a;
        }
        if (b.unknown) {
            return b;
        }
        hw::Cond ca = truth(a);
        hw::Cond cb = truth(b);
        return make_sym(is_and ? hw::and_(ca, cb) : hw::or_(ca, cb));
    }

    template <class Next>
    Result binary_level(Next next, std::initializer_list<std::string_view> ops) {
        auto a = (this->*next)();
        while (a) {
            const Token* t = peek();
            if (t == nullptr || t->kind != TokKind::Punct) {
                break;
            }
            std::string_view op;
            for (std::string_view o : ops) {
                if (t->text == o) {
                    op = o;
                }
            }
            if (op.empty()) {
                break;
            }
            ++m_pos;
            auto b = (this->*next)();
            if (!b) {
                return b;
            }
            a = apply(op, *a, *b, t);
        }
        return a;
    }

    Result bit_or() { return binary_level(&Evaluator::bit_xor, {"|"}); }
    Result bit_xor() { return binary_level(&Evaluator::bit_and, {"^"}); }
    Result bit_and() { return binary_level(&Evaluator::equality, {"&"}); }
    Result equality() { return binary_level(&Evaluator::relational, {"==", "!="}); }
    Result relational() { return binary_level(&Evaluator::shift, {"<", ">", "<=", ">="}); }
    Result shift() { return binary_level(&Evaluator::additive, {"<<", ">>"}); }
    Result additive() { return binary_level(&Evaluator::multiplicative, {"+", "-"}); }
    Result multiplicative() { return binary_level(&Evaluator::unary, {"*", "/", "%"}); }

    static Val convert(const Val& v, bool wide, bool is_signed) { return make_int(v.bits, wide, is_signed); }

    // C11 6.3.1.8 for promoted operands; returns both converted.
    static std::pair<Val, Val> convert_common(const Val& a, const Val& b) {
        bool wide = a.wide || b.wide;
        bool is_signed = true;
        if (wide) {
            is_signed = !((a.wide && !a.is_signed) || (b.wide && !b.is_signed));
        } else {
            is_signed = a.is_signed && b.is_signed;
        }
        return {convert(a, wide, is_signed), convert(b, wide, is_signed)};
    }

    std::expected<Val, EvalError> apply(std::string_view op, const Val& a0, const Val& b0, const Token* optok) {
        if (!plain(a0) || !plain(b0)) {
            return apply_symbolic(op, a0, b0);
        }
        if (op == "<<" || op == ">>") {
            return apply_shift(op, a0, b0, optok);
        }
        auto [a, b] = convert_common(a0, b0);
        bool s = a.is_signed;
        int64_t sa = static_cast<int64_t>(a.bits);
        int64_t sb = static_cast<int64_t>(b.bits);
        if (op == "==") {
            return make_bool(a.bits == b.bits);
        }
        if (op == "!=") {
            return make_bool(a.bits != b.bits);
        }
        if (op == "<") {
            return make_bool(s ? sa < sb : a.bits < b.bits);
        }
        if (op == ">") {
            return make_bool(s ? sa > sb : a.bits > b.bits);
        }
        if (op == "<=") {
            return make_bool(s ? sa <= sb : a.bits <= b.bits);
        }
        if (op == ">=") {
            return make_bool(s ? sa >= sb : a.bits >= b.bits);
        }
        uint64_t r = 0;
        if (op == "+") {
            r = a.bits + b.bits;
        } else if (op == "-") {
            r = a.bits - b.bits;
        } else if (op == "*") {
            r = a.bits * b.bits;
        } else if (op == "&") {
            r = a.bits & b.bits;
        } else if (op == "|") {
            r = a.bits | b.bits;
        } else if (op == "^") {
            r = a.bits ^ b.bits;
        } else if (op == "/" || op == "%") {
            if (b.bits == 0) {
                if (!m_live) {
                    return make_int(0, a.wide, s);
                }
                return fail_at(optok, "division by zero");
            }
            if (s) {
                // Overflow of INT_MIN / -1 wraps instead of trapping.
                if (sb == -1) {
                    r = op == "/" ? uint64_t{0} - a.bits : 0;
                } else {
                    r = static_cast<uint64_t>(op == "/" ? sa / sb : sa % sb);
                }
            } else {
                r = op == "/" ? a.bits / b.bits : a.bits % b.bits;
            }
        }
        return make_int(r, a.wide, s);
    }

    std::expected<Val, EvalError> apply_shift(std::string_view op, const Val& a, const Val& b, const Token* optok) {
        unsigned width = a.wide ? 64 : 32;
        int64_t count = b.is_signed ? static_cast<int64_t>(b.bits) : static_cast<int64_t>(b.bits & 0x7FFFFFFFFFFFFFFF);
        if (count < 0 || count >= static_cast<int64_t>(width)) {
            if (!m_live) {
                return make_int(0, a.wide, a.is_signed);
            }
            return fail_at(optok, "shift count " + std::to_string(count) + " is out of range for a " +
                                      std::to_string(width) + "-bit type");
        }
        if (op == "<<") {
            return make_int(a.bits << count, a.wide, a.is_signed);
        }
        if (a.is_signed) {
            return make_int(static_cast<uint64_t>(static_cast<int64_t>(a.bits) >> count), a.wide, true);
        }
        return make_int(a.bits >> count, a.wide, false);
    }

    Val apply_symbolic(std::string_view op, const Val& a, const Val& b) {
        if (a.unknown || b.unknown) {
            return make_unknown("");
        }
        if ((op == "==" || op == "!=") && !a.bare && !b.bare) {
            // Both sides are truth values (an atom is 0 or 1).
            auto as_cond = [&](const Val& v) -> std::optional<hw::Cond> {
                if (v.sym >= 0) {
                    return cond_of(v);
                }
                if (v.bits == 0 || v.bits == 1) {
                    return truth(v);
                }
                return std::nullopt;
            };
            auto ca = as_cond(a);
            auto cb = as_cond(b);
            if (!ca || !cb) {
                return make_bool(op == "!=");  // an atom never equals 2
            }
            hw::Cond eq = hw::or_(hw::and_(*ca, *cb), hw::and_(hw::not_(*ca), hw::not_(*cb)));
            return make_sym(op == "==" ? eq : hw::not_(eq));
        }
        return arith_on_symbol(a, b);
    }

    Result unary() {
        const Token* t = peek();
        if (t == nullptr) {
            return fail("expected expression at end of input");
        }
        if (t->kind == TokKind::Punct) {
            if (t->text == "+" || t->text == "-" || t->text == "~" || t->text == "!") {
                ++m_pos;
                auto v = unary();
                if (!v) {
                    return v;
                }
                return apply_unary(t->text, *v);
            }
            if (t->text == "(" && !m_pp && starts_type(m_pos + 1)) {
                ++m_pos;
                auto type = parse_type();
                if (!type) {
                    return std::unexpected(type.error());
                }
                if (auto e = expect(")"); !e) {
                    return std::unexpected(e.error());
                }
                auto v = unary();
                if (!v) {
                    return v;
                }
                return cast(*v, *type);
            }
        }
        if (t->kind == TokKind::Identifier && t->text == "sizeof" && !m_pp) {
            ++m_pos;
            return parse_sizeof();
        }
        return primary();
    }

    Val apply_unary(std::string_view op, const Val& v) {
        if (op == "!") {
            if (v.unknown) {
                return v;
            }
            if (v.sym >= 0) {
                return make_sym(hw::not_(cond_of(v)));
            }
            return make_bool(v.bits == 0);
        }
        if (!plain(v)) {
            return arith_on_symbol(v, v);
        }
        if (op == "-") {
            return make_int(uint64_t{0} - v.bits, v.wide, v.is_signed);
        }
        if (op == "~") {
            return make_int(~v.bits, v.wide, v.is_signed);
        }
        return v;
    }

    Result cast(const Val& v, const CType& type) {
        if (!plain(v)) {
            return arith_on_symbol(v, v);
        }
        if (type.width == 1) {
            return make_bool(v.bits != 0);
        }
        uint64_t bits = extend(v.bits, type.width, type.is_signed);
        if (type.width < 32) {
            return make_int(bits, false, true);  // promoted to int
        }
        return make_int(bits, type.width == 64, type.is_signed);
    }

    bool starts_type(size_t pos) const {
        if (pos >= m_toks.size() || m_toks[pos].kind != TokKind::Identifier) {
            return false;
        }
        std::string_view s = m_toks[pos].text;
        return is_type_keyword(s) || find_typedef(s) != nullptr;
    }

    // type-name (C11 6.7.7), limited to integer types, enums and pointers.
    std::expected<CType, EvalError> parse_type() {
        const Token* start = peek();
        int longs = 0;
        bool is_unsigned = false;
        bool is_short = false;
        bool is_char = false;
        bool is_bool = false;
        bool aggregate = false;  // struct/union/void: only as a pointer
        const Typedef* td = nullptr;
        int pointers = 0;
        while (const Token* t = peek()) {
            std::string_view s = t->text;
            if (t->kind == TokKind::Punct && s == "*") {
                ++pointers;
            } else if (t->kind != TokKind::Identifier) {
                break;
            } else if (s == "const" || s == "volatile" || s == "int" || s == "signed" || s == "__signed__") {
            } else if (s == "unsigned") {
                is_unsigned = true;
            } else if (s == "long") {
                ++longs;
            } else if (s == "short") {
                is_short = true;
            } else if (s == "char") {
                is_char = true;
            } else if (s == "_Bool") {
                is_bool = true;
            } else if (s == "void") {
                aggregate = true;
            } else if (s == "enum" || s == "struct" || s == "union") {
                aggregate = aggregate || s != "enum";
                if (m_pos + 1 < m_toks.size() && m_toks[m_pos + 1].kind == TokKind::Identifier) {
                    ++m_pos;
                }
            } else if (const Typedef* found = find_typedef(s); found != nullptr && td == nullptr) {
                td = found;
            } else {
                break;
            }
            ++m_pos;
        }
        if (pointers > 0) {
            return CType{64, false, 8};
        }
        if (aggregate) {
            return fail_at(start, "'" + joined_type_text(start) + "' is not an integer type");
        }
        if (td != nullptr) {
            unsigned size = td->width == 1 ? 1 : td->width / 8;
            return CType{td->width, td->is_signed, size};
        }
        if (is_bool) {
            return CType{1, false, 1};
        }
        if (is_char) {
            return CType{8, !is_unsigned, 1};
        }
        if (is_short) {
            return CType{16, !is_unsigned, 2};
        }
        if (longs > 0) {
            return CType{64, !is_unsigned, 8};
        }
        return CType{32, !is_unsigned, 4};
    }

    std::string joined_type_text(const Token* start) const {
        size_t from = static_cast<size_t>(start - m_toks.data());
        std::string out;
        for (size_t i = from; i < m_pos && i < m_toks.size(); ++i) {
            if (!out.empty()) {
                out += ' ';
            }
            out += m_toks[i].text;
        }
        return out;
    }

    // The index of the bracket that closes the one at `open`, or m_toks.size().
    size_t matching(size_t open) const {
        int depth = 0;
        for (size_t i = open; i < m_toks.size(); ++i) {
            const Token& t = m_toks[i];
            if (t.kind != TokKind::Punct) {
                continue;
            }
            if (t.text == "(" || t.text == "[" || t.text == "{") {
                ++depth;
            } else if ((t.text == ")" || t.text == "]" || t.text == "}") && --depth == 0) {
                return i;
            }
        }
        return m_toks.size();
    }

    // Whether toks[from, to) is an integer constant expression (evaluated on its own).
    bool is_constant(size_t from, size_t to) const {
        if (to <= from || to > m_toks.size()) {
            return false;
        }
        return Evaluator(m_toks.subspan(from, to - from), m_resolve, nullptr).run().has_value();
    }

    bool punct_at(size_t i, std::string_view p) const {
        return i < m_toks.size() && m_toks[i].kind == TokKind::Punct && m_toks[i].text == p;
    }
    bool word_at(size_t i, std::string_view w) const {
        return i < m_toks.size() && m_toks[i].kind == TokKind::Identifier && m_toks[i].text == w;
    }

    // `sizeof(struct { int:(e); ... })`, BUILD_BUG_ON_ZERO's idiom: a struct of unnamed bit-fields
    // only has size 0 in GCC, and a negative width does not compile. A width that cannot be
    // evaluated here is taken as fine (the kernel builds). m_pos is at `(`.
    std::optional<Result> sizeof_bitfield_struct() {
        size_t p = m_pos;
        if (!(word_at(p + 1, "struct") || word_at(p + 1, "union")) || !punct_at(p + 2, "{")) {
            return std::nullopt;
        }
        size_t close = matching(p + 2);
        if (close >= m_toks.size() || !punct_at(close + 1, ")")) {
            return std::nullopt;
        }
        size_t i = p + 3;
        while (i < close) {
            size_t colon = i;
            while (colon < close && m_toks[colon].kind == TokKind::Identifier &&
                   (is_type_keyword(m_toks[colon].text) || find_typedef(m_toks[colon].text) != nullptr)) {
                ++colon;
            }
            if (colon == i || !punct_at(colon, ":")) {
                return fail_at(&m_toks[colon < close ? colon : i], "only unnamed bit-fields are supported in sizeof(struct { ... })");
            }
            size_t semi = colon + 1;
            while (semi < close && !punct_at(semi, ";")) {
                semi = punct_at(semi, "(") ? matching(semi) + 1 : semi + 1;
            }
            if (semi >= close) {
                return fail_at(&m_toks[colon], "expected ';' after bit-field");
            }
            auto width = Evaluator(m_toks.subspan(colon + 1, semi - colon - 1), m_resolve, nullptr).run();
            if (width && width->is_signed && static_cast<int64_t>(width->bits) < 0 && m_live) {
                return fail_at(&m_toks[colon], "negative width in bit-field");
            }
            i = semi + 1;
        }
        m_pos = close + 2;
        return make_int(0, true, false);
    }

    // `sizeof(*(8 ? ((void *)(e)) : (int *)8))`, __is_constexpr's idiom (include/linux/const.h):
    // when e is an integer constant expression, (void *)(e * 0) is a null pointer constant, the
    // ?: has type int * and the size is sizeof(int); otherwise void * and GCC's sizeof(void), 1.
    // m_pos is at `(`.
    std::optional<Result> sizeof_is_constexpr() {
        size_t p = m_pos;
        if (!punct_at(p + 1, "*") || !punct_at(p + 2, "(") || p + 3 >= m_toks.size() ||
            m_toks[p + 3].kind != TokKind::Number || !punct_at(p + 4, "?") || !punct_at(p + 5, "(") ||
            !punct_at(p + 6, "(") || !word_at(p + 7, "void") || !punct_at(p + 8, "*") || !punct_at(p + 9, ")") ||
            !punct_at(p + 10, "(")) {
            return std::nullopt;
        }
        size_t e_close = matching(p + 10);
        size_t q = e_close + 1;
        if (!punct_at(q, ")") || !punct_at(q + 1, ":") || !punct_at(q + 2, "(") || !word_at(q + 3, "int") ||
            !punct_at(q + 4, "*") || !punct_at(q + 5, ")") || q + 6 >= m_toks.size() ||
            m_toks[q + 6].kind != TokKind::Number || !punct_at(q + 7, ")") || !punct_at(q + 8, ")")) {
            return std::nullopt;
        }
        m_pos = q + 9;
        return make_int(is_constant(p + 11, e_close) ? 4 : 1, true, false);
    }

    // GCC builtins that the kernel's constant macros use. m_pos is at the name.
    std::optional<Result> builtin(const Token& t) {
        if (t.text != "__builtin_choose_expr" && t.text != "__builtin_constant_p") {
            return std::nullopt;
        }
        if (!punct_at(m_pos + 1, "(")) {
            return std::nullopt;
        }
        size_t close = matching(m_pos + 1);
        if (close >= m_toks.size()) {
            return fail_at(&t, "unterminated argument list of " + std::string(t.text));
        }
        if (t.text == "__builtin_constant_p") {
            // 1 for an integer constant expression; GCC may also say 1 for what its optimiser
            // folds, which a table entry cannot depend on.
            bool constant = is_constant(m_pos + 2, close);
            m_pos = close + 1;
            return make_int(constant ? 1 : 0, false, true);
        }
        // __builtin_choose_expr(c, a, b): a or b, unconverted, by the constant c; the other one
        // is not evaluated.
        m_pos += 2;
        auto c = conditional();
        if (!c) {
            return c;
        }
        if (!plain(*c)) {
            return fail_at(&t, "__builtin_choose_expr needs a constant condition");
        }
        if (auto e = expect(","); !e) {
            return std::unexpected(e.error());
        }
        bool saved = m_live;
        m_live = saved && c->bits != 0;
        auto a = conditional();
        m_live = saved;
        if (!a) {
            return a;
        }
        if (auto e = expect(","); !e) {
            return std::unexpected(e.error());
        }
        m_live = saved && c->bits == 0;
        auto b = conditional();
        m_live = saved;
        if (!b) {
            return b;
        }
        if (auto e = expect(")"); !e) {
            return std::unexpected(e.error());
        }
        return c->bits != 0 ? *a : *b;
    }

    Result parse_sizeof() {
        if (at("(")) {
            if (auto r = sizeof_bitfield_struct()) {
                return *r;
            }
            if (auto r = sizeof_is_constexpr()) {
                return *r;
            }
        }
        if (at("(") && starts_type(m_pos + 1)) {
            ++m_pos;
            auto type = parse_type();
            if (!type) {
                return std::unexpected(type.error());
            }
            if (auto e = expect(")"); !e) {
                return std::unexpected(e.error());
            }
            return make_int(type->size, true, false);
        }
        auto v = unary();
        if (!v) {
            return v;
        }
        return make_int(v->wide ? 8 : 4, true, false);
    }

    Result primary() {
        const Token* t = peek();
        switch (t->kind) {
        case TokKind::Number:
            ++m_pos;
            return number(*t);
        case TokKind::Char:
            ++m_pos;
            return make_int(static_cast<uint64_t>(decode_char_literal(t->text)), m_pp, true);
        case TokKind::String:
            return fail("string literal in an integer constant expression");
        case TokKind::Identifier:
            return identifier(*t);
        case TokKind::Punct:
            if (t->text == "(") {
                ++m_pos;
                auto v = comma();
                if (!v) {
                    return v;
                }
                if (auto e = expect(")"); !e) {
                    return std::unexpected(e.error());
                }
                return v;
            }
            [[fallthrough]];
        case TokKind::Other:
            break;
        }
        return fail("expected expression, got '" + std::string(t->text) + "'");
    }

    Result identifier(const Token& t) {
        if (!m_pp) {
            if (auto r = builtin(t)) {
                return *r;
            }
        }
        if (m_atoms != nullptr) {
            if (auto atom = (*m_atoms)(m_toks.subspan(m_pos)); atom && atom->length > 0) {
                size_t len = std::min(atom->length, m_toks.size() - m_pos);
                std::string text = joined_text(m_toks.subspan(m_pos, len));
                m_pos += len;
                Val v = make_sym(atom->cond);
                if (v.sym >= 0) {
                    v.bare = atom->bare_value;
                    m_sym_text[static_cast<size_t>(v.sym)] = std::move(text);
                }
                return v;
            }
        }
        ++m_pos;
        if (m_pp) {
            return make_int(0, true, true);  // C11 6.10.1p4
        }
        if (m_resolve != nullptr && *m_resolve) {
            if (auto v = (*m_resolve)(t.text)) {
                return make_int(static_cast<uint64_t>(*v), false, true);
            }
        }
        if (t.text == "true" || t.text == "false") {
            return make_bool(t.text == "true");
        }
        if (!m_live) {
            return make_int(0, false, true);
        }
        return fail_at(&t, "'" + std::string(t.text) + "' is not a constant");
    }

    Result number(const Token& t) {
        std::string_view s = t.text;
        unsigned base = 10;
        size_t i = 0;
        if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
            base = 16;
            i = 2;
        } else if (s.size() > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
            base = 2;
            i = 2;
        } else if (s[0] == '0') {
            base = 8;
        }
        uint64_t value = 0;
        bool overflow = false;
        size_t digits_start = i;
        for (; i < s.size(); ++i) {
            unsigned char c = static_cast<unsigned char>(s[i]);
            unsigned d = 0;
            if (std::isdigit(c)) {
                d = c - '0';
            } else if (base == 16 && std::isxdigit(c)) {
                d = static_cast<unsigned>(std::tolower(c) - 'a' + 10);
            } else {
                break;
            }
            if (d >= base) {
                return fail_at(&t, "invalid digit in integer constant '" + std::string(s) + "'");
            }
            if (value > (std::numeric_limits<uint64_t>::max() - d) / base) {
                overflow = true;
            }
            value = value * base + d;
        }
        if (i == digits_start && base != 8) {
            return fail_at(&t, "invalid integer constant '" + std::string(s) + "'");
        }
        // Suffix: u/U, l/L/ll/LL in either order.
        std::string_view suffix = s.substr(i);
        bool is_unsigned = false;
        int longs = 0;
        for (size_t k = 0; k < suffix.size(); ++k) {
            char c = suffix[k];
            if ((c == 'u' || c == 'U') && !is_unsigned) {
                is_unsigned = true;
            } else if ((c == 'l' || c == 'L') && longs == 0) {
                longs = 1;
                if (k + 1 < suffix.size() && suffix[k + 1] == c) {
                    longs = 2;
                    ++k;
                }
            } else {
                if (c == '.' || ((c == 'e' || c == 'E') && base == 10) || c == 'p' || c == 'P') {
                    return fail_at(&t, "'" + std::string(s) + "' is not an integer constant");
                }
                return fail_at(&t, "invalid suffix '" + std::string(suffix) + "' on integer constant");
            }
        }
        if (overflow) {
            return fail_at(&t, "integer constant '" + std::string(s) + "' is too large");
        }
        bool fits_int = value <= 0x7FFFFFFF;
        bool fits_uint = value <= 0xFFFFFFFF;
        bool fits_long = value <= 0x7FFFFFFFFFFFFFFF;
        bool decimal = base == 10;
        if (m_pp) {
            // In #if every integer is intmax_t or uintmax_t.
            return make_int(value, true, !is_unsigned && fits_long);
        }
        if (longs == 0) {
            if (is_unsigned) {
                return fits_uint ? make_int(value, false, false) : make_int(value, true, false);
            }
            if (fits_int) {
                return make_int(value, false, true);
            }
            if (!decimal && fits_uint) {
                return make_int(value, false, false);
            }
            // A decimal too large for long becomes unsigned long, as GCC does (with a warning).
            return make_int(value, true, fits_long);
        }
        if (is_unsigned) {
            return make_int(value, true, false);
        }
        return make_int(value, true, fits_long);
    }

    std::span<const Token> m_toks;
    const IdentResolver* m_resolve;
    const AtomMatcher* m_atoms;
    bool m_pp;
    size_t m_pos = 0;
    bool m_live = true;
    std::vector<hw::Cond> m_conds;
    std::vector<std::string> m_sym_text;
    std::string m_unknown;
};

}  // namespace

std::expected<ConstValue, EvalError> eval_const(std::span<const Token> expr, const IdentResolver& resolve) {
    Evaluator ev(expr, &resolve, nullptr);
    auto v = ev.run();
    if (!v) {
        return std::unexpected(v.error());
    }
    return ConstValue{v->bits, v->is_signed};
}

std::expected<IfValue, EvalError> eval_if(std::span<const Token> expr, const AtomMatcher& atoms) {
    Evaluator ev(expr, nullptr, &atoms);
    auto v = ev.run();
    if (!v) {
        return std::unexpected(v.error());
    }
    IfValue out;
    if (v->unknown) {
        out.kind = IfValue::Kind::Unknown;
        out.unknown_reason = ev.unknown_reason();
    } else if (v->sym >= 0) {
        out.kind = IfValue::Kind::Symbolic;
        out.cond = ev.cond_of(*v);
    } else {
        out.kind = IfValue::Kind::Known;
        out.known = v->bits != 0;
    }
    return out;
}

}  // namespace hw::cpp
