#include "modalias-db/cpp/macro_table.h"

#include "modalias-db/cpp/lexer.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace hw::cpp;

namespace {

std::string body_text(const MacroDef* def) {
    REQUIRE(def != nullptr);
    std::string out;
    for (const Token& t : def->body) {
        if (!out.empty()) {
            out += ' ';
        }
        out += t.text;
    }
    return out;
}

// Parses "#define ..." text; returns "error <col>: <message>" or the definition.
std::expected<MacroDef, std::string> define(std::string_view text, TokenArena& arena, Tokens& keep) {
    keep = lex(text, 0, "d.h", arena).tokens;
    REQUIRE(keep.size() >= 2);
    auto d = parse_define(std::span<const Token>(keep).subspan(2), 0, 1);
    if (!d) {
        uint32_t col = d.error().at != nullptr ? d.error().at->col : 0;
        return std::unexpected("error " + std::to_string(col) + ": " + d.error().message);
    }
    return *d;
}

}  // namespace

TEST_CASE("cpp::parse_define: forms") {
    TokenArena arena;
    Tokens keep;
    SUBCASE("object-like, and '(' after a space is part of the body") {
        auto d = define("#define A (1 + 2)", arena, keep);
        REQUIRE(d.has_value());
        CHECK(d->name == "A");
        CHECK_FALSE(d->function_like);
        CHECK(body_text(&*d) == "( 1 + 2 )");
    }
    SUBCASE("function-like with parameters") {
        auto d = define("#define F(a, b) a + b * a", arena, keep);
        REQUIRE(d.has_value());
        CHECK(d->function_like);
        CHECK(d->params == std::vector<std::string_view>{"a", "b"});
        CHECK(d->param_of == std::vector<int16_t>{0, -1, 1, -1, 0});
        CHECK_FALSE(d->body.front().space_before);
    }
    SUBCASE("variadic forms") {
        auto d = define("#define P(fmt, ...) f(fmt, __VA_ARGS__)", arena, keep);
        REQUIRE(d.has_value());
        CHECK(d->variadic);
        CHECK(d->params == std::vector<std::string_view>{"fmt", "__VA_ARGS__"});
        auto n = define("#define Q(fmt, args...) g(fmt, args)", arena, keep);
        REQUIRE(n.has_value());
        CHECK(n->variadic);
        CHECK(n->params == std::vector<std::string_view>{"fmt", "args"});
        auto e = define("#define E() 1", arena, keep);
        REQUIRE(e.has_value());
        CHECK(e->function_like);
        CHECK(e->params.empty());
    }
    SUBCASE("errors") {
        CHECK(define("#define 3 x", arena, keep).error() == "error 9: macro names must be identifiers");
        CHECK(define("#define F(a, 1) x", arena, keep).error() == "error 14: expected parameter name, found \"1\"");
        CHECK(define("#define F(a b) x", arena, keep).error() == "error 13: expected ',' or ')', found \"b\"");
        CHECK(define("#define F(a", arena, keep).error() == "error 0: missing ')' in macro parameter list");
        CHECK(define("#define F(a) #b", arena, keep).error() == "error 14: '#' is not followed by a macro parameter");
        CHECK(define("#define A ## b", arena, keep).error() == "error 11: '##' cannot appear at either end of a macro expansion");
        CHECK(define("#define A b ##", arena, keep).error() == "error 13: '##' cannot appear at either end of a macro expansion");
    }
}

TEST_CASE("cpp::MacroIndex: set, replace, null definitions") {
    MacroDef a;
    a.name = "A";
    MacroDef b;
    b.name = "A";
    MacroIndex index;
    CHECK(index.find("A") == nullptr);
    index.set("A", &a);
    CHECK(index.find("A") == &a);
    index.set("A", &b);
    CHECK(index.find("A") == &b);
    index.set("A", nullptr);
    bool found = false;
    CHECK(index.find("A", hash_name("A"), &found) == nullptr);
    CHECK(found);
    CHECK(index.find("B", hash_name("B"), &found) == nullptr);
    CHECK_FALSE(found);
    // Growth keeps every entry.
    std::vector<std::string> names;
    for (int i = 0; i < 1000; ++i) {
        names.push_back("NAME_" + std::to_string(i));
    }
    for (const auto& n : names) {
        index.set(n, &a);
    }
    CHECK(index.size() == 1001);
    for (const auto& n : names) {
        CHECK(index.find(n) == &a);
    }
}

TEST_CASE("cpp::build_global_macros: which definition wins") {
    hw::SourceTree tree(HW_TEST_DATA "/cpp/tree");
    hw::Diagnostics diags;
    GlobalMacros g = build_global_macros(tree, "x86", 2, diags);
    CHECK(g.file_count() == 16);  // big_endian.h is skipped, .c files are not headers
    CHECK(g.srcarch() == "x86");
    SUBCASE("arch over include/linux over uapi over asm-generic") {
        CHECK(body_text(g.find("ARCH_VAL")) == "1");
        CHECK(g.file_path(g.find("ARCH_VAL")->file) == "arch/x86/include/asm/defaults.h");
        CHECK(g.find("ARCH_VAL")->line == 4);
    }
    SUBCASE("unconditional over conditional") {
        CHECK(body_text(g.find("PICK")) == "9");  // include/uapi, but not under #ifdef CONFIG_FOO
        CHECK(body_text(g.find("DEFAULT_X")) == "4");  // `#ifndef DEFAULT_X` is a default, not a condition
    }
    SUBCASE("x86_64 facts and branches a kernel build never sees") {
        CHECK(body_text(g.find("BITS_PER_LONG")) == "64");
        CHECK(g.find("DEAD") == nullptr);
        CHECK(g.find("USERONLY") == nullptr);
        CHECK(g.find("ASMONLY") == nullptr);
        CHECK(body_text(g.find("CONLY")) == "1");
        CHECK(g.find("__BIG_ENDIAN") == nullptr);
    }
    SUBCASE("a header's own #undef drops its definition; guards are recorded") {
        CHECK(g.find("XM") == nullptr);
        CHECK(g.find("_PICK_H") != nullptr);
        CHECK(g.find("USB_DEVICE_VER")->function_like);
        CHECK(g.find("USB_DEVICE_VER")->params.size() == 4);
    }
    SUBCASE("headers") {
        CHECK(g.has_header("include/linux/usb.h"));
        CHECK(g.defines_anything("include/linux/usb.h"));
        CHECK_FALSE(g.has_header("include/linux/nope.h"));
        CHECK_FALSE(g.has_header("include/uapi/linux/byteorder/big_endian.h"));
    }
    SUBCASE("malformed definitions are warnings and the header goes on") {
        REQUIRE(diags.size() == 1);
        CHECK(diags[0].format() == "include/linux/bad.h:1:9: warning: macro names must be identifiers");
        CHECK(body_text(g.find("OK_AFTER_BAD")) == "1");
    }
}

TEST_CASE("cpp::GlobalMacros::from_sources: deterministic whatever the thread count") {
    std::vector<std::pair<std::string, std::string_view>> headers{
        {"include/linux/a.h", "#ifdef CONFIG_A\n#define V 1\n#endif\n"},
        {"include/linux/b.h", "#ifdef CONFIG_B\n#define V 2\n#endif\n"},
        {"include/net/c.h", "#ifdef CONFIG_C\n#define V 3\n#endif\n"},
    };
    for (unsigned threads : {1u, 2u, 3u}) {
        hw::Diagnostics diags;
        GlobalMacros g = GlobalMacros::from_sources(headers, "x86", threads, diags);
        CHECK(body_text(g.find("V")) == "1");  // all conditional, same rank: the first file wins
        CHECK(g.candidates() == 3);
    }
}

TEST_CASE("cpp::GlobalMacros: include graph, reachability, device tables, candidates") {
    std::vector<std::pair<std::string, std::string_view>> headers{
        {"arch/x86/include/asm/io.h", "#include <asm-generic/io.h>\n"},
        {"include/asm-generic/io.h", "#define IO 1\n"},
        {"include/asm-generic/barrier.h", "#define BARRIER 1\n"},
        {"include/dt-bindings/k.h", "#define KEY 0x999\n"},
        {"include/linux/a.h",
         "#ifndef A_H\n#define A_H\n#include <linux/b.h>\n#include <asm/io.h>\n#include <asm/barrier.h>\n"
         "#ifdef __ASSEMBLY__\n#include <linux/asm-only.h>\n#endif\n#endif\n"},
        {"include/linux/asm-only.h", "#define ASM_ONLY 1\n"},
        {"include/linux/b.h", "#include \"c.h\"\n#include <linux/missing.h>\n"},
        {"include/linux/c.h", "#include <linux/a.h>\n#include <uapi/linux/k.h>\n"},
        {"include/linux/ids.h", "static const struct acpi_device_id ids[] = { { \"X\" }, { } };\n"},
        {"include/linux/decl.h", "extern const struct pci_device_id ids[];\nstruct usb_device_id x;\n"},
        {"include/uapi/linux/k.h", "#define KEY 0x120\n"},
    };
    hw::Diagnostics diags;
    GlobalMacros g = GlobalMacros::from_sources(headers, "x86", 1, diags);
    auto id = [&](std::string_view path) { return static_cast<uint32_t>(g.header_id(path)); };
    auto reach = [&](std::string_view path) {
        std::vector<std::string> out;
        const std::vector<uint64_t>& r = g.reachable(id(path));
        REQUIRE(r.size() == 1);
        for (uint32_t i = 0; i < g.file_count(); ++i) {
            if ((r[0] >> i) & 1) {
                out.push_back(g.file_path(i));
            }
        }
        std::sort(out.begin(), out.end());
        return out;
    };
    SUBCASE("<...> search order and the asm-generic fallback") {
        CHECK(g.resolve_angled("linux/a.h") == g.header_id("include/linux/a.h"));
        CHECK(g.resolve_angled("asm/io.h") == g.header_id("arch/x86/include/asm/io.h"));
        CHECK(g.resolve_angled("asm/barrier.h") == g.header_id("include/asm-generic/barrier.h"));
        CHECK(g.resolve_angled("linux/k.h") == g.header_id("include/uapi/linux/k.h"));
        CHECK(g.resolve_angled("linux/missing.h") == -1);
        CHECK(g.header_id("include/linux/nope.h") == -1);
    }
    SUBCASE("reachability follows <...> and \"...\" includes, through cycles, not #ifdef __ASSEMBLY__") {
        CHECK(reach("include/linux/b.h") ==
              std::vector<std::string>{"arch/x86/include/asm/io.h", "include/asm-generic/barrier.h",
                                       "include/asm-generic/io.h", "include/linux/a.h", "include/linux/b.h",
                                       "include/linux/c.h", "include/uapi/linux/k.h"});
        CHECK(reach("include/uapi/linux/k.h") == std::vector<std::string>{"include/uapi/linux/k.h"});
        CHECK(&g.reachable(id("include/linux/b.h")) == &g.reachable(id("include/linux/b.h")));  // memoised
    }
    SUBCASE("device-id array definitions, not declarations") {
        CHECK(g.defines_device_table(id("include/linux/ids.h")));
        CHECK_FALSE(g.defines_device_table(id("include/linux/decl.h")));
        CHECK_FALSE(g.defines_device_table(id("include/linux/a.h")));
    }
    SUBCASE("the losing definitions stay available, best first") {
        const MacroDef* best = g.find("KEY");
        REQUIRE(best != nullptr);
        CHECK(g.file_path(best->file) == "include/dt-bindings/k.h");
        const MacroDef* next = g.next_candidate(best);
        REQUIRE(next != nullptr);
        CHECK(g.file_path(next->file) == "include/uapi/linux/k.h");
        CHECK(body_text(next) == "0x120");
        CHECK(g.next_candidate(next) == nullptr);
        CHECK(g.next_candidate(g.find("IO")) == nullptr);
    }
}
