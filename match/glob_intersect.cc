#include "match/glob_intersect.h"

#include <bitset>
#include <span>
#include <vector>

namespace hw::match {

namespace {

// One element of a pattern: '*' or a set of bytes (a literal is a set of one).
struct Elem {
    bool star = false;
    std::bitset<256> set;
};

// Parses a pattern; false when it uses something this check does not model ([:class:]).
bool parse(std::string_view p, std::vector<Elem>& out) {
    for (size_t i = 0; i < p.size();) {
        Elem e;
        unsigned char c = static_cast<unsigned char>(p[i]);
        if (c == '*') {
            e.star = true;
            ++i;
        } else if (c == '?') {
            e.set.set();
            ++i;
        } else if (c == '\\' && i + 1 < p.size()) {
            e.set.set(static_cast<unsigned char>(p[i + 1]));
            i += 2;
        } else if (c == '[') {
            size_t j = i + 1;
            bool negate = j < p.size() && (p[j] == '!' || p[j] == '^');
            j += negate ? 1 : 0;
            std::bitset<256> set;
            bool first = true;
            bool closed = false;
            while (j < p.size()) {
                unsigned char x = static_cast<unsigned char>(p[j]);
                if (x == ']' && !first) {
                    closed = true;
                    break;
                }
                if (x == '[' && j + 1 < p.size() && p[j + 1] == ':') {
                    return false;
                }
                if (x == '\\' && j + 1 < p.size()) {
                    x = static_cast<unsigned char>(p[++j]);
                }
                if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
                    unsigned char hi = static_cast<unsigned char>(p[j + 2]);
                    for (unsigned v = x; v <= hi; ++v) {
                        set.set(v);
                    }
                    j += 3;
                } else {
                    set.set(x);
                    ++j;
                }
                first = false;
            }
            if (!closed) {
                e.set.set('[');  // an unterminated '[' is an ordinary character
                ++i;
            } else {
                e.set = negate ? ~set : set;
                i = j + 1;
            }
        } else {
            e.set.set(c);
            ++i;
        }
        out.push_back(e);
    }
    return true;
}

}  // namespace

bool glob_intersects(std::string_view a, std::string_view b) {
    std::vector<Elem> pa;
    std::vector<Elem> pb;
    if (!parse(a, pa) || !parse(b, pb)) {
        return true;
    }
    const size_t n = pa.size();
    const size_t m = pb.size();
    // Reachability over pairs of positions: (i, j) means a[0..i) and b[0..j) can match one string.
    std::vector<char> seen((n + 1) * (m + 1), 0);
    std::vector<std::pair<size_t, size_t>> stack{{0, 0}};
    auto push = [&](size_t i, size_t j) {
        char& s = seen[i * (m + 1) + j];
        if (!s) {
            s = 1;
            stack.emplace_back(i, j);
        }
    };
    seen[0] = 1;
    while (!stack.empty()) {
        auto [i, j] = stack.back();
        stack.pop_back();
        if (i == n && j == m) {
            return true;
        }
        bool a_star = i < n && pa[i].star;
        bool b_star = j < m && pb[j].star;
        if (a_star) {
            push(i + 1, j);           // the star stops here
            if (j < m) {
                push(i, j + 1);       // the star takes b's next element (a byte, or b's star)
            }
        }
        if (b_star) {
            push(i, j + 1);
            if (i < n) {
                push(i + 1, j);
            }
        }
        if (!a_star && !b_star && i < n && j < m && (pa[i].set & pb[j].set).any()) {
            push(i + 1, j + 1);
        }
    }
    return false;
}

std::string device_pattern(std::string_view modalias) {
    struct Field {
        std::string_view key;
        int width;
    };
    static const Field kPci[] = {{"v", 8}, {"d", 8}, {"sv", 8}, {"sd", 8}, {"bc", 2}, {"sc", 2}, {"i", 2}};
    static const Field kUsb[] = {{"v", 4},  {"p", 4},   {"d", 4},  {"dc", 2},  {"dsc", 2},
                                 {"dp", 2}, {"ic", 2}, {"isc", 2}, {"ip", 2}, {"in", 2}};
    std::span<const Field> fields;
    std::string_view rest;
    std::string out;
    if (modalias.starts_with("pci:")) {
        fields = kPci;
    } else if (modalias.starts_with("usb:")) {
        fields = kUsb;
    } else {
        return std::string(modalias);
    }
    out = std::string(modalias.substr(0, 4));
    rest = modalias.substr(4);
    for (const Field& f : fields) {
        if (!rest.starts_with(f.key)) {
            return std::string(modalias);  // not the layout we know: leave it alone
        }
        out += f.key;
        rest.remove_prefix(f.key.size());
        if (rest.starts_with("*")) {
            for (int k = 0; k < f.width; ++k) {
                out += "[0-9A-F]";
            }
            rest.remove_prefix(1);
        } else {
            if (rest.size() < static_cast<size_t>(f.width)) {
                return std::string(modalias);
            }
            out += rest.substr(0, static_cast<size_t>(f.width));
            rest.remove_prefix(static_cast<size_t>(f.width));
        }
    }
    out += rest;
    return out;
}

}  // namespace hw::match
