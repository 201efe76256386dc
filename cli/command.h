// The CLI is a table of subcommands (name, one-line summary, handler); `hwneeds --help` and
// `hwneeds help CMD` are generated from it. Handlers take the arguments after the command name
// and the streams to write to, and return the process exit code, so tests can call them directly.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace hw::cli {

struct Io {
    std::ostream& out;
    std::ostream& err;
    bool err_is_tty = false;  // progress lines redraw in place only on a terminal
};

struct Command {
    std::string_view name;
    std::string_view summary;
    int (*run)(std::span<const std::string_view> args, Io& io);
};

std::span<const Command> commands();

// Entry point shared by main() and the tests: argv without the program name.
int run(std::span<const std::string_view> argv, Io& io);

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the job could not be done (missing tree, bad index, ...)
inline constexpr int kExitUsage = 2;    // wrong command line

int cmd_index(std::span<const std::string_view> args, Io& io);
int cmd_aliases(std::span<const std::string_view> args, Io& io);
int cmd_modules(std::span<const std::string_view> args, Io& io);
int cmd_kconfig(std::span<const std::string_view> args, Io& io);
int cmd_probe(std::span<const std::string_view> args, Io& io);
int cmd_match(std::span<const std::string_view> args, Io& io);
int cmd_snapshot(std::span<const std::string_view> args, Io& io);
int cmd_resolve(std::span<const std::string_view> args, Io& io);
int cmd_explain(std::span<const std::string_view> args, Io& io);

}  // namespace hw::cli
