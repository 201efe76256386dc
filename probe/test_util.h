// Helpers for this directory's tests (internal).
#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "probe/device.h"

namespace hw::probe::testing {

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string test_data(const std::string& rel) {
    return std::string(HW_TEST_DATA) + "/" + rel;
}

// Non-empty lines, sorted.
inline std::vector<std::string> sorted_lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline std::vector<std::string> sorted_modaliases(const Probe& p, std::string_view prefix = "") {
    std::vector<std::string> out;
    for (const auto& d : p.devices) {
        if (d.modalias.starts_with(prefix)) {
            out.push_back(d.modalias);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline std::vector<std::string> formatted(const hw::Diagnostics& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) {
        out.push_back(d.format());
    }
    return out;
}

inline const Device* find_slot(const Probe& p, std::string_view slot) {
    for (const auto& d : p.devices) {
        if (d.slot == slot) {
            return &d;
        }
    }
    return nullptr;
}

}  // namespace hw::probe::testing
