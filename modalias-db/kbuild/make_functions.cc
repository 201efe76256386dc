// GNU make's built-in functions for MakeEvaluator. Word functions keep each word's condition
// (split_words / join_words); $(if)/$(or)/$(and) turn "non-empty" into a condition.
#include "modalias-db/kbuild/make_eval.h"
#include "modalias-db/kbuild/make_text.h"

#include <algorithm>
#include <optional>

namespace hw::kbuild {

namespace {

std::string_view dir_of(std::string_view w) {
    size_t slash = w.rfind('/');
    return slash == std::string_view::npos ? std::string_view("./") : w.substr(0, slash + 1);
}

std::string_view notdir_of(std::string_view w) {
    size_t slash = w.rfind('/');
    return slash == std::string_view::npos ? w : w.substr(slash + 1);
}

// Index of the suffix dot in the last path component, npos if none.
size_t suffix_dot(std::string_view w) {
    size_t dot = w.rfind('.');
    size_t slash = w.rfind('/');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
        return std::string_view::npos;
    }
    return dot;
}

}  // namespace

std::vector<std::string> MakeEvaluator::plain_words(std::string_view arg) {
    std::vector<std::string> out;
    for (Word& w : m_marks.split_words(expand(arg))) {
        out.push_back(std::move(w.text));
    }
    return out;
}

void MakeEvaluator::expand_function(std::string_view name, std::string_view args, std::string& out) {
    // Word functions: f(word) for each word of the last argument.
    auto map_words = [&](std::string_view text, auto&& fn) {
        std::vector<Word> ws = m_marks.split_words(expand(text));
        std::vector<Word> kept;
        for (Word& w : ws) {
            if (fn(w)) {
                kept.push_back(std::move(w));
            }
        }
        merge_words(kept);
        out += m_marks.join_words(kept);
    };

    if (name == "subst") {
        auto a = split_args(args, 3);
        if (a.size() < 3) {
            return;
        }
        std::string from = MarkerTable::strip(expand(a[0]));
        std::string to = MarkerTable::strip(expand(a[1]));
        std::string text = expand(a[2]);
        if (from.empty()) {
            out += text;
            return;
        }
        size_t pos = 0;
        for (size_t hit = text.find(from); hit != std::string::npos; hit = text.find(from, pos)) {
            out.append(text, pos, hit - pos);
            out += to;
            pos = hit + from.size();
        }
        out.append(text, pos);
    } else if (name == "patsubst") {
        auto a = split_args(args, 3);
        if (a.size() < 3) {
            return;
        }
        std::string pattern = MarkerTable::strip(trim(expand(a[0])));
        std::string replacement = MarkerTable::strip(trim(expand(a[1])));
        map_words(a[2], [&](Word& w) {
            std::string_view stem;
            if (match_pattern(pattern, w.text, stem)) {
                w.text = replace_pattern(replacement, stem);
            }
            return true;
        });
    } else if (name == "strip") {
        map_words(args, [](Word&) { return true; });
    } else if (name == "findstring") {
        auto a = split_args(args, 2);
        if (a.size() < 2) {
            return;
        }
        std::string find = MarkerTable::strip(expand(a[0]));
        std::vector<Word> alts;
        m_marks.alternatives(expand(a[1]), alts);
        Dnf cond = Dnf::falsity();
        for (const Word& alt : alts) {
            if (alt.text.find(find) != std::string::npos) {
                cond = cond || alt.cond;
            }
        }
        out += m_marks.wrap(cond, "", find);
    } else if (name == "filter" || name == "filter-out") {
        auto a = split_args(args, 2);
        if (a.size() < 2) {
            return;
        }
        std::vector<std::string> patterns = plain_words(a[0]);
        const bool keep_matching = name == "filter";
        map_words(a[1], [&](Word& w) {
            std::string_view stem;
            bool hit = std::any_of(patterns.begin(), patterns.end(),
                                   [&](const std::string& p) { return match_pattern(p, w.text, stem); });
            return hit == keep_matching;
        });
    } else if (name == "sort") {
        std::vector<Word> ws = m_marks.split_words(expand(args));
        std::stable_sort(ws.begin(), ws.end(), [](const Word& x, const Word& y) { return x.text < y.text; });
        out += m_marks.join_words(ws);
    } else if (name == "word" || name == "wordlist" || name == "words" || name == "firstword" ||
               name == "lastword") {
        size_t nargs = name == "word" ? 2 : name == "wordlist" ? 3 : 1;
        auto a = split_args(args, nargs);
        if (a.size() < nargs) {
            return;
        }
        std::vector<Word> ws = m_marks.split_words(expand(a.back()));
        auto number = [&](std::string_view arg) {
            std::string n(trim(MarkerTable::strip(expand(arg))));
            return std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) && !n.empty()
                       ? static_cast<size_t>(std::stoul(n))
                       : 0;
        };
        size_t first = 1;
        size_t last = ws.size();
        if (name == "words") {
            out += std::to_string(ws.size());
            return;
        }
        if (name == "word") {
            first = last = number(a[0]);
        } else if (name == "wordlist") {
            first = number(a[0]);
            last = std::min(number(a[1]), ws.size());
        } else if (name == "firstword") {
            last = std::min<size_t>(1, ws.size());
        } else {
            first = ws.size();
        }
        std::vector<Word> picked;
        for (size_t i = first; i >= 1 && i <= last && i <= ws.size(); ++i) {
            picked.push_back(ws[i - 1]);
        }
        out += m_marks.join_words(picked);
    } else if (name == "dir" || name == "notdir" || name == "suffix" || name == "basename" ||
               name == "realpath" || name == "abspath") {
        map_words(args, [&](Word& w) {
            if (name == "dir") {
                w.text = std::string(dir_of(w.text));
            } else if (name == "notdir") {
                w.text = std::string(notdir_of(w.text));
            } else if (name == "suffix") {
                size_t dot = suffix_dot(w.text);
                if (dot == std::string::npos) {
                    return false;
                }
                w.text = w.text.substr(dot);
            } else if (name == "basename") {
                size_t dot = suffix_dot(w.text);
                if (dot != std::string::npos) {
                    w.text.resize(dot);
                }
            } else {
                // Paths stay tree-relative; the tree root has no meaningful absolute name here.
                w.text = normalize_path(w.text);
            }
            return !w.text.empty();
        });
    } else if (name == "addsuffix" || name == "addprefix") {
        auto a = split_args(args, 2);
        if (a.size() < 2) {
            return;
        }
        std::string affix = MarkerTable::strip(trim(expand(a[0])));
        map_words(a[1], [&](Word& w) {
            w.text = name == "addsuffix" ? w.text + affix : affix + w.text;
            return true;
        });
    } else if (name == "join") {
        auto a = split_args(args, 2);
        if (a.size() < 2) {
            return;
        }
        std::vector<Word> x = m_marks.split_words(expand(a[0]));
        std::vector<Word> y = m_marks.split_words(expand(a[1]));
        std::vector<Word> joined;
        for (size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
            Word w;
            if (i < x.size()) {
                w = x[i];
            }
            if (i < y.size()) {
                w.text += y[i].text;
                w.cond = w.cond && y[i].cond;
            }
            joined.push_back(std::move(w));
        }
        out += m_marks.join_words(joined);
    } else if (name == "wildcard") {
        out += wildcard(expand(args));
    } else if (name == "if") {
        auto a = split_args(args, 3);
        const bool saved = m_tainted;
        m_tainted = false;
        std::vector<Word> alts;
        m_marks.alternatives(expand(trim(a[0])), alts);
        const bool unknown = m_tainted;
        m_tainted = saved || unknown;
        Dnf cond = unknown ? Dnf::truth() : non_empty(alts);
        std::string then_text = a.size() > 1 ? expand(a[1]) : std::string();
        std::string else_text = a.size() > 2 ? expand(a[2]) : std::string();
        std::string yes = m_marks.wrap(cond, "", then_text);
        std::string no = m_marks.wrap(unknown ? Dnf::truth() : !cond, "", else_text);
        out += yes;
        if (!yes.empty() && !no.empty()) {
            out += ' ';
        }
        out += no;
    } else if (name == "or") {
        // The first non-empty argument: argument i counts when all before it are empty.
        Dnf before_empty = Dnf::truth();
        for (std::string_view arg : split_args(args, 0)) {
            std::string value = expand(trim(arg));
            std::vector<Word> alts;
            m_marks.alternatives(value, alts);
            Dnf here = non_empty(alts);
            out += m_marks.wrap(before_empty && here, "", value);
            before_empty = before_empty && !here;
            if (before_empty.is_false()) {
                break;
            }
        }
    } else if (name == "and") {
        Dnf all = Dnf::truth();
        std::string last;
        for (std::string_view arg : split_args(args, 0)) {
            last = expand(trim(arg));
            std::vector<Word> alts;
            m_marks.alternatives(last, alts);
            all = all && non_empty(alts);
        }
        out += m_marks.wrap(all, "", last);
    } else if (name == "foreach") {
        auto a = split_args(args, 3);
        if (a.size() < 3) {
            return;
        }
        std::string var(trim(MarkerTable::strip(expand(a[0]))));
        std::vector<Word> list = m_marks.split_words(expand(a[1]));
        auto old = m_vars.find(var);
        std::optional<Var> saved;
        if (old != m_vars.end()) {
            saved = old->second;
        }
        std::string result;
        for (const Word& w : list) {
            m_vars.insert_or_assign(var, Var{w.text, false, false});
            std::string body = m_marks.wrap(w.cond, w.hint, expand(a[2]));
            if (!body.empty()) {
                if (!result.empty()) {
                    result += ' ';
                }
                result += body;
            }
        }
        if (saved) {
            m_vars.insert_or_assign(var, *saved);
        } else {
            m_vars.erase(var);
        }
        out += result;
    } else if (name == "call") {
        auto a = split_args(args, 0);
        std::vector<std::string> frame;
        frame.push_back(std::string(trim(MarkerTable::strip(expand(a[0])))));
        for (size_t i = 1; i < a.size(); ++i) {
            frame.push_back(expand(a[i]));
        }
        auto it = m_vars.find(frame.front());
        if (it == m_vars.end() || m_depth > 64) {
            m_tainted = true;
            return;
        }
        std::string body = it->second.value;
        const bool recursive = it->second.recursive;
        m_call_args.push_back(std::move(frame));
        ++m_depth;
        if (recursive) {
            expand_into(body, out);
        } else {
            out += body;
        }
        --m_depth;
        m_call_args.pop_back();
    } else if (name == "value") {
        auto it = m_vars.find(trim(MarkerTable::strip(expand(args))));
        if (it != m_vars.end()) {
            out += it->second.value;
        }
    } else if (name == "eval") {
        if (m_depth > 64) {
            return;
        }
        std::string text = expand(args);
        const std::string_view saved_line = m_line_text;
        const int saved_lineno = m_lineno;
        const std::string_view path = m_path;
        ++m_depth;
        eval_text(text, path);
        --m_depth;
        m_line_text = saved_line;
        m_lineno = saved_lineno;
    } else if (name == "origin" || name == "flavor") {
        auto it = m_vars.find(trim(MarkerTable::strip(expand(args))));
        if (it == m_vars.end()) {
            out += "undefined";
        } else if (name == "origin") {
            out += "file";
        } else {
            out += it->second.recursive ? "recursive" : "simple";
        }
    } else if (name == "shell" || name == "file" || name == "let" || name == "intcmp") {
        m_tainted = true;  // nothing runs here: the value is unknown
    }
    // error, warning, info: no value (and no effect: every branch is read).
}

}  // namespace hw::kbuild
