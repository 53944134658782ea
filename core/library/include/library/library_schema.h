#pragma once
// The library database's tables and their versioned migrations. PRAGMA user_version holds the
// schema version; application_id marks the file as a Clipdesk library.

#include "library/sqlite_connection.h"

namespace clipdesk {

constexpr int kLibrarySchemaVersion = 5;
// The oldest schema that reading commands can use without migrating it (a read-only library):
// version 4 added only what tagging runs write, version 5 the hidden flag and duplicate settings
// (a read-only library of version 3 or 4 reads as having neither).
constexpr int kOldestReadableSchemaVersion = 3;
// The first schema with photos.hidden and duplicate_settings.
constexpr int kHiddenPhotosSchemaVersion = 5;
constexpr int kLibraryApplicationId = 0x436C6470;  // "Cldp"

// Photo states as stored in photos.state.
enum class PhotoState : int {
    Pending = 0,  // found, not encoded yet (or an interrupted run)
    Indexed = 1,  // has an embedding from the library's current model
    Failed = 2,   // could not be read or decoded; photos.error says why
    Stale = 3,    // its embedding is from another model: re-encoded by the next index run
};

// Sets the connection's pragmas (WAL, foreign keys), creates the tables of a new database or
// migrates an older one to kLibrarySchemaVersion, each step in its own transaction.
// Throws std::runtime_error naming the file for a database that is not a Clipdesk library or
// was written by a newer Clipdesk. A read-only connection only checks: a database older than
// kOldestReadableSchemaVersion is refused.
void prepareLibrarySchema(SqliteConnection& db);

}  // namespace clipdesk
