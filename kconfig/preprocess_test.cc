#include "kconfig/preprocess.h"

#include <doctest/doctest.h>

#include <map>

using namespace hw::kconfig;

namespace {

// Answers shell commands from a table and records what was asked.
class FakeShell final : public ShellRunner {
public:
    std::map<std::string, std::string> answers;
    std::vector<std::string> asked;
    std::string run(std::string_view command) override {
        asked.emplace_back(command);
        auto it = answers.find(std::string(command));
        return it == answers.end() ? std::string() : it->second;
    }
};

}  // namespace

TEST_CASE("kconfig::preprocess: variables") {
    Environment env;
    env.vars["SRCARCH"] = "x86";
    FakeShell shell;
    Preprocessor pp(env, shell);

    SUBCASE("simple variables expand once, at assignment") {
        pp.add_variable("A", "1", Flavor::Simple);
        pp.add_variable("B", "$(A)$(A)", Flavor::Simple);
        pp.add_variable("A", "2", Flavor::Simple);
        CHECK(pp.expand_string("$(B)") == "11");
    }
    SUBCASE("recursive variables expand at each use, with arguments") {
        pp.add_variable("greet", "hello $(1) and $(2)", Flavor::Recursive);
        CHECK(pp.expand_string("<$(greet,a,b)>") == "<hello a and b>");
        pp.add_variable("X", "$(Y)", Flavor::Recursive);
        pp.add_variable("Y", "late", Flavor::Simple);
        CHECK(pp.expand_string("$(X)") == "late");
    }
    SUBCASE("+= keeps the flavour and inserts a space; a new variable is recursive") {
        pp.add_variable("S", "a", Flavor::Simple);
        pp.add_variable("S", "b", Flavor::Append);
        CHECK(pp.expand_string("$(S)") == "a b");
        pp.add_variable("R", "$(V)", Flavor::Append);
        pp.add_variable("V", "v", Flavor::Simple);
        CHECK(pp.expand_string("$(R)") == "v");
    }
    SUBCASE("environment, unknown names, lone dollars") {
        CHECK(pp.expand_string("arch/$(SRCARCH)/Kconfig") == "arch/x86/Kconfig");
        CHECK(pp.expand_string("[$(NOPE)]") == "[]");
        CHECK(pp.expand_string("a$b$$") == "a$b$$");
    }
    SUBCASE("a word stops at the first non-word character outside $()") {
        pp.add_variable("V", "x y", Flavor::Simple);
        size_t used = 0;
        CHECK(pp.expand_token("FOO$(V)_BAR baz", used) == "FOOx y_BAR");
        CHECK(used == 11);
    }
    SUBCASE("self reference is an error, not a hang") {
        pp.set_location("Kconfig", 3);
        pp.add_variable("L", "$(L)", Flavor::Recursive);
        CHECK(pp.expand_string("$(L)") == "");
        REQUIRE(pp.diagnostics().size() == 1);
        CHECK(pp.diagnostics()[0].format() ==
              "Kconfig:3: error: Recursive variable 'L' references itself (eventually)");
    }
}

TEST_CASE("kconfig::preprocess: functions") {
    Environment env;
    env.vars["CC"] = "gcc";
    FakeShell shell;
    Preprocessor pp(env, shell);
    pp.set_location("init/Kconfig", 42);

    SUBCASE("shell: trailing newlines dropped, inner ones become spaces") {
        shell.answers["echo hi"] = "a\nb\n\n";
        CHECK(pp.expand_string("$(shell,echo hi)") == "a b");
    }
    SUBCASE("success/cc-option as scripts/Kconfig.include defines them") {
        pp.add_variable("if-success",
                        "$(shell,{ $(1); } >/dev/null 2>&1 && echo \"$(2)\" || echo \"$(3)\")",
                        Flavor::Recursive);
        pp.add_variable("success", "$(if-success,$(1),y,n)", Flavor::Recursive);
        pp.add_variable("cc-option", "$(success,$(CC) -Werror $(1) -c -x c /dev/null -o /dev/null)",
                        Flavor::Recursive);
        shell.answers["{ gcc -Werror -mfoo -c -x c /dev/null -o /dev/null; } >/dev/null 2>&1 && echo \"y\" || "
                      "echo \"n\""] = "y\n";
        CHECK(pp.expand_string("$(cc-option,-mfoo)") == "y");
        CHECK(pp.expand_string("$(cc-option,-mbar)") == "");  // the fake answers nothing
        CHECK(shell.asked.size() == 2);
    }
    SUBCASE("filename, lineno, info, warning-if, error-if") {
        CHECK(pp.expand_string("$(filename):$(lineno)") == "init/Kconfig:42");
        CHECK(pp.expand_string("$(info,hello)$(warning-if,y,careful)$(warning-if,n,quiet)") == "");
        REQUIRE(pp.messages().size() == 2);
        CHECK(pp.messages()[0] == "hello");
        CHECK(pp.messages()[1] == "init/Kconfig:42: careful");
        CHECK(pp.expand_string("$(error-if,y,bad compiler)$(error-if,n,fine)") == "");
        REQUIRE(pp.diagnostics().size() == 1);
        CHECK(pp.diagnostics()[0].format() == "init/Kconfig:42: error: bad compiler");
    }
    SUBCASE("argument count is checked") {
        CHECK(pp.expand_string("$(info)") == "");
        CHECK(pp.expand_string("$(shell,a,b)") == "");
        REQUIRE(pp.diagnostics().size() == 2);
        CHECK(pp.diagnostics()[0].message == "too few function arguments passed to 'info'");
        CHECK(pp.diagnostics()[1].message == "too many function arguments passed to 'shell'");
    }
    SUBCASE("nested parentheses and commas inside them") {
        pp.add_variable("first", "$(1)", Flavor::Recursive);
        CHECK(pp.expand_string("$(first,(a,b),c)") == "(a,b)");
    }
}
