#pragma once
// The library module's public API: the photo library: SQLite records (PhotoLibrary, the only
// writer, with its TagStore), the FAISS vector index, scanning, the encoding pipeline, indexing
// and search.
// Everything else in core/library/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "library/encoding_pipeline.h"
#include "library/folder_watcher.h"
#include "library/indexing_types.h"
#include "library/library_database.h"
#include "library/library_lock.h"
#include "library/library_paths.h"
#include "library/library_schema.h"
#include "library/model_identity.h"
#include "library/near_duplicates.h"
#include "library/path_problem.h"
#include "library/photo_indexer.h"
#include "library/photo_library.h"
#include "library/photo_scanner.h"
#include "library/photo_search.h"
#include "library/query_parser.h"
#include "library/sqlite_connection.h"
#include "library/tag_store.h"
#include "library/vector_index.h"
