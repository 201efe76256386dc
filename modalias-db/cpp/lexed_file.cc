#include "modalias-db/cpp/lexer.h"
#include "modalias-db/cpp/lexed_file.h"

#include <algorithm>

namespace hw::cpp {

const LexedFile::Define* LexedFile::define_at(size_t at) const {
    auto it = std::lower_bound(defines.begin(), defines.end(), at,
                               [](const Define& d, size_t pos) { return d.at < pos; });
    return it != defines.end() && it->at == at ? &*it : nullptr;
}

size_t LexedFile::bytes() const {
    size_t n = sizeof(LexedFile) + buffer->size() + arena->bytes() + tokens.capacity() * sizeof(Token) +
               defines.capacity() * sizeof(Define);
    for (const Define& d : defines) {
        if (d.def) {
            n += d.def->body.capacity() * sizeof(Token) + d.def->param_of.capacity() * sizeof(int16_t) +
                 d.def->params.capacity() * sizeof(std::string_view);
        }
    }
    return n;
}

std::shared_ptr<const LexedFile> lex_file(std::shared_ptr<const std::string> buffer, std::string_view path,
                                          Compact compact) {
    auto file = std::make_shared<LexedFile>();
    file->buffer = std::move(buffer);
    file->arena = std::make_unique<TokenArena>();
    LexResult lexed = lex(*file->buffer, 0, path, *file->arena);
    file->tokens = std::move(lexed.tokens);
    // The lexer reserves for the worst case; a shared file is kept for a while. (Before the
    // definitions below take pointers into the vector.)
    if (compact == Compact::Yes) {
        file->tokens.shrink_to_fit();
    }
    file->diagnostics = std::move(lexed.diagnostics);
    const Tokens& toks = file->tokens;
    for (size_t i = 0; i < toks.size(); ++i) {
        // A directive is `#` first on a line; its words run up to the next line's first token.
        if (!toks[i].at_line_start || !toks[i].is_punct('#') || i + 1 >= toks.size() ||
            toks[i + 1].at_line_start || toks[i + 1].text != "define") {
            continue;
        }
        size_t b = i + 2;
        size_t e = b;
        while (e < toks.size() && !toks[e].at_line_start) {
            ++e;
        }
        LexedFile::Define d{static_cast<uint32_t>(i), 0, parse_define(std::span<const Token>(toks.data() + b, e - b), 0,
                                                                       toks[i].line)};
        if (d.def) {
            d.hash = hash_name(d.def->name);
        }
        file->defines.push_back(std::move(d));
        i = e - 1;
    }
    return file;
}

}  // namespace hw::cpp
