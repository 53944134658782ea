#pragma once
// Builders for library tests: a tiny random CLIP model saved as a model folder (with the
// full CLIP vocabulary size so real text queries work), and photos written with OpenCV.

#include "clip/model/clip_config.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace clipdesk::test {

// 32 px images, 32-dimensional embeddings, the BPE vocabulary's 49408 tokens.
ClipConfig tinyLibraryModelConfig();

// Writes model.safetensors and config.json (random weights from `seed`) into `dir`. A
// `broken` model has image and text projections of huge finite weights: every embedding it
// makes is non-finite. `contextLength` > 0 replaces the tiny config's 16 tokens (Chinese text
// takes about three BPE tokens a character).
void writeTinyModel(const std::filesystem::path& dir, std::uint64_t seed, bool broken = false, int contextLength = 0);

// A photo of smooth colour blocks that differs for each seed (so a random model tells
// photos apart), encoded by the file's extension. Creates missing parent folders.
void writePhoto(const std::filesystem::path& path, int seed, int width = 64, int height = 48);

// Sets CLIPDESK_BPE_VOCAB to the shared vocabulary for the ClipEmbedder of text tests.
void useSharedBpeVocabulary();

// The bytes of a JPEG carrying an EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS").
std::vector<std::uint8_t> jpegWithExifDate(const std::string& exifDate, bool bigEndian, bool inSubIfd = true);

void appendBytes(const std::filesystem::path& path, const std::string& bytes);

}  // namespace clipdesk::test
