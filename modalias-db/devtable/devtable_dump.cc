// Developer tool (not built by default): preprocesses units of a real tree and prints what
// extraction finds, for checking against a built kernel's modules.alias.
//   devtable_dump TREE THREADS UNITS-FILE   one path per line; prints "alias PATTERN UNIT"
//                                           and "modinfo TAG VALUE UNIT"; diagnostics on stderr
#include "common/parallel.h"
#include "common/source_tree.h"
#include "modalias-db/cpp/macro_table.h"
#include "modalias-db/cpp/preprocessor.h"
#include "modalias-db/devtable/extract.h"

#include <chrono>
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
        std::fprintf(stderr, "usage: devtable_dump TREE THREADS UNITS-FILE\n");
        return 2;
    }
    hw::SourceTree tree(argv[1]);
    unsigned threads = static_cast<unsigned>(std::stoul(argv[2]));
    auto t0 = std::chrono::steady_clock::now();
    hw::Diagnostics diags;
    auto g = hw::cpp::build_global_macros(tree, "x86", threads, diags);
    auto header = tree.read("include/linux/mod_devicetable.h");
    if (!header) {
        std::fprintf(stderr, "no mod_devicetable.h\n");
        return 1;
    }
    auto layouts = hw::devtable::parse_layouts(*header, "include/linux/mod_devicetable.h", diags);
    auto t_enums = std::chrono::steady_clock::now();
    auto enums = hw::devtable::GlobalEnums::build(tree, g, threads);
    std::fprintf(stderr, "setup %.3f s (global enums: %zu in %.3f s)\n", since(t0), enums.size(), since(t_enums));
    hw::cpp::Preprocessor pp(g, tree);
    std::vector<std::string> units;
    std::ifstream in(argv[3]);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            units.push_back(line);
        }
    }
    std::vector<hw::devtable::Extracted> results(units.size());
    std::vector<double> pp_time(units.size());
    std::vector<double> ex_time(units.size());
    auto t1 = std::chrono::steady_clock::now();
    hw::parallel_for(units.size(), threads, [&](size_t i) {
        hw::cpp::PreprocessOptions o{units[i], module_of(units[i]), {}};
        auto u0 = std::chrono::steady_clock::now();
        auto tu = pp.run(o);
        auto u1 = std::chrono::steady_clock::now();
        results[i] = hw::devtable::extract(tu, layouts, &enums);
        pp_time[i] = std::chrono::duration<double>(u1 - u0).count();
        ex_time[i] = since(u1);
    });
    double wall = since(t1);
    double pp_sum = 0;
    double ex_sum = 0;
    size_t aliases = 0;
    size_t errors = 0;
    size_t warnings = 0;
    for (size_t i = 0; i < units.size(); ++i) {
        pp_sum += pp_time[i];
        ex_sum += ex_time[i];
        for (const auto& a : results[i].aliases) {
            std::printf("alias %s %s %s:%d %s %s\n", a.pattern.c_str(), module_of(units[i]).c_str(), a.path.c_str(),
                        a.line, a.type.c_str(), a.cond.to_string().c_str());
            ++aliases;
        }
        for (const auto& m : results[i].modinfo) {
            std::printf("modinfo %s %s %s\n", m.tag.c_str(), m.value.c_str(), module_of(units[i]).c_str());
        }
        for (const auto& d : results[i].diagnostics) {
            std::fprintf(stderr, "%s\n", d.format().c_str());
            (d.severity == hw::Severity::Error ? errors : warnings) += 1;
        }
    }
    std::fprintf(stderr, "%zu units, %zu aliases, %zu errors, %zu warnings; wall %.3f s, cpu pp %.3f s, extract %.3f s\n",
                 units.size(), aliases, errors, warnings, wall, pp_sum, ex_sum);
    return 0;
}
