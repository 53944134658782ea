#pragma once
// The application module's public API: the use cases both front ends call: LibrarySession,
// runIndex, findPhotos, findDuplicates, TaggingSession, prepareTraining, readLibraryStatus.
// Everything else in core/application/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "application/duplicate_review.h"
#include "application/index_run.h"
#include "application/library_watch.h"
#include "application/library_session.h"
#include "application/library_status.h"
#include "application/model_settings.h"
#include "application/photo_query.h"
#include "application/query_languages.h"
#include "application/tagging_requests.h"
#include "application/tagging_session.h"
#include "application/training_setup.h"
#include "application/use_case_error.h"
