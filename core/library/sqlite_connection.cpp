#include "library/sqlite_connection.h"

#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <utility>

namespace clipdesk {
namespace {

std::string describe(sqlite3* db, int rc) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = rc & 0xFF;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        message += " (the library database is damaged; restore it from a backup, or delete the library "
                   "folder and index the photos again)";
    return message;
}

// A read-only "file:" URI for `path`. With a writer's log beside it (-wal and -shm), read-only
// so that its recent commits are seen; otherwise immutable, which creates nothing: a read-only
// connection would leave a -wal and -shm of its own, owned by this user, that could keep the
// library's owner from writing it.
std::string readOnlyUri(const std::string& path) {
    std::string uri = "file:";
    for (const unsigned char c : std::filesystem::absolute(path).string()) {
        if (c == '%' || c == '?' || c == '#' || c < 0x20 || c >= 0x7F) {
            char escaped[4];
            std::snprintf(escaped, sizeof escaped, "%%%02X", c);
            uri += escaped;
        } else {
            uri += static_cast<char>(c);
        }
    }
    std::error_code ec;
    const bool writerLog = std::filesystem::exists(path + "-wal", ec) && std::filesystem::exists(path + "-shm", ec);
    return uri + (writerLog ? "?mode=ro" : "?immutable=1");
}

}  // namespace

bool SqliteError::isCorruption() const { return code_ == SQLITE_CORRUPT || code_ == SQLITE_NOTADB; }

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql, const std::string& dbPath)
    : db_(db), dbPath_(dbPath) {
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(rc);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), dbPath_(std::move(other.dbPath_)) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::fail(int rc) const { throw SqliteError(dbPath_ + ": " + describe(db_, rc), rc & 0xFF); }

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) fail(rc);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    if (const int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) fail(rc);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
    if (const int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK)
        fail(rc);
    return *this;
}

SqliteStatement& SqliteStatement::bindBlob(int index, const void* data, std::size_t size) {
    if (const int rc = sqlite3_bind_blob64(stmt_, index, data, size, SQLITE_TRANSIENT); rc != SQLITE_OK) fail(rc);
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) fail(rc);
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_);
    fail(rc);
}

void SqliteStatement::run() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
std::int64_t SqliteStatement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double SqliteStatement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string SqliteStatement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

const void* SqliteStatement::blob(int column) const { return sqlite3_column_blob(stmt_, column); }
std::size_t SqliteStatement::bytes(int column) const { return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)); }

SqliteConnection::SqliteConnection(const std::string& path, SqliteOpenMode mode)
    : path_(path), readOnly_(mode == SqliteOpenMode::ReadOnly) {
    int flags = SQLITE_OPEN_NOMUTEX;
    if (readOnly_) flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    else flags |= SQLITE_OPEN_READWRITE | (mode == SqliteOpenMode::Create ? SQLITE_OPEN_CREATE : 0);
    const std::string name = readOnly_ ? readOnlyUri(path) : path;
    const int rc = sqlite3_open_v2(name.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = path + ": cannot open database: " + describe(db_, rc);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw SqliteError(message, rc & 0xFF);
    }
    sqlite3_extended_result_codes(db_, 0);
    sqlite3_busy_timeout(db_, 10000);
}

SqliteConnection::~SqliteConnection() { sqlite3_close_v2(db_); }

void SqliteConnection::fail(int rc, const std::string& context) const {
    throw SqliteError(path_ + ": " + (context.empty() ? "" : context + ": ") + describe(db_, rc), rc & 0xFF);
}

void SqliteConnection::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return;
    sqlite3_free(error);
    fail(rc, "");
}

SqliteStatement SqliteConnection::prepare(const std::string& sql) { return SqliteStatement(db_, sql, path_); }

std::int64_t SqliteConnection::queryInt(const std::string& sql) {
    auto statement = prepare(sql);
    return statement.step() ? statement.int64(0) : 0;
}

std::int64_t SqliteConnection::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteConnection::changes() const { return sqlite3_changes(db_); }

SqliteTransaction::SqliteTransaction(SqliteConnection& connection) : connection_(connection) {
    connection_.exec("BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction() {
    if (done_) return;
    try {
        connection_.exec("ROLLBACK");
    } catch (...) {
        // A failed rollback leaves SQLite to roll back when the connection closes.
    }
}

void SqliteTransaction::commit() {
    connection_.exec("COMMIT");
    done_ = true;
}

}  // namespace clipdesk
