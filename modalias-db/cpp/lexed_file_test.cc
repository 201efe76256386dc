#include "modalias-db/cpp/lexed_file.h"

#include <doctest/doctest.h>

using namespace hw::cpp;

namespace {

std::shared_ptr<const LexedFile> lexed(std::string text) {
    return lex_file(std::make_shared<const std::string>(std::move(text)), "drivers/x/x.h");
}

}  // namespace

TEST_CASE("cpp::lex_file: tokens, and every #define parsed once") {
    auto f = lexed("#define A 1\n"
                   "int a; /* # define NOT_A_DIRECTIVE */\n"
                   "  #  define F(x, y) x + \\\n y\n"
                   "#ifdef A\n"
                   "#define 3\n"
                   "#endif\n");
    SUBCASE("tokens say file 0; a splice puts the text in the file's arena") {
        REQUIRE(f->tokens.size() == 26);
        for (const Token& t : f->tokens) {
            CHECK(t.file == 0);
        }
        CHECK(f->tokens[4].text == "int");
        CHECK(f->tokens[4].line == 2);
        CHECK(f->arena->bytes() > 0);
        CHECK(f->diagnostics.empty());
    }
    SUBCASE("the #define lines, by the index of their '#'") {
        REQUIRE(f->defines.size() == 3);
        CHECK(f->defines[0].at == 0);
        CHECK(f->defines[1].at == 7);
        CHECK(f->defines[2].at == 21);
        const LexedFile::Define* a = f->define_at(0);
        REQUIRE(a != nullptr);
        REQUIRE(a->def.has_value());
        CHECK(a->def->name == "A");
        CHECK(a->hash == hash_name("A"));
        CHECK(a->def->line == 1);
        const LexedFile::Define* fn = f->define_at(7);
        REQUIRE(fn != nullptr);
        REQUIRE(fn->def.has_value());
        CHECK(fn->def->name == "F");
        CHECK(fn->def->function_like);
        CHECK(fn->def->params == std::vector<std::string_view>{"x", "y"});
        CHECK(fn->def->body.size() == 3);  // x + y, across the line splice
        CHECK(fn->def->line == 3);
        CHECK(f->define_at(4) == nullptr);   // `int`
        CHECK(f->define_at(18) == nullptr);  // `#ifdef A`
    }
    SUBCASE("a malformed #define is kept as its error, pointing at the offending token") {
        const LexedFile::Define* bad = f->define_at(21);
        REQUIRE(bad != nullptr);
        REQUIRE(!bad->def.has_value());
        CHECK(bad->def.error().message == "macro names must be identifiers");
        REQUIRE(bad->def.error().at != nullptr);
        CHECK(bad->def.error().at->text == "3");
        CHECK(bad->def.error().at->line == 6);
        CHECK(bad->def.error().at->col == 9);
    }
}

TEST_CASE("cpp::lex_file: lexer diagnostics carry the path") {
    auto f = lexed("int a;\n/* open");
    REQUIRE(f->tokens.size() == 3);
    CHECK(f->tokens[0].text.data() == f->buffer->data());  // no splice: views into the buffer
    REQUIRE(f->diagnostics.size() == 1);
    CHECK(f->diagnostics[0].format() == "drivers/x/x.h:2:1: error: unterminated comment");
}
