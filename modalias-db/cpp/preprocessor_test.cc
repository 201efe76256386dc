#include "modalias-db/cpp/preprocessor.h"

#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace hw::cpp;

namespace {

// A scratch source tree in a temporary directory, for fixtures that fit in a string.
class ScratchTree {
public:
    ScratchTree() {
        static std::atomic<int> counter{0};
        m_root = std::filesystem::temp_directory_path() /
                 ("hw_cpp_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(m_root);
    }
    ~ScratchTree() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    void write(const std::string& rel, std::string_view text) const {
        auto path = m_root / rel;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
    }
    const std::filesystem::path& root() const { return m_root; }

private:
    std::filesystem::path m_root;
};

// Tokens separated by spaces; a "[cond] " prefix starts every run of tokens under one condition.
std::string render(const TranslationUnit& tu) {
    std::string out;
    uint32_t cond = UINT32_MAX;
    for (const Token& t : tu.tokens) {
        if (t.cond != cond) {
            if (!out.empty()) {
                out += '\n';
            }
            out += "[" + tu.conds[t.cond].to_string() + "]";
            cond = t.cond;
        }
        out += ' ';
        out += t.text;
    }
    return out;
}

std::vector<std::string> diagnostics(const TranslationUnit& tu) {
    std::vector<std::string> out;
    for (const auto& d : tu.diagnostics) {
        out.push_back(d.format());
    }
    return out;
}

// Preprocesses `source` as t.c (module "mod_name") with `globals` as the kernel's headers.
TranslationUnit preprocess(std::string_view source, std::string_view globals = "",
                           const std::vector<std::pair<std::string, std::string>>& files = {}) {
    ScratchTree tree;
    tree.write("t.c", source);
    for (const auto& [path, text] : files) {
        tree.write(path, text);
    }
    hw::Diagnostics gdiags;
    GlobalMacros g = GlobalMacros::from_sources({{"include/linux/g.h", globals}}, "x86", 1, gdiags);
    REQUIRE(gdiags.empty());
    hw::SourceTree src(tree.root());
    Preprocessor pp(g, src);
    TranslationUnit tu = pp.run(PreprocessOptions{"t.c", "mod_name", {}});
    // Token texts may point into the tree's buffers: keep them in the arena before `src` goes.
    for (Token& t : tu.tokens) {
        t.text = tu.arena->store(std::string(t.text));
    }
    return tu;
}

std::string expand(std::string_view source, std::string_view globals = "") {
    TranslationUnit tu = preprocess(source, globals);
    CHECK_MESSAGE(tu.diagnostics.empty(), (tu.diagnostics.empty() ? "" : tu.diagnostics[0].format()));
    return render(tu);
}

}  // namespace

TEST_CASE("cpp::Preprocessor: object- and function-like macros") {
    CHECK(expand("#define A 1 + 2\n"
                 "#define F(x, y) x * y\n"
                 "int a = A; int b = F(A, 3);\n") == "[1] int a = 1 + 2 ; int b = 1 + 2 * 3 ;");
    SUBCASE("a function-like macro name without '(' is left alone") {
        CHECK(expand("#define F(x) x\nint F; int g = F\n(4);") == "[1] int F ; int g = 4 ;");
    }
    SUBCASE("arguments with parentheses and commas, empty arguments") {
        CHECK(expand("#define F(x, y) [x|y]\nF((1, 2), f(3, 4)) F(, ) F(a,)") ==
              "[1] [ ( 1 , 2 ) | f ( 3 , 4 ) ] [ | ] [ a | ]");
    }
    SUBCASE("multi-line invocation") {
        CHECK(expand("#define F(x, y) x y\nF(1,\n  2)\nend") == "[1] 1 2 end");
    }
    SUBCASE("__LINE__ and __FILE__") {
        CHECK(expand("\nint l = __LINE__; char *f = __FILE__;") == "[1] int l = 2 ; char * f = \"t.c\" ;");
    }
}

TEST_CASE("cpp::Preprocessor: # and ##") {
    CHECK(expand("#define STR(x) #x\n"
                 "#define XSTR(x) STR(x)\n"
                 "#define CAT(a, b) a ## b\n"
                 "#define V 42\n"
                 "s = STR(a  \"b\\n\"   c);\n"
                 "int CAT(foo, 1) = CAT(0x, 1F);\n"
                 "t = XSTR(V); u = STR(V);\n"
                 "int CAT(, z) = CAT(V, );\n"
                 "int CAT(V, V);\n") ==
          "[1] s = \"a \\\"b\\\\n\\\" c\" ; "
          "int foo1 = 0x1F ; "
          "t = \"42\" ; u = \"V\" ; "
          "int z = 42 ; "
          "int VV ;");
    SUBCASE("a pasted name is expanded when rescanned") {
        CHECK(expand("#define PCI_VENDOR_ID_INTEL 0x8086\n"
                     "#define PCI_VDEVICE(vend, dev) .vendor = PCI_VENDOR_ID_##vend, .device = (dev)\n"
                     "x = { PCI_VDEVICE(INTEL, 0x1234) };\n") ==
              "[1] x = { . vendor = 0x8086 , . device = ( 0x1234 ) } ;");
    }
    SUBCASE("chained pastes and operators") {
        CHECK(expand("#define C3(a, b, c) a ## b ## c\n#define OP(a, b) a ## b\nC3(x, _, y) OP(<, <=) OP(-, >)") ==
              "[1] x_y <<= ->");
    }
}

TEST_CASE("cpp::Preprocessor: variadic macros and the GNU comma") {
    CHECK(expand("#define P(fmt, ...) f(fmt, ## __VA_ARGS__)\n"
                 "#define Q(fmt, args...) g(fmt , ## args)\n"
                 "#define R(...) h(__VA_ARGS__)\n"
                 "#define S(x...) #x\n"
                 "P(\"a\"); P(\"b\", 1, 2); Q(\"c\"); Q(\"d\", 3); R(); R(1, (2, 3)); S(1, 2);\n") ==
          "[1] f ( \"a\" ) ; f ( \"b\" , 1 , 2 ) ; g ( \"c\" ) ; g ( \"d\" , 3 ) ; h ( ) ; h ( 1 , ( 2 , 3 ) ) ; \"1, 2\" ;");
    SUBCASE("__stringify from the kernel's headers") {
        CHECK(expand("x = __stringify(PCI_ANY_ID, 2);",
                     "#define __stringify_1(x...) #x\n#define __stringify(x...) __stringify_1(x)\n#define PCI_ANY_ID (~0)\n") ==
              "[1] x = \"(~0), 2\" ;");
    }
}

TEST_CASE("cpp::Preprocessor: rescanning and self-reference") {
    CHECK(expand("#define foo foo\n"
                 "#define bar baz\n"
                 "#define baz bar\n"
                 "#define f(x) x + f\n"
                 "#define g f\n"
                 "foo; bar; f(1)(2); g(3);\n") == "[1] foo ; bar ; 1 + f ( 2 ) ; 3 + f ;");
    SUBCASE("an argument is expanded before substitution, then the result is rescanned") {
        CHECK(expand("#define ID(x) x\n#define TWICE(x) x x\n#define ONE 1\n#define AP(f, x) f(x)\n"
                     "ID(ID(ONE)) TWICE(ONE) AP(ID, ONE) AP(TWICE, ID(2))") == "[1] 1 1 1 1 2 2");
    }
    SUBCASE("nested self-reference through an argument") {
        CHECK(expand("#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)") == "[1] 2 * 9 * g");
    }
}

TEST_CASE("cpp::Preprocessor: #undef and local macros over global ones") {
    CHECK(expand("int a = G;\n#undef G\nint b = G;\n#define G 7\nint c = G;\n", "#define G 100\n") ==
          "[1] int a = 100 ; int b = G ; int c = 7 ;");
}

TEST_CASE("cpp::Preprocessor: conditions over Kconfig symbols") {
    SUBCASE("#ifdef/#elif/#else chain: every branch under its condition") {
        CHECK(expand("int a;\n"
                     "#ifdef CONFIG_A\nint b;\n"
                     "#elif IS_ENABLED(CONFIG_B)\nint c;\n"
                     "#else\nint d;\n#endif\n"
                     "int e;\n") ==
              "[1] int a ;\n[A=y] int b ;\n[!A=y && B] int c ;\n[!A=y && !B] int d ;\n[1] int e ;");
    }
    SUBCASE("defined(CONFIG_X_MODULE), MODULE, IS_REACHABLE, #ifndef, nesting") {
        CHECK(expand("#if defined(CONFIG_C_MODULE) && defined(MODULE)\nint e;\n#endif\n"
                     "#if IS_REACHABLE(CONFIG_D)\nint i;\n#endif\n"
                     "#ifndef CONFIG_E\nint j;\n#endif\n"
                     "#ifdef CONFIG_X\n#if IS_MODULE(CONFIG_Y) || IS_BUILTIN(CONFIG_Z)\nint k;\n#endif\n#endif\n"
                     "#if CONFIG_F\nint l;\n#endif\n") ==
              "[C=m && MODULE] int e ;\n[D=y || (D=m && MODULE)] int i ;\n[!E=y] int j ;\n"
              "[X=y && (Y=m || Z=y)] int k ;\n[F=y] int l ;");
    }
    SUBCASE("known values select one branch") {
        CHECK(expand("#if 0\nint f;\n#elif 1\nint g;\n#else\nint h;\n#endif\n"
                     "#define VER 5\n#if VER >= 4 && defined(VER)\nint m;\n#else\nint n;\n#endif\n"
                     "#if IS_ENABLED(CONFIG_A) || 1\nint o;\n#endif\n"
                     "#ifdef UNDEFINED_THING\nint p;\n#endif\n") == "[1] int g ; int m ; int o ;");
    }
    SUBCASE("#elif after a symbolic branch, then a known one") {
        CHECK(expand("#ifdef CONFIG_A\nint a;\n#elif 1\nint b;\n#else\nint c;\n#endif\n") ==
              "[A=y] int a ;\n[!A=y] int b ;");
    }
    SUBCASE("tokens from a macro expansion carry the invocation's condition") {
        CHECK(expand("#define E(x) { x, 1 }\n#if IS_ENABLED(CONFIG_A)\nE(2),\n#endif\nE(3)") ==
              "[A] { 2 , 1 } ,\n[1] { 3 , 1 }");
    }
    SUBCASE("definitions in symbolic branches are all applied, in order") {
        CHECK(expand("#ifdef CONFIG_X\n#define A 1\n#else\n#define A 2\n#endif\nint a = A;") == "[1] int a = 2 ;");
    }
    SUBCASE("a macro defined under a symbolic condition is defined under that condition") {
        // drivers/usb/storage/unusual_devs.h: NO_SDDR09 exists only when SDDR09 is neither y nor m.
        CHECK(expand("#if !defined(CONFIG_S) && !defined(CONFIG_S_MODULE)\n#define NO_S\n#endif\n"
                     "#ifdef NO_S\nint a;\n#endif\n"
                     "#ifndef NO_S\nint b;\n#endif\n"
                     "#if defined(NO_S) || defined(CONFIG_T)\nint c;\n#endif\n"
                     "#if !defined(CONFIG_S) && !defined(CONFIG_S_MODULE)\n#define NO_S\n#endif\n"
                     "#ifdef NO_S\nint d;\n#endif\n") ==
              "[!S=y && !S=m] int a ;\n[!(!S=y && !S=m)] int b ;\n[(!S=y && !S=m) || T=y] int c ;\n"
              "[!S=y && !S=m] int d ;");
    }
    SUBCASE("a conditional #undef of a global macro, then a conditional #define") {
        CHECK(expand("#ifdef CONFIG_A\n#undef G\n#endif\n#ifdef G\nint a;\n#endif\n"
                     "#ifdef CONFIG_B\n#define L 1\n#endif\n#ifdef CONFIG_C\n#undef L\n#endif\n"
                     "#ifdef L\nint b;\n#endif\n#define L 2\n#ifdef L\nint c;\n#endif\n",
                     "#define G 100\n") ==
              "[!A=y] int a ;\n[!C=y && B=y] int b ;\n[1] int c ;");
    }
    SUBCASE("a CONFIG value in arithmetic is unknown: false, with a warning") {
        TranslationUnit tu = preprocess("#if CONFIG_HZ > 100\nint x;\n#else\nint y;\n#endif\n");
        CHECK(render(tu) == "[1] int y ;");
        CHECK(diagnostics(tu) == std::vector<std::string>{
                                     "t.c:1:1: warning: #if depends on the value of CONFIG_HZ, unknown without a "
                                     "configuration; taken as false"});
    }
    SUBCASE("conditions are interned") {
        TranslationUnit tu = preprocess("#ifdef CONFIG_A\nint a;\n#endif\nint b;\n#ifdef CONFIG_A\nint c;\n#endif\n");
        CHECK(tu.conds.size() == 2);
        CHECK(tu.conds[0].is_true());
        CHECK(tu.tokens.front().cond == tu.tokens.back().cond);
    }
}

TEST_CASE("cpp::Preprocessor: module macros") {
    const char* globals =
        "#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)\n"
        "#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)\n"
        "#define __MODULE_INFO(tag, name, info) static const char x[] = info\n"
        "#define MODULE_DEVICE_TABLE(type, name) extern typeof(name) __mod_##type##__##name##_device_table\n"
        "#define IS_ENABLED(option) __or(IS_BUILTIN(option), IS_MODULE(option))\n";
    CHECK(expand("MODULE_ALIAS(\"platform:\" KBUILD_MODNAME);\n"
                 "#define IDS my_ids\n"
                 "MODULE_DEVICE_TABLE(pci, IDS);\n"
                 "const char *b = KBUILD_BASENAME;\n"
                 "int e = IS_ENABLED(CONFIG_FOO);\n",
                 globals) ==
          "[1] __MODULE_INFO ( alias , alias , \"platform:\" \"mod_name\" ) ; "
          "MODULE_DEVICE_TABLE ( pci , my_ids ) ; "
          "const char * b = \"t\" ; "
          "int e = IS_ENABLED ( CONFIG_FOO ) ;");
}

TEST_CASE("cpp::Preprocessor: function bodies are skipped") {
    CHECK(expand("#define A 1\n"
                 "static int f(void) { if (x) { return A; } }\n"
                 "int z = A;\n"
                 "void g(void)\n{\n#define IN_BODY 5\n}\n"
                 "int w = IN_BODY;\n"
                 "struct s x = { A, { A } };\n"
                 "int *p = (int[]){ A };\n"
                 "static void __attribute__((cold)) h(int a) { }\n") ==
          "[1] static int f ( void ) { } int z = 1 ; void g ( void ) { } int w = 5 ; "
          "struct s x = { 1 , { 1 } } ; int * p = ( int [ ] ) { 1 } ; "
          "static void __attribute__ ( ( cold ) ) h ( int a ) { }");
    SUBCASE("two versions of a function head in a symbolic #if") {
        CHECK(expand("#ifdef CONFIG_X\nint f(void) {\n#else\nint f(int a) {\n#endif\n"
                     "  if (a) { return 0; }\n}\nint after;\n") ==
              "[X=y] int f ( void ) { }\n[!X=y] int f ( int a ) { }\n[1] int after ;");
    }
}

TEST_CASE("cpp::Preprocessor: errors read like a compiler's and processing goes on") {
    SUBCASE("conditional directives") {
        TranslationUnit tu = preprocess("#else\n#endif\n#elif 1\nint a;\n#ifdef CONFIG_A\nint b;\n");
        CHECK(diagnostics(tu) == std::vector<std::string>{"t.c:1:1: error: #else without #if",
                                                          "t.c:2:1: error: #endif without #if",
                                                          "t.c:3:1: error: #elif without #if",
                                                          "t.c:5:1: error: unterminated #ifdef"});
        CHECK(render(tu) == "[1] int a ;\n[A=y] int b ;");
    }
    SUBCASE("#else after #else") {
        TranslationUnit tu = preprocess("#if 1\na\n#else\nb\n#else\nc\n#endif\nd");
        CHECK(diagnostics(tu) == std::vector<std::string>{"t.c:5:1: error: #else after #else"});
    }
    SUBCASE("bad #define") {
        TranslationUnit tu = preprocess("#define 3 x\n#define F(a, 1) x\nint a;\n");
        CHECK(diagnostics(tu) == std::vector<std::string>{"t.c:1:9: error: macro names must be identifiers",
                                                          "t.c:2:14: error: expected parameter name, found \"1\""});
        CHECK(render(tu) == "[1] int a ;");
    }
    SUBCASE("argument count; the invocation is left as it was") {
        TranslationUnit tu = preprocess("#define F2(a, b) a\nF2(1);\nF2(1, 2, 3);\nF2(4, 5);\n");
        CHECK(diagnostics(tu) ==
              std::vector<std::string>{"t.c:2:1: error: macro \"F2\" requires 2 arguments, but only 1 given",
                                       "t.c:3:1: error: macro \"F2\" passed 3 arguments, but takes just 2"});
        CHECK(render(tu) == "[1] F2 ( 1 ) ; F2 ( 1 , 2 , 3 ) ; 4 ;");
    }
    SUBCASE("a global macro of the same name with other parameters: a warning") {
        TranslationUnit tu = preprocess("const char *show(int val);\n", "#define show(a, b, c) x\n");
        CHECK(diagnostics(tu) ==
              std::vector<std::string>{"t.c:1:13: warning: macro \"show\" requires 3 arguments, but only 1 given"});
        CHECK(render(tu) == "[1] const char * show ( int val ) ;");
    }
    SUBCASE("unterminated argument list") {
        TranslationUnit tu = preprocess("#define F2(a, b) a\nint x;\nF2(1,\n2");
        CHECK(diagnostics(tu) ==
              std::vector<std::string>{"t.c:3:1: error: unterminated argument list invoking macro \"F2\""});
        CHECK(render(tu) == "[1] int x ;");
    }
    SUBCASE("invalid directive, bad #include, missing include") {
        TranslationUnit tu = preprocess("#foo\n#include\n#include \"nope.h\"\nint a;\n");
        CHECK(diagnostics(tu) == std::vector<std::string>{
                                     "t.c:1:2: error: invalid preprocessing directive #foo",
                                     "t.c:2:1: error: #include expects \"FILENAME\" or <FILENAME>",
                                     "t.c:3:10: warning: nope.h: No such file or directory"});
        CHECK(render(tu) == "[1] int a ;");
    }
    SUBCASE("unknown text in skipped blocks is no error") {
        TranslationUnit tu = preprocess("#if 0\ndon't\n#error no\n#foo\n#endif\nint a;\n");
        CHECK(tu.diagnostics.empty());
        CHECK(render(tu) == "[1] int a ;");
    }
}

namespace {

struct FixtureRun {
    hw::SourceTree tree{HW_TEST_DATA "/cpp/tree"};
    hw::Diagnostics diags;
    GlobalMacros globals = build_global_macros(tree, "x86", 2, diags);
    Preprocessor pp{globals, tree};
};

}  // namespace

TEST_CASE("cpp::Preprocessor: includes (fixture tree tests/data/cpp/tree)") {
    FixtureRun f;
    SUBCASE("x-macro header included twice inside initializers, redefined in between") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/usb/storage/usual-tables.c", "usb_storage", {}});
        CHECK(diagnostics(tu).empty());
        CHECK(render(tu) ==
              "[1] const struct usb_device_id usb_storage_usb_ids [ ] = { "
              "{ . match_flags = ( ( 0x0001 | 0x0002 ) | ( 0x0004 | 0x0008 ) ) , . idVendor = ( 0x03eb ) , "
              ". idProduct = ( 0x2002 ) , . bcdDevice_lo = ( 0x0100 ) , . bcdDevice_hi = ( 0x0100 ) , "
              ". driver_info = ( US_FL_IGNORE_RESIDUE ) } ,\n"
              "[USB_STORAGE_DATAFAB] { . match_flags = ( ( 0x0001 | 0x0002 ) | ( 0x0004 | 0x0008 ) ) , "
              ". idVendor = ( 0x07c4 ) , . idProduct = ( 0xa400 ) , . bcdDevice_lo = ( 0x0000 ) , "
              ". bcdDevice_hi = ( 0xffff ) , . driver_info = ( 0 ) } ,\n"
              "[1] { } } ; MODULE_DEVICE_TABLE ( usb , usb_storage_usb_ids ) ; "
              "static const struct ignore_entry ignore_ids [ ] = { { . vid = 0x03eb , . bcdmax = 0x0100 , } ,\n"
              "[USB_STORAGE_DATAFAB] { . vid = 0x07c4 , . bcdmax = 0xffff , } ,\n"
              "[1] { } } ;");
        REQUIRE(tu.files.size() >= 2);
        CHECK(tu.files[0] == "drivers/usb/storage/usual-tables.c");
        CHECK(tu.files[1] == "drivers/usb/storage/unusual_devs.h");
        // An expansion's tokens stand where the invocation is.
        const Token& vid = tu.tokens[14];
        CHECK(vid.text == "0x0001");
        CHECK(tu.files[vid.file] == "drivers/usb/storage/unusual_devs.h");
        CHECK(vid.line == 2);
        CHECK(vid.col == 1);
    }
    SUBCASE("a .c file that includes another .c file") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/echo/mona.c", "snd_mona", {}});
        CHECK(diagnostics(tu).empty());
        CHECK(render(tu) ==
              "[1] static const struct pci_device_id snd_echo_ids [ ] = { { 0x1057 , 0x1801 , 0xECC0 , 0x0070 , 0 , 0 , 0 } , "
              "{ 0 , } } ; MODULE_DEVICE_TABLE ( pci , snd_echo_ids ) ; "
              "static int snd_echo_probe ( struct pci_dev * pci ) { } "
              "__MODULE_INFO ( alias , alias , \"echo:\" \"snd_mona\" ) ;");
        auto mdt = std::find_if(tu.tokens.begin(), tu.tokens.end(),
                                [](const Token& t) { return t.text == "MODULE_DEVICE_TABLE"; });
        REQUIRE(mdt != tu.tokens.end());
        CHECK(tu.files[mdt->file] == "drivers/echo/echoaudio.c");
        CHECK(mdt->line == 2);
    }
    SUBCASE("include guards keep a twice-included header's tokens once") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/guard/main.c", "main", {}});
        CHECK(render(tu) == "[1] int local_decl ; int after ;");
    }
    SUBCASE("search order: the including file's dir, the unit's dir, -I dirs; <...> into include/ not followed") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/inc/sub/a.c", "a", {"drivers/inc/common"}});
        CHECK(render(tu) == "[1] int a = 1 + 2 + 3 ;");
        CHECK(diagnostics(tu) ==
              std::vector<std::string>{"drivers/inc/sub/a.c:4:10: warning: missing.h: No such file or directory"});
        CHECK(tu.files == std::vector<std::string>{"drivers/inc/sub/a.c", "drivers/inc/common/x.h",
                                                   "drivers/inc/common/y.h", "drivers/inc/sub/angled_local.h"});
    }
    SUBCASE("linux/version.h is generated: its macros come from the top Makefile (SUBLEVEL capped at 255)") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/version/v.c", "v", {}});
        CHECK(diagnostics(tu).empty());
        CHECK(render(tu) == "[1] int new_api ; int code = 393727 ;");
    }
    SUBCASE("a global header that defines a device table is preprocessed like a local one") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/gtable/gt.c", "gt", {}});
        CHECK(diagnostics(tu).empty());
        // Included twice: its include guard (also a global macro) keeps the table once.
        CHECK(render(tu) ==
              "[1] static const struct acpi_device_id elan_ids [ ] = { { \"ELAN0000\" , 0 } , "
              "{ \"ELAN0100\" , 0 } , { } } ; MODULE_DEVICE_TABLE ( acpi , elan_ids ) ; int anyid = ( ~ 0 ) ;");
        CHECK(tu.files == std::vector<std::string>{"drivers/gtable/gt.c", "include/linux/input/elan-ids.h"});
    }
    SUBCASE("global macros only from headers the unit reaches through its includes") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/leak/leak.c", "leak", {}});
        CHECK(diagnostics(tu).empty());
        // VENDOR_ID is include/linux/hidden.h's, which nothing includes; BTN_J's best definition is
        // in include/dt-bindings (not reached), the reached one in include/uapi/linux/inp-codes.h;
        // include/linux/compiler_types.h is forced in by the build's -include.
        CHECK(render(tu) == "[1] enum { VENDOR_ID = 0x0d8c } ; int b = 0x120 ; int f = 42 ; int v = VENDOR_ID ;");
    }
    SUBCASE("a unit that includes no global header sees all global macros") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/leak/noinc.c", "noinc", {}});
        CHECK(render(tu) == "[1] int v = 0x0000 ; int b = 0x999 ;");
    }
    SUBCASE("the unit's files are read for the unit only, and its tokens point into its buffers") {
        hw::SourceTree tree{HW_TEST_DATA "/cpp/tree"};
        Preprocessor pp{f.globals, tree};
        TranslationUnit tu = pp.run(PreprocessOptions{"drivers/echo/mona.c", "snd_mona", {}});
        REQUIRE(tu.buffers.size() == 2);  // mona.c and echoaudio.c
        auto inside = [](std::string_view text, const std::string& buf) {
            return text.data() >= buf.data() && text.data() + text.size() <= buf.data() + buf.size();
        };
        CHECK(inside(tu.tokens.front().text, *tu.buffers[0]));
        auto mdt = std::find_if(tu.tokens.begin(), tu.tokens.end(),
                                [](const Token& t) { return t.text == "MODULE_DEVICE_TABLE"; });
        REQUIRE(mdt != tu.tokens.end());
        CHECK(inside(mdt->text, *tu.buffers[1]));
        // Not in the tree's cache: a later read() reads the file anew.
        auto cached = tree.read("drivers/echo/mona.c");
        REQUIRE(cached);
        CHECK(cached->data() != tu.buffers[0]->data());
    }
    SUBCASE("a missing unit") {
        TranslationUnit tu = f.pp.run(PreprocessOptions{"drivers/none.c", "none", {}});
        REQUIRE(tu.diagnostics.size() == 1);
        CHECK(tu.diagnostics[0].path == "drivers/none.c");
        CHECK(tu.tokens.empty());
    }
}

TEST_CASE("cpp::Preprocessor: a local header lexed once serves every unit that includes it") {
    ScratchTree tree;
    tree.write("drivers/s/a.c", "#include \"common.h\"\nint a = VAL;\n");
    tree.write("drivers/s/b.c", "#include \"other.h\"\n#include \"common.h\"\nint b = VAL;\n");
    tree.write("drivers/s/other.h", "int o;\n");
    tree.write("drivers/s/common.h",
               "#define VAL 7\n"
               "#define 3\n"
               "static int f(void) {\n"
               "  char q = 'y;\n"
               "}\n"
               "int c = 'x;\n");
    hw::Diagnostics gdiags;
    GlobalMacros g = GlobalMacros::from_sources({}, "x86", 1, gdiags);
    hw::SourceTree src(tree.root());
    Preprocessor pp(g, src);
    const std::vector<std::string> header_errors = {
        "drivers/s/common.h:2:9: error: macro names must be identifiers",
        "drivers/s/common.h:4:12: error: missing terminating ' character",
        "drivers/s/common.h:6:9: error: missing terminating ' character",
    };
    auto file_of = [](const TranslationUnit& tu, std::string_view text) {
        auto it = std::find_if(tu.tokens.begin(), tu.tokens.end(), [&](const Token& t) { return t.text == text; });
        REQUIRE(it != tu.tokens.end());
        return tu.files[it->file];
    };
    TranslationUnit a = pp.run(PreprocessOptions{"drivers/s/a.c", "a", {}});
    TranslationUnit b = pp.run(PreprocessOptions{"drivers/s/b.c", "b", {}});
    // The second unit numbers the header differently, and still gets its positions right.
    CHECK(a.files == std::vector<std::string>{"drivers/s/a.c", "drivers/s/common.h"});
    CHECK(b.files == std::vector<std::string>{"drivers/s/b.c", "drivers/s/other.h", "drivers/s/common.h"});
    CHECK(render(a) == "[1] static int f ( void ) { } int c = 'x; int a = 7 ;");
    CHECK(render(b) == "[1] int o ; static int f ( void ) { } int c = 'x; int b = 7 ;");
    CHECK(diagnostics(a) == header_errors);
    CHECK(diagnostics(b) == header_errors);
    CHECK(file_of(a, "f") == "drivers/s/common.h");
    CHECK(file_of(b, "f") == "drivers/s/common.h");
    CHECK(file_of(b, "o") == "drivers/s/other.h");
    CHECK(file_of(b, "7") == "drivers/s/b.c");  // a macro's tokens take the invocation's place
    // Both units' tokens stay valid after the cache drops the header.
    REQUIRE(b.buffers.size() == 3);
    CHECK(b.buffers[2]->find("int c") != std::string::npos);
}
