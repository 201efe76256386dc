#include "cli/args.h"

#include <doctest/doctest.h>

#include <array>

using namespace hw::cli;

namespace {
constexpr std::array kSpecs{
    OptionSpec{"db", "FILE", "the index"},
    OptionSpec{"stats", "", "print stats"},
};
std::expected<Args, std::string> parse(std::initializer_list<std::string_view> argv) {
    std::vector<std::string_view> v(argv);
    return parse_args(v, kSpecs);
}
}  // namespace

TEST_CASE("cli::parse_args: values, flags, positionals and errors") {
    auto a = parse({"--db", "x.db", "--stats", "pos", "--", "--db"});
    REQUIRE(a.has_value());
    CHECK(a->get("db") == "x.db");
    CHECK(a->has("stats"));
    CHECK(a->positionals == std::vector<std::string>{"pos", "--db"});
    CHECK(parse({"--db=y.db"})->get("db") == "y.db");
    CHECK(parse({"--nope"}).error() == "unknown option '--nope'");
    CHECK(parse({"-x"}).error() == "unknown option '-x'");
    CHECK(parse({"--db"}).error() == "option '--db' needs a value (FILE)");
    CHECK(parse({"--stats=1"}).error() == "option '--stats' takes no value");
}

TEST_CASE("cli::format_options: aligned help") {
    CHECK(format_options(kSpecs) == "  --db FILE   the index\n  --stats     print stats\n");
}
