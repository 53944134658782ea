#pragma once
// The base module's public API: files and their stamps, whole-file reads, UTF-8 text, atomic
// replacement, SHA-256, a bounded queue, and JobControl (progress and cancelling of every long
// job).
// Everything else in core/base/ is private to the module (not on any other target's include
// path). Include the part you need to keep builds fast; this header names them all.

#include "base/atomic_file.h"
#include "base/bounded_queue.h"
#include "base/file_stamp.h"
#include "base/job_control.h"
#include "base/path_error.h"
#include "base/read_file.h"
#include "base/regular_file_stream.h"
#include "base/sha256.h"
#include "base/text_script.h"
#include "base/utf8_text.h"
