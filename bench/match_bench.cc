// match_bench ALIASES QUERIES [MACHINE_SIZE] [RUNS]: times the matcher (match/alias_index.h).
// ALIASES: "alias PATTERN MODULE" lines (hwneeds aliases --db DB --config CONFIG, restricted to
// modules.order as tests/oracle/kmod/run.py writes it); QUERIES: one modalias per line (run.py
// --write-queries: this machine's device modaliases first, then the synthesised ones).
// "A machine" is the first MACHINE_SIZE (default 300) queries. Prints the index build time,
// µs per modalias (mean, p50, p99) over all queries with a warm index, ms per machine (median
// of RUNS, default 20), and the same for a naive loop that tries every pattern (on a sample).
#include "match/alias_index.h"
#include "match/alias_lines.h"
#include "match/glob.h"
#include "match/normalize.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double us_since(Clock::time_point start) {
    return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty()) {
            out.push_back(line);
        }
    }
    return out;
}

bool slurp(const char* path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return static_cast<bool>(in);
}

struct Naive {
    std::vector<std::pair<std::string, uint32_t>> folded;
    void match(std::string_view q, std::vector<uint32_t>& out) const {
        out.clear();
        thread_local std::string nq;
        if (!hw::match::normalize_query(q, nq)) {
            return;
        }
        for (const auto& [p, m] : folded) {
            if (hw::match::glob_match(p, nq)) {
                out.push_back(m);
            }
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
};

template <typename Matcher>
std::vector<double> per_query_us(const Matcher& m, const std::vector<std::string>& qs, size_t& hits) {
    std::vector<double> t;
    t.reserve(qs.size());
    std::vector<uint32_t> out;
    hits = 0;
    for (const std::string& q : qs) {
        auto start = Clock::now();
        m.match(q, out);
        t.push_back(us_since(start));
        hits += out.size();
    }
    return t;
}

template <typename Matcher>
double machine_ms(const Matcher& m, const std::vector<std::string>& machine, int runs) {
    std::vector<double> t;
    std::vector<uint32_t> out;
    for (int r = 0; r < runs; ++r) {
        auto start = Clock::now();
        for (const std::string& q : machine) {
            m.match(q, out);
        }
        t.push_back(us_since(start) / 1000.0);
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

void report(const char* label, std::vector<double> t, size_t hits) {
    double sum = 0;
    for (double x : t) {
        sum += x;
    }
    std::sort(t.begin(), t.end());
    std::printf("%-34s %6zu queries  mean %8.2f us  p50 %8.2f us  p99 %8.2f us  max %8.2f us  (%zu matches)\n",
                label, t.size(), sum / t.size(), t[t.size() / 2], t[t.size() * 99 / 100], t.back(), hits);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s ALIASES QUERIES [MACHINE_SIZE] [RUNS]\n", argv[0]);
        return 2;
    }
    size_t machine_size = argc > 3 ? std::stoul(argv[3]) : 300;
    int runs = argc > 4 ? std::stoi(argv[4]) : 20;
    std::string aliases_text;
    std::string queries_text;
    if (!slurp(argv[1], aliases_text) || !slurp(argv[2], queries_text)) {
        std::fprintf(stderr, "match_bench: cannot read %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    hw::match::AliasTable table = hw::match::parse_alias_lines(aliases_text);
    std::vector<std::string> queries = lines_of(queries_text);
    std::vector<std::string> machine(queries.begin(), queries.begin() + std::min(machine_size, queries.size()));

    auto start = Clock::now();
    hw::match::AliasIndex index = hw::match::AliasIndex::build(table.patterns);
    double build_ms = us_since(start) / 1000.0;
    auto s = index.stats();
    std::printf("index: %zu patterns, %zu modules, built in %.1f ms, %.1f MiB; %zu prefix buckets, %zu prefix "
                "lengths, %zu buckets split by key (%zu patterns keyed), largest always-tried list %zu\n",
                s.patterns, table.modules.size(), build_ms, s.bytes / 1048576.0, s.buckets, s.prefix_lengths,
                s.keyed_buckets, s.keyed_patterns, s.largest_always);

    Naive naive;
    for (const auto& [p, m] : table.patterns) {
        naive.folded.emplace_back(hw::match::normalize_pattern(p), m);
    }

    size_t hits = 0;
    per_query_us(index, queries, hits);  // warm
    std::vector<double> t = per_query_us(index, queries, hits);
    report("index, all queries", t, hits);
    size_t slowest = std::max_element(t.begin(), t.end()) - t.begin();
    std::printf("slowest: %.2f us for %.80s%s\n", t[slowest], queries[slowest].c_str(),
                queries[slowest].size() > 80 ? "..." : "");
    std::vector<double> tm = per_query_us(index, machine, hits);
    report("index, machine", tm, hits);
    double index_machine = machine_ms(index, machine, runs);
    std::printf("index: %.3f ms per machine of %zu modaliases (median of %d)\n", index_machine, machine.size(), runs);

    std::vector<std::string> sample;
    for (size_t i = 0; i < queries.size(); i += std::max<size_t>(1, queries.size() / 1000)) {
        sample.push_back(queries[i]);
    }
    std::vector<double> tn = per_query_us(naive, sample, hits);
    report("naive loop, sample", tn, hits);
    std::vector<double> ti = per_query_us(index, sample, hits);
    report("index, same sample", ti, hits);
    double naive_machine = machine_ms(naive, machine, 3);
    std::printf("naive: %.3f ms per machine; index is %.0fx faster per machine\n", naive_machine,
                naive_machine / index_machine);
    return 0;
}
