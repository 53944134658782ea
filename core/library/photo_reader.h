#pragma once
// Reads one photo for encoding, on a decoder thread: the whole file once (so the content
// fingerprint, the EXIF date and the pixels all come from the same bytes), checked against
// the size and mtime the scan saw before and after reading, decoded at a reduced size where
// the format allows, and preprocessed for the model.

#include "clip/clip_embedder.h"
#include "library/library_database.h"
#include "library/photo_scanner.h"

#include <torch/types.h>

#include <stdexcept>
#include <string>

namespace clipdesk {

// Why a photo could not be used, as one line (without the path).
class PhotoReadError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct PreparedPhoto {
    EncodedPhoto info;
    torch::Tensor pixels;  // [3, S, S] float32, ready for the image tower
};

// `expected` is the file as scanned; decoded as the embedder decodes for indexing. Throws
// PhotoReadError.
PreparedPhoto preparePhoto(const ScannedFile& expected, const ClipEmbedder& embedder);

}  // namespace clipdesk
