#pragma once
// A thin RAII layer over SQLite's C API: a connection, prepared statements and transactions.
// Every failure throws SqliteError whose message names the database file.

#include <cstdint>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace clipdesk {

class SqliteError : public std::runtime_error {
public:
    SqliteError(const std::string& message, int code) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }  // SQLite's primary result code
    // SQLITE_CORRUPT or SQLITE_NOTADB: the file is damaged or not a database at all.
    bool isCorruption() const;

private:
    int code_;
};

class SqliteStatement {
public:
    SqliteStatement(sqlite3* db, const std::string& sql, const std::string& dbPath);
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&&) = delete;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    // Parameters are numbered from 1.
    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, const std::string& value);
    SqliteStatement& bindBlob(int index, const void* data, std::size_t size);
    SqliteStatement& bindNull(int index);

    // Advances to the next row: true while there is one.
    bool step();
    // Runs a statement that returns no rows, then resets it for reuse.
    void run();
    // Rewinds the statement and clears its bindings.
    void reset();

    // Columns are numbered from 0.
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    const void* blob(int column) const;
    std::size_t bytes(int column) const;

private:
    [[noreturn]] void fail(int rc) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string dbPath_;
};

enum class SqliteOpenMode {
    ReadWrite,
    Create,    // as ReadWrite, creating the file if it does not exist
    // Never writes, nor creates anything: immutable, or read-only when a writer's log files
    // (-wal, -shm) are there, so that its latest commits are seen.
    ReadOnly,
};

class SqliteConnection {
public:
    // Opens the database. Waits up to 10 s for other writers.
    SqliteConnection(const std::string& path, SqliteOpenMode mode);
    SqliteConnection(const std::string& path, bool create)
        : SqliteConnection(path, create ? SqliteOpenMode::Create : SqliteOpenMode::ReadWrite) {}
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    const std::string& path() const { return path_; }
    bool readOnly() const { return readOnly_; }
    void exec(const std::string& sql);
    SqliteStatement prepare(const std::string& sql);
    // The first column of the first row of `sql` as an integer (0 when there is no row).
    std::int64_t queryInt(const std::string& sql);
    std::int64_t lastInsertRowId() const;
    int changes() const;

    [[noreturn]] void fail(int rc, const std::string& context) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
    bool readOnly_ = false;
};

// BEGIN IMMEDIATE ... COMMIT; rolled back by the destructor unless committed.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteConnection& connection);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteConnection& connection_;
    bool done_ = false;
};

}  // namespace clipdesk
