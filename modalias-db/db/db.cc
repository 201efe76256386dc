#include "modalias-db/db/db.h"

#include "schema.h"

#include <sqlite3.h>

#include <unordered_map>

namespace hw::db {

Statement::Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        m_stmt = nullptr;
    }
}
Statement::Statement(sqlite3* db, std::string_view sql, std::string* error_sink) : m_db(db), m_sink(error_sink) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
        m_stmt = nullptr;
        record_error();
    }
}
void Statement::record_error() {
    if (m_sink != nullptr && m_sink->empty()) {
        *m_sink = m_db == nullptr ? "out of memory" : sqlite3_errmsg(m_db);
    }
}
Statement::Statement(Statement&& o) noexcept : m_stmt(o.m_stmt), m_db(o.m_db), m_sink(o.m_sink) { o.m_stmt = nullptr; }
Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_stmt = o.m_stmt;
        m_db = o.m_db;
        m_sink = o.m_sink;
        o.m_stmt = nullptr;
    }
    return *this;
}
Statement::~Statement() { sqlite3_finalize(m_stmt); }
Statement& Statement::bind(int index, int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}
Statement& Statement::bind(int index, std::string_view value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind_blob(int index, std::string_view value) {
    sqlite3_bind_blob(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    return *this;
}
std::string_view Statement::column_blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, col));
    return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)));
}
int Statement::exec() { return m_stmt == nullptr ? SQLITE_MISUSE : sqlite3_step(m_stmt); }
bool Statement::step() {
    if (m_stmt == nullptr) {
        return false;
    }
    int rc = sqlite3_step(m_stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        record_error();
    }
    return rc == SQLITE_ROW;
}
void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}
int64_t Statement::column_int(int col) const { return sqlite3_column_int64(m_stmt, col); }
std::string_view Statement::column_text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, col));
    return p == nullptr ? std::string_view() : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, col)));
}

namespace {

std::string errmsg(sqlite3* db) { return db == nullptr ? "out of memory" : sqlite3_errmsg(db); }

}  // namespace

std::expected<Writer, DbError> Writer::create(const std::filesystem::path& path) {
    Writer w;
    w.m_path = path;
    w.m_tmp = path;
    w.m_tmp += ".tmp";
    std::error_code ec;
    std::filesystem::remove(w.m_tmp, ec);
    if (sqlite3_open_v2(w.m_tmp.c_str(), &w.m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        return std::unexpected(DbError{path.string() + ": cannot create index: " + errmsg(w.m_db)});
    }
    // Nothing reads the file before the rename, so durability per statement buys nothing.
    std::string setup = "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA user_version=" +
                        std::to_string(kSchemaVersion) + ";" + kSchemaSql + "BEGIN;";
    char* err = nullptr;
    if (sqlite3_exec(w.m_db, setup.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = path.string() + ": cannot create index: " + (err != nullptr ? err : "unknown error");
        sqlite3_free(err);
        return std::unexpected(DbError{msg});
    }
    w.m_meta = Statement(w.m_db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    w.m_cond = Statement(w.m_db, "INSERT INTO conds(id, expr) VALUES(?, ?)");
    w.m_module = Statement(w.m_db, "INSERT INTO modules(name, path, symbol, cond, modular) VALUES(?, ?, ?, ?, ?)");
    w.m_source = Statement(w.m_db, "INSERT INTO module_sources(module, source, cond) VALUES(?, ?, ?)");
    w.m_alias = Statement(w.m_db, "INSERT INTO aliases(module, pattern, type, bus, cond, source, line) VALUES(?, ?, ?, ?, ?, ?, ?)");
    w.m_modinfo = Statement(w.m_db, "INSERT INTO modinfo(module, tag, value, cond, source, line) VALUES(?, ?, ?, ?, ?, ?)");
    w.m_problem = Statement(w.m_db, "INSERT INTO problems(phase, path, line, col, severity, message) VALUES(?, ?, ?, ?, ?, ?)");
    w.m_kmodel = Statement(w.m_db, "INSERT INTO kconfig_model(format, data) VALUES(?, ?)");
    w.m_ksymbol = Statement(w.m_db, "INSERT INTO kconfig_symbols(name, type, file, line) VALUES(?, ?, ?, ?)");
    w.m_kprobe = Statement(w.m_db, "INSERT INTO kconfig_probes(command, output) VALUES(?, ?)");
    w.m_kfragment = Statement(w.m_db, "INSERT OR REPLACE INTO kconfig_fragments(path, text) VALUES(?, ?)");
    w.cond_id(Cond::truth());
    return w;
}

Writer::Writer(Writer&& o) noexcept
    : m_path(std::move(o.m_path)), m_tmp(std::move(o.m_tmp)), m_db(o.m_db), m_meta(std::move(o.m_meta)),
      m_cond(std::move(o.m_cond)), m_module(std::move(o.m_module)), m_source(std::move(o.m_source)),
      m_alias(std::move(o.m_alias)), m_modinfo(std::move(o.m_modinfo)), m_problem(std::move(o.m_problem)),
      m_kmodel(std::move(o.m_kmodel)), m_ksymbol(std::move(o.m_ksymbol)), m_kprobe(std::move(o.m_kprobe)),
      m_kfragment(std::move(o.m_kfragment)), m_conds(std::move(o.m_conds)), m_error(std::move(o.m_error)) {
    o.m_db = nullptr;
}

Writer::~Writer() {
    if (m_db != nullptr) {
        // Statements must be finalised before the connection closes.
        finalize_statements();
        sqlite3_close(m_db);
        std::error_code ec;
        std::filesystem::remove(m_tmp, ec);
    }
}

void Writer::record(Statement& stmt) {
    int rc = stmt.exec();
    if (rc != SQLITE_DONE && m_error.empty()) {
        m_error = errmsg(m_db);
    }
    stmt.reset();
}

void Writer::finalize_statements() {
    for (Statement* s : {&m_meta, &m_cond, &m_module, &m_source, &m_alias, &m_modinfo, &m_problem, &m_kmodel,
                         &m_ksymbol, &m_kprobe, &m_kfragment}) {
        *s = Statement();
    }
}

void Writer::set_meta(std::string_view key, std::string_view value) {
    m_meta.bind(1, key).bind(2, value);
    record(m_meta);
}

int64_t Writer::cond_id(const Cond& cond) {
    std::string text = cond.to_string();
    auto it = m_conds.find(text);
    if (it != m_conds.end()) {
        return it->second;
    }
    int64_t id = static_cast<int64_t>(m_conds.size()) + 1;
    m_cond.bind(1, id).bind(2, text);
    record(m_cond);
    m_conds.emplace(std::move(text), id);
    return id;
}

int64_t Writer::add_module(const ModuleRow& m) {
    int64_t cond = cond_id(m.cond);
    m_module.bind(1, m.name).bind(2, m.path).bind(3, m.symbol).bind(4, cond).bind(5, int64_t{m.modular ? 1 : 0});
    record(m_module);
    return sqlite3_last_insert_rowid(m_db);
}

void Writer::add_module_source(int64_t module, std::string_view source, const Cond& cond) {
    int64_t c = cond_id(cond);
    m_source.bind(1, module).bind(2, source).bind(3, c);
    record(m_source);
}

void Writer::add_alias(int64_t module, std::string_view pattern, std::string_view type, const Cond& cond,
                       std::string_view source, int line) {
    int64_t c = cond_id(cond);
    m_alias.bind(1, module).bind(2, pattern).bind(3, type).bind(4, bus_of(pattern)).bind(5, c).bind(6, source).bind(7, int64_t{line});
    record(m_alias);
}

void Writer::add_modinfo(int64_t module, std::string_view tag, std::string_view value, const Cond& cond,
                         std::string_view source, int line) {
    int64_t c = cond_id(cond);
    m_modinfo.bind(1, module).bind(2, tag).bind(3, value).bind(4, c).bind(5, source).bind(6, int64_t{line});
    record(m_modinfo);
}

void Writer::add_problem(std::string_view phase, const Diagnostic& d) {
    m_problem.bind(1, phase).bind(2, d.path).bind(3, int64_t{d.line}).bind(4, int64_t{d.col})
        .bind(5, std::string_view(d.severity == Severity::Error ? "error" : "warning")).bind(6, d.message);
    record(m_problem);
}

void Writer::set_kconfig_model(int format, std::string_view data) {
    m_kmodel.bind(1, int64_t{format}).bind_blob(2, data);
    record(m_kmodel);
}

void Writer::add_kconfig_symbol(std::string_view name, std::string_view type, std::string_view file, int line) {
    m_ksymbol.bind(1, name).bind(2, type).bind(3, file).bind(4, int64_t{line});
    record(m_ksymbol);
}

void Writer::add_kconfig_probe(std::string_view command, std::string_view output) {
    m_kprobe.bind(1, command).bind(2, output);
    record(m_kprobe);
}

void Writer::add_kconfig_fragment(std::string_view path, std::string_view text) {
    m_kfragment.bind(1, path).bind(2, text);
    record(m_kfragment);
}

std::expected<void, DbError> Writer::commit() {
    char* err = nullptr;
    if (sqlite3_exec(m_db, "COMMIT;", nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = m_path.string() + ": cannot write index: " + (err != nullptr ? err : "unknown error");
        sqlite3_free(err);
        return std::unexpected(DbError{msg});
    }
    if (!m_error.empty()) {
        return std::unexpected(DbError{m_path.string() + ": " + m_error});
    }
    finalize_statements();
    sqlite3_close(m_db);
    m_db = nullptr;
    std::error_code ec;
    std::filesystem::rename(m_tmp, m_path, ec);
    if (ec) {
        std::filesystem::remove(m_tmp, ec);
        return std::unexpected(DbError{m_path.string() + ": cannot write index: " + ec.message()});
    }
    return {};
}

std::string bus_of(std::string_view pattern) {
    size_t end = pattern.find_first_of(":*");
    std::string_view head = pattern.substr(0, end);
    if (end == std::string_view::npos) {
        size_t dash = pattern.find('-');
        head = pattern.substr(0, dash);
    }
    return std::string(head);
}

std::expected<Reader, DbError> Reader::open(const std::filesystem::path& path) {
    Reader r;
    r.m_path = path;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return std::unexpected(DbError{path.string() + ": no such index (create one with `hwneeds index`)"});
    }
    if (sqlite3_open_v2(path.c_str(), &r.m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        return std::unexpected(DbError{path.string() + ": cannot open index: " + errmsg(r.m_db)});
    }
    Statement version(r.m_db, "PRAGMA user_version");
    if (!version.ok()) {
        return std::unexpected(DbError{path.string() + ": not a hwneeds index (" + errmsg(r.m_db) + ")"});
    }
    int64_t v = version.step() ? version.column_int(0) : -1;
    Statement probe(r.m_db, "SELECT value FROM meta WHERE key = 'generator'");
    if (!probe.ok() || !probe.step() || !probe.column_text(0).starts_with("hwneeds")) {
        return std::unexpected(DbError{path.string() + ": not a hwneeds index"});
    }
    if (v != kSchemaVersion) {
        return std::unexpected(DbError{path.string() + ": index schema version " + std::to_string(v) +
                                       ", but this hwneeds reads version " + std::to_string(kSchemaVersion) +
                                       "; re-create it with `hwneeds index`"});
    }
    return r;
}

Reader::Reader(Reader&& o) noexcept
    : m_path(std::move(o.m_path)), m_db(o.m_db), m_error(std::move(o.m_error)), m_conds(std::move(o.m_conds)),
      m_conds_loaded(o.m_conds_loaded) {
    o.m_db = nullptr;
}

std::optional<DbError> Reader::read_error() const {
    if (m_error.empty()) {
        return std::nullopt;
    }
    return DbError{m_path.string() + ": cannot read the index: " + m_error +
                   " (a damaged file? re-create it with `hwneeds index`)"};
}
Reader::~Reader() { sqlite3_close(m_db); }

std::map<std::string, std::string> Reader::meta() const {
    std::map<std::string, std::string> out;
    Statement s(m_db, "SELECT key, value FROM meta", &m_error);
    while (s.step()) {
        out.emplace(s.column_text(0), s.column_text(1));
    }
    return out;
}

namespace {

const Cond& cond_of(const std::unordered_map<int64_t, Cond>& conds, int64_t id) {
    static const Cond never = Cond::falsity();
    auto it = conds.find(id);
    return it == conds.end() ? never : it->second;  // a dangling id: a damaged file, "never"
}

std::unordered_map<int64_t, Cond> load_conds(sqlite3* db, std::string* error) {
    std::unordered_map<int64_t, Cond> out;
    Statement s(db, "SELECT id, expr FROM conds", error);
    while (s.step()) {
        auto c = parse_cond(s.column_text(1));
        // The writer only stores canonical text; an unparsable one means a damaged file, and the
        // safest reading of it is "never".
        out.emplace(s.column_int(0), c ? *c : Cond::falsity());
    }
    return out;
}

}  // namespace

const std::unordered_map<int64_t, Cond>& Reader::conds() const {
    if (!m_conds_loaded) {
        m_conds = load_conds(m_db, &m_error);
        m_conds_loaded = true;
    }
    return m_conds;
}

void Reader::for_each_alias(const std::function<void(const AliasRow&)>& fn) const {
    const auto& conds = this->conds();
    Statement s(m_db,
                "SELECT a.pattern, a.type, a.bus, a.cond, a.source, a.line, m.name, m.path, m.symbol, m.cond, m.modular "
                "FROM aliases a JOIN modules m ON m.id = a.module ORDER BY m.path, a.rowid", &m_error);
    AliasRow row;
    while (s.step()) {
        row.pattern = s.column_text(0);
        row.type = s.column_text(1);
        row.bus = s.column_text(2);
        row.cond = cond_of(conds, s.column_int(3));
        row.source = s.column_text(4);
        row.line = static_cast<int>(s.column_int(5));
        row.module = s.column_text(6);
        row.module_path = s.column_text(7);
        row.symbol = s.column_text(8);
        row.module_cond = cond_of(conds, s.column_int(9));
        row.modular = s.column_int(10) != 0;
        fn(row);
    }
}

void Reader::for_each_module(const std::function<void(const ModuleRow&)>& fn) const {
    const auto& conds = this->conds();
    Statement s(m_db, "SELECT name, path, symbol, cond, modular, id FROM modules ORDER BY path", &m_error);
    ModuleRow row;
    while (s.step()) {
        row.name = s.column_text(0);
        row.path = s.column_text(1);
        row.symbol = s.column_text(2);
        row.cond = cond_of(conds, s.column_int(3));
        row.modular = s.column_int(4) != 0;
        row.id = s.column_int(5);
        fn(row);
    }
}

void Reader::for_each_alias_brief(
    const std::function<void(int64_t, std::string_view, const Cond&)>& fn) const {
    const auto& conds = this->conds();
    Statement s(m_db, "SELECT module, pattern, cond FROM aliases ORDER BY rowid", &m_error);
    while (s.step()) {
        fn(s.column_int(0), s.column_text(1), cond_of(conds, s.column_int(2)));
    }
}

void Reader::for_each_modinfo(std::string_view tag,
                              const std::function<void(std::string_view, std::string_view, const Cond&)>& fn) const {
    const auto& conds = this->conds();
    Statement s(m_db, "SELECT m.path, i.value, i.cond FROM modinfo i JOIN modules m ON m.id = i.module "
                      "WHERE i.tag = ?1 ORDER BY m.path, i.rowid", &m_error);
    s.bind(1, tag);
    while (s.step()) {
        fn(s.column_text(0), s.column_text(1), cond_of(conds, s.column_int(2)));
    }
}

int64_t Reader::count(std::string_view table) const {
    Statement s(m_db, "SELECT count(*) FROM " + std::string(table), &m_error);
    return s.step() ? s.column_int(0) : 0;
}

std::expected<Reader::KconfigModel, DbError> Reader::kconfig_model() const {
    Statement s(m_db, "SELECT format, data FROM kconfig_model LIMIT 1", &m_error);
    if (!s.step()) {
        if (auto bad = read_error()) {
            return std::unexpected(*bad);
        }
        return std::unexpected(DbError{m_path.string() + ": the index has no Kconfig model (index the tree again "
                                                         "without --no-kconfig; see its problems table)"});
    }
    return KconfigModel{static_cast<int>(s.column_int(0)), std::string(s.column_blob(1))};
}

std::optional<std::string> Reader::kconfig_fragment(std::string_view path) const {
    Statement s(m_db, "SELECT text FROM kconfig_fragments WHERE path = ?", &m_error);
    s.bind(1, path);
    if (!s.step()) {
        return std::nullopt;
    }
    return std::string(s.column_text(0));
}

std::vector<std::pair<std::string, int>> Reader::kconfig_definitions(std::string_view name) const {
    std::vector<std::pair<std::string, int>> out;
    Statement s(m_db, "SELECT file, line FROM kconfig_symbols WHERE name = ? ORDER BY rowid", &m_error);
    s.bind(1, name);
    while (s.step()) {
        out.emplace_back(std::string(s.column_text(0)), static_cast<int>(s.column_int(1)));
    }
    return out;
}

}  // namespace hw::db
