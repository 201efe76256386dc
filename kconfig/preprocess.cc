#include "kconfig/preprocess.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace hw::kconfig {

namespace {

constexpr size_t kShellOutputMax = 4095;  // the kernel reads at most 4 KiB - 1 of output
constexpr int kMaxRecursion = 1000;

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

}  // namespace

RealShellRunner::RealShellRunner(Environment env, std::string workdir)
    : m_env(std::move(env)), m_workdir(std::move(workdir)) {}

std::string RealShellRunner::run(std::string_view command) {
    std::string key(command);
    if (auto it = m_cache.find(key); it != m_cache.end()) {
        return it->second;
    }
    ++m_runs;
    // Environment: the process's, with ours on top.
    std::vector<std::string> env_strings;
    for (char** e = environ; *e != nullptr; ++e) {
        std::string_view kv(*e);
        std::string_view name = kv.substr(0, kv.find('='));
        if (!m_env.vars.contains(name)) {
            env_strings.emplace_back(kv);
        }
    }
    for (const auto& [k, v] : m_env.vars) {
        env_strings.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& s : env_strings) {
        envp.push_back(s.data());
    }
    envp.push_back(nullptr);

    int fds[2];
    if (pipe(fds) != 0) {
        return {};
    }
    std::string script = "cd '" + m_workdir + "' && { " + key + "\n}";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    const char* argv[] = {"/bin/sh", "-c", script.c_str(), nullptr};
    pid_t pid = 0;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, const_cast<char**>(argv), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    std::string out;
    if (rc == 0) {
        char buf[4096];
        ssize_t n = 0;
        while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
            if (n > 0) {
                out.append(buf, static_cast<size_t>(n));
            }
        }
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    close(fds[0]);
    m_cache.emplace(key, out);
    m_order.push_back(key);
    return out;
}

std::vector<std::pair<std::string, std::string>> RealShellRunner::probes() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(m_order.size());
    for (const std::string& cmd : m_order) {
        out.emplace_back(cmd, m_cache.at(cmd));
    }
    return out;
}

void Preprocessor::error(std::string message) {
    m_diags.push_back({m_file, m_line, 0, Severity::Error, std::move(message)});
}

void Preprocessor::add_variable(std::string_view name, std::string_view value, Flavor flavor) {
    std::string key(name);
    auto it = m_vars.find(key);
    bool append = false;
    if (it != m_vars.end() && flavor == Flavor::Append) {
        flavor = it->second.flavor;
        append = true;
    } else if (flavor == Flavor::Append) {
        flavor = Flavor::Recursive;
    }
    std::string v = flavor == Flavor::Simple ? expand_string(value) : std::string(value);
    Variable& var = m_vars[key];
    var.flavor = flavor;
    if (append) {
        var.value += ' ';
        var.value += v;
    } else {
        var.value = std::move(v);
    }
}

std::string Preprocessor::expand_string(std::string_view in) {
    size_t consumed = 0;
    return expand(in, /*token=*/false, consumed, {});
}

std::string Preprocessor::expand_token(std::string_view in, size_t& consumed) {
    return expand(in, /*token=*/true, consumed, {});
}

std::string Preprocessor::expand_dollar(std::string_view in, size_t& consumed) {
    return dollar(in, consumed, {});
}

std::string Preprocessor::expand(std::string_view in, bool token, size_t& consumed,
                                 const std::vector<std::string>& args) {
    std::string out;
    size_t i = 0;
    size_t start = 0;
    while (i < in.size()) {
        if (in[i] == '$') {
            out.append(in.substr(start, i - start));
            size_t used = 0;
            out += dollar(in.substr(i + 1), used, args);
            i += 1 + used;
            start = i;
            continue;
        }
        if (token && !is_token_char(in[i])) {
            break;
        }
        ++i;
    }
    out.append(in.substr(start, i - start));
    consumed = i;
    return out;
}

std::string Preprocessor::dollar(std::string_view in, size_t& consumed,
                                 const std::vector<std::string>& args) {
    if (in.empty() || in[0] != '(') {
        consumed = 0;
        return "$";
    }
    int nest = 0;
    size_t q = 1;
    for (; q < in.size(); ++q) {
        if (in[q] == '(') {
            ++nest;
        } else if (in[q] == ')') {
            if (nest-- == 0) {
                break;
            }
        }
    }
    if (q >= in.size()) {
        error("unterminated reference to '" + std::string(in.substr(1)) + "': missing ')'");
        consumed = in.size();
        return {};
    }
    consumed = q + 1;
    return eval_clause(in.substr(1, q - 1), args);
}

std::string Preprocessor::eval_clause(std::string_view clause, const std::vector<std::string>& args) {
    // $(1), $(2): the arguments of the recursive variable being expanded.
    if (!clause.empty() && clause.size() < 4) {
        bool digits = true;
        for (char c : clause) {
            digits = digits && c >= '0' && c <= '9';
        }
        if (digits) {
            size_t n = static_cast<size_t>(std::atoi(std::string(clause).c_str()));
            if (n > 0 && n <= args.size()) {
                return args[n - 1];
            }
        }
    }
    std::vector<std::string_view> parts;
    int nest = 0;
    size_t prev = 0;
    for (size_t i = 0; i < clause.size(); ++i) {
        char c = clause[i];
        if (nest == 0 && c == ',') {
            parts.push_back(clause.substr(prev, i - prev));
            prev = i + 1;
        } else if (c == '(') {
            ++nest;
        } else if (c == ')') {
            --nest;
        }
    }
    parts.push_back(clause.substr(prev));
    size_t dummy = 0;
    std::string name = expand(parts[0], false, dummy, args);
    std::vector<std::string> call_args;
    for (size_t i = 1; i < parts.size(); ++i) {
        call_args.push_back(expand(parts[i], false, dummy, args));
    }
    if (auto it = m_vars.find(name); it != m_vars.end()) {
        Variable& v = it->second;
        if (call_args.empty() && v.exp_count > 0) {
            error("Recursive variable '" + name + "' references itself (eventually)");
            return {};
        }
        if (v.exp_count > kMaxRecursion) {
            error("Too deep recursive expansion");
            return {};
        }
        ++v.exp_count;
        std::string res = v.flavor == Flavor::Recursive ? expand(std::string(v.value), false, dummy, call_args)
                                                        : v.value;
        // The map may have grown; find the variable again.
        m_vars[name].exp_count--;
        return res;
    }
    std::string out;
    if (call_function(name, call_args, out)) {
        return out;
    }
    if (call_args.empty()) {
        if (auto it = m_env.vars.find(name); it != m_env.vars.end()) {
            return it->second;
        }
    }
    return {};
}

bool Preprocessor::call_function(std::string_view name, const std::vector<std::string>& args,
                                 std::string& out) {
    struct Fn {
        std::string_view name;
        size_t min_args;
        size_t max_args;
    };
    static constexpr Fn kFunctions[] = {{"error-if", 2, 2}, {"filename", 0, 0}, {"info", 1, 1},
                                        {"lineno", 0, 0},   {"shell", 1, 1},    {"warning-if", 2, 2}};
    const Fn* fn = nullptr;
    for (const Fn& f : kFunctions) {
        if (f.name == name) {
            fn = &f;
        }
    }
    if (fn == nullptr) {
        return false;
    }
    if (args.size() < fn->min_args) {
        error("too few function arguments passed to '" + std::string(name) + "'");
        return true;
    }
    if (args.size() > fn->max_args) {
        error("too many function arguments passed to '" + std::string(name) + "'");
        return true;
    }
    if (name == "error-if") {
        if (args[0] == "y") {
            error(args[1]);
        }
    } else if (name == "filename") {
        out = m_file;
    } else if (name == "info") {
        m_messages.push_back(args[0]);
    } else if (name == "lineno") {
        out = std::to_string(m_line);
    } else if (name == "shell") {
        out = shell(args[0]);
    } else if (name == "warning-if") {
        if (args[0] == "y") {
            m_messages.push_back(m_file + ":" + std::to_string(m_line) + ": " + args[1]);
        }
    }
    return true;
}

std::string Preprocessor::shell(std::string_view command) {
    std::string out = m_runner.run(command);
    if (out.size() > kShellOutputMax) {
        out.resize(kShellOutputMax);
    }
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    for (char& c : out) {
        if (c == '\n') {
            c = ' ';
        }
    }
    return out;
}

}  // namespace hw::kconfig
