#include "match/normalize.h"

namespace hw::match {

std::string normalize_pattern(std::string_view pattern) {
    std::string s(pattern);
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '-') {
            s[i] = '_';
        } else if (s[i] == '[') {
            size_t close = s.find(']', i);
            i = close == std::string::npos ? s.size() : close;
        }
    }
    return s;
}

bool normalize_query(std::string_view query, std::string& out) {
    out.assign(query);
    for (size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '-') {
            out[i] = '_';
        } else if (out[i] == ']') {
            return false;
        } else if (out[i] == '[') {
            size_t close = out.find(']', i);
            if (close == std::string::npos) {
                return false;
            }
            i = close;
        }
    }
    return true;
}

}  // namespace hw::match
