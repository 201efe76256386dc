// hwneeds: the command-line tool. All behaviour lives in the hw_cli library (cli/command.h).
#include "cli/command.h"

#include <iostream>
#include <string_view>
#include <unistd.h>
#include <vector>

int main(int argc, char** argv) {
    std::ios::sync_with_stdio(false);
    std::vector<std::string_view> args(argv + 1, argv + argc);
    hw::cli::Io io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1};
    int rc = hw::cli::run(args, io);
    std::cout.flush();
    return rc;
}
