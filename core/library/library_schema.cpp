#include "library/library_schema.h"

#include <string>
#include <vector>

namespace clipdesk {
namespace {

struct Migration {
    int toVersion;
    const char* sql;
};

// Append-only: a released migration is never edited; a schema change is a new entry.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> all = {
        {1, R"sql(
CREATE TABLE library_info(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE models(
  id               INTEGER PRIMARY KEY,
  identity         TEXT NOT NULL UNIQUE,  -- SHA-256 of the weights' hash and the configuration
  model_path       TEXT NOT NULL,         -- as given to --model, made absolute
  weights_path     TEXT NOT NULL,
  weights_sha256   TEXT NOT NULL,
  weights_size     INTEGER NOT NULL,
  weights_mtime_ns INTEGER NOT NULL,
  name             TEXT NOT NULL,
  embed_dim        INTEGER NOT NULL,
  image_size       INTEGER NOT NULL
);

CREATE TABLE folders(
  id             INTEGER PRIMARY KEY,
  path           TEXT NOT NULL UNIQUE,
  include_hidden INTEGER NOT NULL DEFAULT 0,
  added_at       INTEGER NOT NULL
);

CREATE TABLE photos(
  id          INTEGER PRIMARY KEY,
  folder_id   INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  path        TEXT NOT NULL UNIQUE,
  size        INTEGER NOT NULL,
  mtime_ns    INTEGER NOT NULL,
  fingerprint INTEGER,
  width       INTEGER,
  height      INTEGER,
  taken_at    TEXT,
  state       INTEGER NOT NULL CHECK (state BETWEEN 0 AND 3),
  error       TEXT,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX photos_by_folder ON photos(folder_id);
CREATE INDEX photos_by_state ON photos(state);

CREATE TABLE embeddings(
  photo_id   INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
  model_id   INTEGER NOT NULL REFERENCES models(id),
  vector     BLOB NOT NULL,               -- embed_dim float32, little-endian, L2-normalised
  encoded_at INTEGER NOT NULL
);

CREATE TABLE scan_problems(
  path      TEXT PRIMARY KEY,
  folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
  reason    TEXT NOT NULL,
  seen_at   INTEGER NOT NULL
);
)sql"},
        // Tagging (issue 6): cached label embeddings and tags.
        {2, R"sql(
CREATE TABLE label_embeddings(
  model_id     INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  template_set TEXT NOT NULL,             -- template set name + ':' + digest of its templates
  label        TEXT NOT NULL,             -- "label: synonym, ..." as listed
  vector       BLOB NOT NULL,             -- embed_dim float32, L2-normalised
  PRIMARY KEY (model_id, template_set, label)
) WITHOUT ROWID;

CREATE TABLE tags(
  photo_id     INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  tag          TEXT NOT NULL,
  source       INTEGER NOT NULL CHECK (source BETWEEN 0 AND 2),    -- 0 zero-shot, 1 few-shot, 2 manual
  decision     INTEGER NOT NULL DEFAULT 0 CHECK (decision BETWEEN 0 AND 2),  -- 0 none, 1 accepted, 2 rejected
  score        REAL,                      -- probability (single, few-shot) or threshold score (multi)
  cosine       REAL,
  model_id     INTEGER REFERENCES models(id),
  template_set TEXT,
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY (photo_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags(tag);
)sql"},
        // What the vector index file was saved from (issue 19): the library's id and a generation
        // that every change of the indexed embeddings raises; each embedding records the
        // generation that wrote it, so a file saved before a crash is caught up exactly.
        {3, R"sql(
ALTER TABLE embeddings ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
INSERT OR IGNORE INTO library_info(key, value) VALUES ('library_uid', CAST((random() & 9007199254740991) + 1 AS TEXT));
INSERT OR IGNORE INTO library_info(key, value) VALUES ('index_generation', '0');
)sql"},
        // The label-embedding cache is bounded (issue 19): each row records when a tagging run
        // last used it (a counter in library_info), and the least recently used go first. The
        // index finds them without reading the vectors (last_used is stored after them).
        {4, R"sql(
ALTER TABLE label_embeddings ADD COLUMN last_used INTEGER NOT NULL DEFAULT 0;
CREATE INDEX label_embeddings_by_use ON label_embeddings(last_used);
INSERT OR IGNORE INTO library_info(key, value) VALUES ('label_clock', '0');
)sql"},
        // Near-duplicate review (issue 16): photos the user hid from results, and the duplicate
        // distance chosen per model (absent: the model's default, application/duplicate_review.h).
        {5, R"sql(
ALTER TABLE photos ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
CREATE INDEX photos_hidden ON photos(hidden) WHERE hidden <> 0;
CREATE TABLE duplicate_settings(
  model_id     INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
  max_distance REAL NOT NULL               -- cosine distance: photos closer than this are duplicates
);
)sql"},
    };
    return all;
}

}  // namespace

void prepareLibrarySchema(SqliteConnection& db) {
    // The first statement reads the file: a file that is not a database fails here.
    const std::int64_t applicationId = db.queryInt("PRAGMA application_id");
    const std::int64_t version = db.queryInt("PRAGMA user_version");
    const std::int64_t tables = db.queryInt("SELECT count(*) FROM sqlite_master");
    if (applicationId != kLibraryApplicationId && (applicationId != 0 || tables > 0))
        throw std::runtime_error(db.path() + ": not a Clipdesk library database");
    if (version > kLibrarySchemaVersion)
        throw std::runtime_error(db.path() + ": written by a newer Clipdesk (schema version " + std::to_string(version) +
                                 "; this version reads up to " + std::to_string(kLibrarySchemaVersion) + ")");

    if (db.readOnly()) {
        if (version < kOldestReadableSchemaVersion)
            throw std::runtime_error(db.path() + ": written by an older Clipdesk (schema version " + std::to_string(version) +
                                     "); upgrading it needs write access, which this command does not have");
        return;
    }
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=NORMAL");  // with WAL: a commit survives a killed process
    db.exec("PRAGMA foreign_keys=ON");

    for (const auto& migration : migrations()) {
        if (migration.toVersion <= version) continue;
        SqliteTransaction transaction(db);
        // Another process may have migrated since the version was read.
        if (db.queryInt("PRAGMA user_version") >= migration.toVersion) continue;
        db.exec(migration.sql);
        db.exec("PRAGMA application_id=" + std::to_string(kLibraryApplicationId));
        db.exec("PRAGMA user_version=" + std::to_string(migration.toVersion));
        transaction.commit();
    }
}

}  // namespace clipdesk
