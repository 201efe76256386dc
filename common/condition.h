// A boolean formula over Kconfig symbol states: the "when" attached to every fact the indexer
// records (a Kbuild path guard, an `#if IS_ENABLED(CONFIG_X)` around a table entry, ...).
//
// Atoms (symbol names are written without the CONFIG_ prefix):
//   X      X is enabled: y or m      (obj-$(CONFIG_X), IS_ENABLED(CONFIG_X))
//   X=y    X is built in             (defined(CONFIG_X), IS_BUILTIN(CONFIG_X), #if CONFIG_X)
//   X=m    X is a module             (IS_MODULE(CONFIG_X), defined(CONFIG_X_MODULE))
//   MODULE the compilation unit is built as a module (-DMODULE)
// Connectives: !, &&, || and parentheses; `1` is true, `0` is false.
//
// The text form is canonical (to_string(parse(s)) is stable), so conditions are interned and
// stored by their text. Builders fold constants: and_(1, x) == x, or_(x, 1) == 1, not_(not_(x)) == x.
#pragma once

#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hw {

class Cond {
public:
    enum class Kind { True, False, Enabled, Builtin, Module, InModule, Not, And, Or };

    Cond();  // true
    static Cond truth();
    static Cond falsity();
    static Cond enabled(std::string_view symbol);   // X
    static Cond builtin(std::string_view symbol);   // X=y
    static Cond module(std::string_view symbol);    // X=m
    static Cond in_module();                        // MODULE

    Kind kind() const;
    bool is_true() const { return kind() == Kind::True; }
    bool is_false() const { return kind() == Kind::False; }
    const std::string& symbol() const;              // for atoms
    const std::vector<Cond>& children() const;      // for Not (1), And/Or (>=2)

    std::string to_string() const;
    bool operator==(const Cond& other) const { return to_string() == other.to_string(); }

    // Symbol state lookup for evaluation: 'y', 'm' or 'n' (unknown symbols should answer 'n').
    using Lookup = std::function<char(std::string_view symbol)>;
    // `unit_is_module` answers the MODULE atom.
    bool evaluate(const Lookup& lookup, bool unit_is_module) const;

    // Every symbol the formula mentions, sorted, without duplicates.
    std::vector<std::string> symbols() const;

private:
    struct Node;
    explicit Cond(std::shared_ptr<const Node> node);
    std::shared_ptr<const Node> m_node;
    friend Cond and_(const Cond&, const Cond&);
    friend Cond or_(const Cond&, const Cond&);
    friend Cond not_(const Cond&);
    friend struct CondFactory;
};

Cond and_(const Cond& a, const Cond& b);
Cond or_(const Cond& a, const Cond& b);
Cond not_(const Cond& a);

struct CondParseError {
    size_t offset;
    std::string message;
};
std::expected<Cond, CondParseError> parse_cond(std::string_view text);

}  // namespace hw
