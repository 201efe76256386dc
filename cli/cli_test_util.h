// Helpers of the CLI's end-to-end tests: run the real command handlers with captured streams.
#pragma once

#include "cli/command.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace hw::cli::testing {

struct Run {
    int rc;
    std::string out, err;
};

inline Run hwneeds(std::vector<std::string> args) {
    std::ostringstream out, err;
    Io io{out, err, false};
    std::vector<std::string_view> views(args.begin(), args.end());
    int rc = run(views, io);
    return {rc, out.str(), err.str()};
}

inline std::filesystem::path temp_dir() {
    char tmpl[] = "/tmp/hwneeds-cli-test-XXXXXX";
    return std::filesystem::path(::mkdtemp(tmpl));
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline const std::string kMini = HW_TEST_DATA "/kernel/mini";
inline const std::string kMiniExpected = HW_TEST_DATA "/kernel/mini.expected";

}  // namespace hw::cli::testing
