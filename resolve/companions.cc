#include "resolve/companions.h"

#include "resolve/profile.h"  // the shared line syntax: split_data_lines, check_reason

#include "companions_data.h"

#include <optional>
#include <utility>

namespace hw::resolve {

namespace {

using Problem = std::pair<int, std::string>;  // column, message

bool is_module_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

std::optional<Problem> check_module_name(const DataField& f) {
    for (size_t i = 0; i < f.text.size(); ++i) {
        if (f.text[i] == '-') {
            std::string fixed(f.text);
            for (char& c : fixed) {
                c = c == '-' ? '_' : c;
            }
            return Problem{f.col, "module names are written with '_' as in modules.alias: '" +
                                      fixed + "'"};
        }
        if (!is_module_char(f.text[i])) {
            return Problem{f.col, "invalid module name '" + std::string(f.text) + "'"};
        }
    }
    return std::nullopt;
}

// What is wrong with the fields of a line: exactly MODULE and COMPANION, two different names.
std::optional<Problem> check_fields(const DataLine& line) {
    const std::vector<DataField>& f = line.fields;
    if (f.empty()) {
        return Problem{line.dashes_col, "expected a module and its companion before '--'"};
    }
    if (auto p = check_module_name(f[0])) {
        return p;
    }
    if (f.size() < 2) {
        return Problem{f[0].col + static_cast<int>(f[0].text.size()),
                       "expected a companion module after '" + std::string(f[0].text) + "'"};
    }
    if (auto p = check_module_name(f[1])) {
        return p;
    }
    if (f.size() > 2) {
        return Problem{f[2].col, "unexpected '" + std::string(f[2].text) +
                                     "' after the companion (expected '--')"};
    }
    if (f[0].text == f[1].text) {
        return Problem{f[1].col, std::string(f[0].text) + " cannot be its own companion"};
    }
    return std::nullopt;
}

const Companion* find_pair(const std::vector<Companion>& list, std::string_view module,
                           std::string_view companion) {
    for (const Companion& c : list) {
        if (c.module == module && c.companion == companion) {
            return &c;
        }
    }
    return nullptr;
}

}  // namespace

std::expected<std::vector<Companion>, Diagnostic> parse_companions(std::string_view text,
                                                                   std::string_view path) {
    std::vector<Companion> out;
    for (const DataLine& line : split_data_lines(text)) {
        std::optional<Problem> problem = check_fields(line);
        if (!problem) {
            problem = check_reason(line);
        }
        if (!problem) {
            std::string_view module = line.fields[0].text;
            std::string_view companion = line.fields[1].text;
            if (const Companion* earlier = find_pair(out, module, companion)) {
                problem = Problem{line.fields[0].col,
                                  std::string(module) + " -> " + std::string(companion) +
                                      " is already on line " + std::to_string(earlier->line)};
            }
        }
        if (problem) {
            return std::unexpected(Diagnostic{std::string(path), line.line, problem->first,
                                              Severity::Error, std::move(problem->second)});
        }
        out.push_back({std::string(line.fields[0].text), std::string(line.fields[1].text),
                       std::string(line.reason), line.line});
    }
    return out;
}

std::string_view builtin_companions_text() { return builtin::kCompanionsText; }

std::string_view builtin_companions_path() { return builtin::kCompanionsPath; }

}  // namespace hw::resolve
