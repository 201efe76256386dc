// Developer tool (not built by default): times the global macro scan and the preprocessing of
// units on a real tree.
//   cpp_bench TREE THREADS UNITS-FILE      preprocess every path listed (one per line)
//   cpp_bench TREE THREADS --dump PATH     print one unit's output, one line per condition change
#include "common/parallel.h"
#include "common/source_tree.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/preprocessor.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string module_of(const std::string& path) {
    std::string base = path.substr(path.rfind('/') + 1);
    base = base.substr(0, base.rfind('.'));
    for (char& c : base) {
        if (c == '-') {
            c = '_';
        }
    }
    return base;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: cpp_bench TREE THREADS (UNITS-FILE | --dump PATH)\n");
        return 2;
    }
    hw::SourceTree tree(argv[1]);
    unsigned threads = static_cast<unsigned>(std::stoul(argv[2]));
    auto t0 = std::chrono::steady_clock::now();
    hw::Diagnostics diags;
    auto g = hw::cpp::build_global_macros(tree, "x86", threads, diags);
    std::fprintf(stderr, "globals: %zu macros (%zu candidates) from %zu headers in %.3f s, %zu diagnostics\n",
                 g.size(), g.candidates(), g.file_count(), since(t0), diags.size());
    hw::cpp::Preprocessor pp(g, tree);
    if (std::string(argv[3]) == "--dump" && argc > 4) {
        hw::cpp::PreprocessOptions o{argv[4], module_of(argv[4]), {}};
        auto tu = pp.run(o);
        uint32_t cond = ~0u;
        uint32_t line = 0;
        for (const auto& t : tu.tokens) {
            if (t.cond != cond || t.line != line) {
                std::printf("\n[%s] %s:%u: ", tu.conds[t.cond].to_string().c_str(), tu.files[t.file].c_str(), t.line);
                cond = t.cond;
                line = t.line;
            }
            std::printf("%.*s ", static_cast<int>(t.text.size()), t.text.data());
        }
        std::printf("\n");
        for (const auto& d : tu.diagnostics) {
            std::fprintf(stderr, "%s\n", d.format().c_str());
        }
        return 0;
    }
    std::vector<std::string> units;
    std::ifstream in(argv[3]);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            units.push_back(line);
        }
    }
    std::vector<hw::Diagnostics> unit_diags(units.size());
    std::atomic<size_t> tokens{0};
    auto t1 = std::chrono::steady_clock::now();
    hw::parallel_for(units.size(), threads, [&](size_t i) {
        hw::cpp::PreprocessOptions o{units[i], module_of(units[i]), {}};
        auto u0 = std::chrono::steady_clock::now();
        auto tu = pp.run(o);
        double dt = since(u0);
        if (dt > 0.05) {
            std::fprintf(stderr, "slow: %s %.3f s, %zu tokens, %zu files\n", units[i].c_str(), dt, tu.tokens.size(), tu.files.size());
        }
        tokens += tu.tokens.size();
        size_t mdt = 0;
        for (size_t k = 0; k + 1 < tu.tokens.size(); ++k) {
            if (tu.tokens[k].text == "MODULE_DEVICE_TABLE" && tu.tokens[k + 1].text == "(") {
                ++mdt;
            }
        }
        if (getenv("CPP_BENCH_MDT") != nullptr) {
            std::fprintf(stderr, "mdt %s %zu\n", units[i].c_str(), mdt);
        }
        unit_diags[i] = std::move(tu.diagnostics);
    });
    size_t n = 0;
    for (const auto& d : unit_diags) {
        for (const auto& x : d) {
            std::printf("%s\n", x.format().c_str());
            ++n;
        }
    }
    std::fprintf(stderr, "units: %zu in %.3f s (%u threads), %zu output tokens, %zu diagnostics, %zu MB read\n",
                 units.size(), since(t1), threads, tokens.load(), n, tree.bytes_read() >> 20);
    return 0;
}
