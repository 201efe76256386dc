#include "modalias-db/cpp/lexer.h"

#include <doctest/doctest.h>

using namespace hw::cpp;

namespace {

std::vector<std::string> texts(const Tokens& toks) {
    std::vector<std::string> out;
    for (const Token& t : toks) {
        out.emplace_back(t.text);
    }
    return out;
}

}  // namespace

TEST_CASE("cpp::lex: tokens, comments and line starts") {
    TokenArena arena;
    auto r = lex("#define A(x) x##1 /* c */\nint a = 0x1FUL; // tail\n  b->c...", 0, "f.c", arena);
    CHECK(r.diagnostics.empty());
    CHECK(texts(r.tokens) == std::vector<std::string>{"#", "define", "A", "(", "x", ")", "x", "##", "1",
                                                      "int", "a", "=", "0x1FUL", ";", "b", "->", "c", "..."});
    CHECK(r.tokens[0].at_line_start);
    CHECK_FALSE(r.tokens[1].at_line_start);
    CHECK(r.tokens[9].at_line_start);
    CHECK(r.tokens[9].line == 2);
    CHECK(r.tokens[14].line == 3);
    CHECK(r.tokens[14].col == 3);
    CHECK(r.tokens[14].at_line_start);
    CHECK(r.tokens[3].space_before == false);  // A( : function-like
    CHECK(r.tokens[12].kind == TokKind::Number);
}

TEST_CASE("cpp::lex: backslash-newline splices keep one logical line") {
    TokenArena arena;
    auto r = lex("#define X \\\n  1 + \\\n  2\nnext", 0, "f.c", arena);
    REQUIRE(texts(r.tokens) == std::vector<std::string>{"#", "define", "X", "1", "+", "2", "next"});
    CHECK_FALSE(r.tokens[3].at_line_start);
    CHECK(r.tokens[3].line == 2);
    CHECK(r.tokens[3].col == 3);
    CHECK(r.tokens[5].line == 3);
    CHECK(r.tokens[6].at_line_start);
    CHECK(r.tokens[6].line == 4);
    // A splice inside an identifier joins it.
    auto j = lex("FO\\\nO", 0, "f.c", arena);
    REQUIRE(j.tokens.size() == 1);
    CHECK(j.tokens[0].text == "FOO");
}

TEST_CASE("cpp::lex: literals and prefixes") {
    TokenArena arena;
    auto r = lex(R"(L"wide" u8"x" 'a' '\'' "a\"b" Lx)", 0, "f.c", arena);
    REQUIRE(r.tokens.size() == 6);
    CHECK(r.tokens[0].kind == TokKind::String);
    CHECK(r.tokens[0].text == "L\"wide\"");
    CHECK(r.tokens[1].text == "u8\"x\"");
    CHECK(r.tokens[2].kind == TokKind::Char);
    CHECK(r.tokens[3].text == "'\\''");
    CHECK(r.tokens[4].text == "\"a\\\"b\"");
    CHECK(r.tokens[5].kind == TokKind::Identifier);
    CHECK(decode_string_literal("\"a\\\"b\\x41\\101\\n\"") == "a\"bAA\n");
    CHECK(decode_char_literal("'A'") == 65);
    CHECK(decode_char_literal("'\\xff'") == -1);
}

TEST_CASE("cpp::lex: errors read like a compiler's and lexing goes on") {
    TokenArena arena;
    auto r = lex("a \"open\nb /* never closed", 0, "drivers/x.c", arena);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].format() == "drivers/x.c:1:3: error: missing terminating '\"' character");
    CHECK(r.diagnostics[1].format() == "drivers/x.c:2:3: error: unterminated comment");
    CHECK(texts(r.tokens) == std::vector<std::string>{"a", "\"open", "b"});
}
