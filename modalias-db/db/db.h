// Reading and writing the index file (schema: schema.sql). SQLite is used from one thread:
// the writer fills the whole index in one transaction into "<out>.tmp" and renames it into
// place on commit, so a failed run never leaves a half-written index behind.
#pragma once

#include "common/condition.h"
#include "common/diagnostic.h"

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <vector>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace hw::db {

struct DbError {
    std::string message;  // complete, for people: "FILE: what went wrong"
};

// Owns a prepared statement.
class Statement {
public:
    Statement() = default;
    Statement(sqlite3* db, std::string_view sql);
    // Errors (a statement that does not prepare, a step that fails: a damaged file) are written
    // to *error_sink when it is still empty, instead of ending the rows silently.
    Statement(sqlite3* db, std::string_view sql, std::string* error_sink);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return m_stmt != nullptr; }
    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::string_view value);
    Statement& bind_blob(int index, std::string_view value);
    bool step();   // true while a row is available
    int exec();    // runs once, returns the sqlite3 result code
    void reset();  // ready for new bindings
    int64_t column_int(int col) const;
    std::string_view column_text(int col) const;
    std::string_view column_blob(int col) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
    std::string* m_sink = nullptr;
    void record_error();
};

struct ModuleRow {
    std::string name, path, symbol;
    Cond cond;
    bool modular = true;
    int64_t id = 0;  // its row id, as Reader gives it (the writer assigns its own)
};

class Writer {
public:
    // Creates "<path>.tmp", applies the schema and starts the transaction.
    static std::expected<Writer, DbError> create(const std::filesystem::path& path);
    Writer(Writer&&) noexcept;
    ~Writer();  // without commit(): the temporary file is removed

    void set_meta(std::string_view key, std::string_view value);
    int64_t add_module(const ModuleRow& module);
    void add_module_source(int64_t module, std::string_view source, const Cond& cond);
    void add_alias(int64_t module, std::string_view pattern, std::string_view type, const Cond& cond,
                   std::string_view source, int line);
    void add_modinfo(int64_t module, std::string_view tag, std::string_view value, const Cond& cond,
                     std::string_view source, int line);
    void add_problem(std::string_view phase, const Diagnostic& d);

    // Kconfig (schema version 2).
    void set_kconfig_model(int format, std::string_view data);
    void add_kconfig_symbol(std::string_view name, std::string_view type, std::string_view file, int line);
    void add_kconfig_probe(std::string_view command, std::string_view output);
    void add_kconfig_fragment(std::string_view path, std::string_view text);

    // Commits and moves the file into place.
    std::expected<void, DbError> commit();

private:
    Writer() = default;
    int64_t cond_id(const Cond& cond);
    void finalize_statements();
    void record(Statement& stmt);  // runs an INSERT, keeps the first error for commit()

    std::filesystem::path m_path, m_tmp;
    sqlite3* m_db = nullptr;
    Statement m_meta, m_cond, m_module, m_source, m_alias, m_modinfo, m_problem;
    Statement m_kmodel, m_ksymbol, m_kprobe, m_kfragment;
    std::unordered_map<std::string, int64_t> m_conds;
    std::string m_error;  // first error seen; reported by commit()
};

// The bus of an alias pattern, for grouping: the text before the first ':' or '*', or before
// the first '-' for names like "fs-ext4"/"char-major-10-1"/"crypto-aes" ("fs", "char", "crypto").
std::string bus_of(std::string_view pattern);

struct AliasRow {
    std::string pattern, type, bus, module, module_path, symbol, source;
    Cond cond, module_cond;
    bool modular = true;
    int line = 0;
};

class Reader {
public:
    // Opens an existing index read-only and checks that it is one, of this schema version.
    static std::expected<Reader, DbError> open(const std::filesystem::path& path);
    Reader(Reader&&) noexcept;
    ~Reader();

    std::map<std::string, std::string> meta() const;
    // Every alias, ordered by module path, then as recorded.
    void for_each_alias(const std::function<void(const AliasRow&)>& fn) const;
    // Every module, ordered by path.
    void for_each_module(const std::function<void(const ModuleRow&)>& fn) const;
    // Every alias, lean and fast (no join, no sort): the module's row id (ModuleRow::id), the
    // pattern and the entry's condition, in the order they were written.
    void for_each_alias_brief(
        const std::function<void(int64_t module_id, std::string_view pattern, const Cond& cond)>& fn) const;
    int64_t count(std::string_view table) const;
    // Every .modinfo fact with this tag ("softdep", "firmware"): (module path, value, cond),
    // ordered by module path, then as recorded.
    void for_each_modinfo(std::string_view tag,
                          const std::function<void(std::string_view module_path, std::string_view value,
                                                   const Cond& cond)>& fn) const;

    // The serialized Kconfig model and its format version; an error naming the file when the
    // index has none (indexed with --no-kconfig, or the model could not be parsed).
    struct KconfigModel {
        int format = 0;
        std::string data;
    };
    std::expected<KconfigModel, DbError> kconfig_model() const;
    // The first error a read met since open (a damaged page, ...): every for_each_* and query
    // above stops at such an error, so a caller checks this before trusting what it got.
    std::optional<DbError> read_error() const;

    // A config fragment by tree-relative path, or nullopt.
    std::optional<std::string> kconfig_fragment(std::string_view path) const;
    // Where a symbol is defined: (file, line) pairs.
    std::vector<std::pair<std::string, int>> kconfig_definitions(std::string_view name) const;

private:
    Reader() = default;
    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    mutable std::string m_error;  // first read error (read_error)
    // The conds table, parsed once on first use.
    const std::unordered_map<int64_t, Cond>& conds() const;
    mutable std::unordered_map<int64_t, Cond> m_conds;
    mutable bool m_conds_loaded = false;
};

}  // namespace hw::db
