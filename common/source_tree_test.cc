#include "common/source_tree.h"

#include <doctest/doctest.h>

TEST_CASE("source_tree: path helpers") {
    CHECK(hw::normalize_path("a/b/../c/./d") == "a/c/d");
    CHECK(hw::normalize_path("../x/y") == "../x/y");
    CHECK(hw::normalize_path("a//b/") == "a/b");
    CHECK(hw::dirname("drivers/net/foo.c") == "drivers/net");
    CHECK(hw::dirname("foo.c") == "");
    CHECK(hw::join_path("drivers/usb/storage", "../core/hub.h") == "drivers/usb/core/hub.h");
    CHECK(hw::join_path("", "Makefile") == "Makefile");
}

TEST_CASE("source_tree: reads files once and reports missing ones") {
    hw::SourceTree tree(HW_TEST_DATA "/common/tree");
    auto text = tree.read("a/hello.txt");
    REQUIRE(text.has_value());
    CHECK(*text == "hello\n");
    auto again = tree.read("a/hello.txt");
    REQUIRE(again.has_value());
    CHECK(again->data() == text->data());  // same buffer: read once
    CHECK(tree.bytes_read() == 6);
    CHECK(tree.is_dir("a"));
    CHECK_FALSE(tree.exists("nope"));
    auto missing = tree.read("nope.c");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().path == "nope.c");
    CHECK(missing.error().message == "No such file or directory");
    CHECK(tree.list("a") == std::vector<std::string>{"hello.txt"});
}

TEST_CASE("source_tree: read_shared does not cache, but shares what is cached") {
    hw::SourceTree tree(HW_TEST_DATA "/common/tree");
    auto a = tree.read_shared("a/hello.txt");
    REQUIRE(a.has_value());
    CHECK(**a == "hello\n");
    auto b = tree.read_shared("a/hello.txt");
    REQUIRE(b.has_value());
    CHECK(a->get() != b->get());  // not cached: read twice
    CHECK(tree.bytes_read() == 12);
    auto v = tree.read("a/hello.txt");
    auto c = tree.read_shared("a/hello.txt");
    REQUIRE(c.has_value());
    CHECK((*c)->data() == v->data());  // cached: shared
    CHECK_FALSE(tree.read_shared("nope").has_value());
}
