// olddefconfig for many configs with the kernel's own scripts/kconfig code.
//
// `make olddefconfig` runs `scripts/kconfig/conf --olddefconfig Kconfig`, whose main() is, for
// that mode: conf_parse(Kconfig); conf_read(NULL) (the file named by $KCONFIG_CONFIG);
// conf_errors() -> exit 1; sym_dep_errors() -> exit 1; conf_write(NULL); conf_write_autoconf(0).
// Each run spends ~2.5 s in conf_parse, most of it in the Kconfig files' toolchain probes
// ($(cc-option,...), $(success,...): ~100 processes). This program is conf.c's main() for that
// mode with the parse done once: every config is handled in a fork()ed child, which starts from
// exactly the state a fresh `conf` has right after conf_parse(). conf_write_autoconf(0) is left
// out: it only creates include/config/auto.conf when it is missing (make tinyconfig made it), and
// never touches the .config.
//
// Linked against the objects `make` built for conf (scripts/kconfig/{confdata,expr,lexer.lex,
// menu,parser.tab,preprocess,symbol,util}.o of the O= directory); run in the O= directory with
// the environment make gives conf (srctree, ARCH, SRCARCH, CC, LD, ...). run.sh checks that its
// output is byte-identical to `make olddefconfig` on sample inputs before trusting it.
//
//   olddefconfig-batch Kconfig < LIST
// LIST: one path per line; each file is rewritten in place, as `make olddefconfig` rewrites
// .config (KCONFIG_CONFIG=path); conf's warnings go to path.log. Prints "ok PATH" or
// "fail PATH STATUS" per line, in order, flushed.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lkc.h"

int main(int ac, char **av) {
    if (ac != 2) {
        fprintf(stderr, "usage: %s Kconfig < list-of-config-files\n", av[0]);
        return 2;
    }
    conf_set_message_callback(NULL);  // conf -s: no "configuration written to" on stdout
    conf_parse(av[1]);
    if (conf_errors())  // conf_parse's own errors stop conf too (before any read)
        return 1;

    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) != -1) {
        if (n > 0 && line[n - 1] == '\n')
            line[--n] = '\0';
        if (n == 0)
            continue;
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        if (pid == 0) {
            // The child must not share stdin: exit() would move the shared file offset back to
            // its copy of the buffer, and the parent would read the list again.
            int devnull = open("/dev/null", O_RDONLY);
            if (devnull < 0 || dup2(devnull, 0) < 0)
                _exit(3);
            char logname[4096];
            snprintf(logname, sizeof logname, "%s.log", line);
            if (!freopen(logname, "w", stderr))
                _exit(3);
            if (setenv("KCONFIG_CONFIG", line, 1) != 0)
                _exit(3);
            conf_read(NULL);
            if (conf_errors())
                exit(1);
            if (sym_dep_errors())
                exit(1);
            if (conf_write(NULL)) {
                fprintf(stderr, "\n*** Error during writing of the configuration.\n\n");
                exit(1);
            }
            exit(0);
        }
        int status = 0;
        if (waitpid(pid, &status, 0) < 0) {
            perror("waitpid");
            return 1;
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            printf("ok %s\n", line);
        else
            printf("fail %s %d\n", line, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        fflush(stdout);
    }
    free(line);
    return 0;
}
