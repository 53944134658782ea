#pragma once
// Locates the reference data (golden files, synthetic weights, sample photos) that the
// project reads from ../shared and never commits. $CLIPDESK_SHARED_DIR overrides.

#include "unit_test.h"

#include <cstdlib>
#include <filesystem>
#include <string>

namespace clipdesk::test {

inline std::filesystem::path sharedDir() {
    if (const char* env = std::getenv("CLIPDESK_SHARED_DIR"); env && *env) return env;
    return CLIPDESK_SHARED_DIR_DEFAULT;
}

inline std::filesystem::path sharedPath(const std::string& relative) { return sharedDir() / relative; }

inline std::filesystem::path syntheticModelDir() { return sharedPath("models/clip-synthetic-tinyvit8m16"); }
inline std::filesystem::path bpeVocabPath() { return sharedPath("models/tokenizer/bpe_simple_vocab_16e6.txt.gz"); }
inline std::filesystem::path samplePhotosDir() { return sharedPath("data/photos"); }

}  // namespace clipdesk::test

// Skips the current test function, with a message naming what is missing, when a
// reference file is absent (CTest then reports the test as skipped, not passed).
#define CLIPDESK_REQUIRE_SHARED(pathExpr)                                                              \
    do {                                                                                               \
        const std::filesystem::path clipdeskRequired_ = (pathExpr);                                    \
        if (!std::filesystem::exists(clipdeskRequired_))                                               \
            QSKIP(("reference data not found: " + clipdeskRequired_.string() +                          \
                   " (set CLIPDESK_SHARED_DIR to the folder holding models/ and data/)")                \
                      .c_str());                                                                       \
    } while (false)
