// match_driver [--naive] ALIASES QUERIES: the matcher under test for the kmod conformance oracle.
// ALIASES holds "alias PATTERN MODULE" lines, QUERIES one modalias per line. Prints one line per
// query: QUERY<TAB>MODULE,MODULE,... (names sorted; nothing after the tab when no module
// matches). --naive tries every pattern with glob_match instead of using the index.
#include "match/alias_index.h"
#include "match/alias_lines.h"
#include "match/glob.h"
#include "match/normalize.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

bool read_file(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    bool naive = argc > 1 && std::string(argv[1]) == "--naive";
    if (argc != 3 + (naive ? 1 : 0)) {
        std::fprintf(stderr, "usage: %s [--naive] ALIASES QUERIES\n", argv[0]);
        return 2;
    }
    std::string aliases;
    std::string queries;
    if (!read_file(argv[argc - 2], aliases) || !read_file(argv[argc - 1], queries)) {
        std::fprintf(stderr, "match_driver: cannot read %s or %s\n", argv[argc - 2], argv[argc - 1]);
        return 1;
    }
    hw::match::AliasTable table = hw::match::parse_alias_lines(aliases);
    hw::match::AliasIndex index = hw::match::AliasIndex::build(table.patterns);
    std::vector<std::string> folded;
    for (const auto& [p, m] : table.patterns) {
        folded.push_back(hw::match::normalize_pattern(p));
    }

    std::istringstream lines(queries);
    std::string query;
    std::string q;
    std::vector<uint32_t> ids;
    std::string out;
    while (std::getline(lines, query)) {
        if (naive) {
            ids.clear();
            if (hw::match::normalize_query(query, q)) {
                for (size_t k = 0; k < folded.size(); ++k) {
                    if (hw::match::glob_match(folded[k], q)) {
                        ids.push_back(table.patterns[k].second);
                    }
                }
            }
        } else {
            index.match(query, ids);
        }
        std::vector<std::string> names;
        for (uint32_t id : ids) {
            names.push_back(table.modules[id]);
        }
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        out += query;
        out += '\t';
        for (size_t i = 0; i < names.size(); ++i) {
            out += i == 0 ? "" : ",";
            out += names[i];
        }
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}
