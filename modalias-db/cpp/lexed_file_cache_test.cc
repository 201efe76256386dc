#include "modalias-db/cpp/lexed_file_cache.h"

#include <doctest/doctest.h>

using namespace hw::cpp;

namespace {

std::shared_ptr<const LexedFile> lexed(std::string text) {
    return lex_file(std::make_shared<const std::string>(std::move(text)), "x.h");
}

}  // namespace

TEST_CASE("cpp::LexedFileCache: least recently used files go first") {
    auto a = lexed("int a;");
    auto b = lexed("int b;");
    auto c = lexed("int c;");
    size_t each = a->bytes();
    REQUIRE(b->bytes() == each);
    REQUIRE(c->bytes() == each);
    SUBCASE("hits and misses") {
        LexedFileCache big(64 * each);
        CHECK(big.find("a.h") == nullptr);
        big.insert("a.h", a);
        CHECK(big.find("a.h") == a);
        CHECK(big.find("b.h") == nullptr);
        CHECK(big.size() == 1);
        CHECK(big.bytes() == each);
        big.insert("a.h", b);  // replaces
        CHECK(big.find("a.h") == b);
        CHECK(big.size() == 1);
        CHECK(big.bytes() == each);
    }
    SUBCASE("eviction in order of last use") {
        LexedFileCache small(4 * each + each / 2);  // four fit; a file is kept if <= budget/4
        auto d = lexed("int d;");
        auto e = lexed("int e;");
        small.insert("a.h", a);
        small.insert("b.h", b);
        small.insert("c.h", c);
        small.insert("d.h", d);
        CHECK(small.find("a.h") == a);  // now b.h is the least recently used
        small.insert("e.h", e);
        CHECK(small.size() == 4);
        CHECK(small.find("b.h") == nullptr);
        CHECK(small.find("a.h") == a);
        CHECK(small.find("c.h") == c);
        CHECK(small.find("d.h") == d);
        CHECK(small.find("e.h") == e);
        CHECK(small.bytes() == 4 * each);
    }
    SUBCASE("a file over a quarter of the budget is not kept; a dropped file lives on with its holders") {
        LexedFileCache tiny(4 * each - 1);
        tiny.insert("a.h", a);
        CHECK(tiny.find("a.h") == nullptr);
        CHECK(tiny.size() == 0);
        CHECK(tiny.bytes() == 0);
        CHECK(a->tokens.size() == 3);
    }
}
