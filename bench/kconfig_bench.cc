// kconfig_bench KSRC [DEBIAN_CONFIG] [RUNS]: times the Kconfig engine on a real tree (x86_64):
// parse with toolchain probes, parse again with the probes cached, model serialize/deserialize
// and size, then olddefconfig of tinyconfig's output and of a distribution config, each
// evaluated from the deserialized model. Times are medians of RUNS (default 5) runs.
#include "kconfig/allnoconfig_walk.h"
#include "kconfig/evaluator.h"
#include "kconfig/model_io.h"
#include "kconfig/parser.h"
#include "kconfig/toolchain.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

using namespace hw::kconfig;

namespace {

double median_ms(int runs, const std::function<void()>& f) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

std::vector<ConfigLine> lines_of(const hw::SourceTree& tree, const std::string& path) {
    auto text = tree.read(path);
    return text ? read_config_lines(*text) : std::vector<ConfigLine>{};
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: kconfig_bench KSRC [DEBIAN_CONFIG] [RUNS]\n");
        return 2;
    }
    hw::SourceTree tree(argv[1]);
    int runs = argc > 3 ? std::max(1, std::atoi(argv[3])) : 5;
    auto env = kconfig_environment(tree, "x86_64", "x86", {}, "");
    if (!env) {
        std::fprintf(stderr, "kconfig_bench: %s\n", env.error().c_str());
        return 1;
    }
    RealShellRunner shell(*env, tree.root().string());
    std::expected<Model, hw::Diagnostics> model;
    double cold = median_ms(1, [&] { model = parse_tree(tree, "x86", *env, shell); });
    if (!model) {
        std::fprintf(stderr, "kconfig_bench: parse failed: %s\n",
                     model.error().empty() ? "?" : model.error().front().format().c_str());
        return 1;
    }
    double warm = median_ms(runs, [&] { model = parse_tree(tree, "x86", *env, shell); });
    std::printf("parse, probes run:     %8.1f ms (%zu probes)\n", cold, shell.probes().size());
    std::printf("parse, probes cached:  %8.1f ms (%zu symbols, %zu files)\n", warm, model->symbols.size(),
                model->files.size());

    std::string bytes;
    double ser = median_ms(runs, [&] { bytes = serialize_model(*model); });
    std::expected<Model, std::string> loaded;
    double de = median_ms(runs, [&] { loaded = deserialize_model(bytes); });
    if (!loaded) {
        std::fprintf(stderr, "kconfig_bench: %s\n", loaded.error().c_str());
        return 1;
    }
    std::printf("serialize:             %8.1f ms (%zu bytes)\n", ser, bytes.size());
    std::printf("deserialize:           %8.1f ms\n", de);

    Config tiny = tinyconfig(*loaded, lines_of(tree, "kernel/configs/tiny-base.config"),
                             {lines_of(tree, "kernel/configs/tiny.config"), lines_of(tree, "arch/x86/configs/tiny.config")});
    std::vector<ConfigLine> tiny_lines = read_config_lines(write_dotconfig(*loaded, tiny));
    double old_tiny = median_ms(runs, [&] { (void)olddefconfig(*loaded, tiny_lines); });
    std::printf("olddefconfig(tiny):    %8.1f ms\n", old_tiny);
    int passes = 0;
    double walk = median_ms(runs, [&] { (void)allnoconfig_walk(*loaded, &passes); });
    double allno = median_ms(runs, [&] { (void)allnoconfig(*loaded, nullptr); });
    std::printf("allnoconfig:           %8.1f ms (walk: %.1f ms, %d passes)\n", allno, walk, passes);
    if (argc > 2) {
        auto text = hw::read_file(argv[2]);
        if (!text) {
            std::fprintf(stderr, "kconfig_bench: %s: %s\n", argv[2], text.error().message.c_str());
            return 1;
        }
        std::vector<ConfigLine> deb = read_config_lines(*text);
        double old_deb = median_ms(runs, [&] { (void)olddefconfig(*loaded, deb); });
        double load_old = median_ms(runs, [&] {
            auto m = deserialize_model(bytes);
            (void)olddefconfig(*m, deb);
        });
        std::printf("olddefconfig(config):  %8.1f ms (with deserialize: %.1f ms)\n", old_deb, load_old);
    }
    return 0;
}
