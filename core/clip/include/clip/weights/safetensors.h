#pragma once
// The safetensors format (8-byte little-endian header size, JSON header, raw little-endian data).
// Reading validates the whole header before any tensor is touched and reads tensors lazily,
// so a multi-gigabyte checkpoint is never held twice in memory.

#include "base/regular_file_stream.h"

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <map>
#include <string>
#include <vector>

namespace clipdesk {

struct SafetensorsEntry {
    std::string dtype;  // "F16", "BF16", "F32", ...
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;  // byte offsets into the data section
    std::uint64_t end = 0;
};

class SafetensorsFile {
public:
    // Throws CheckpointError naming the file if it is missing, not a regular file, not safetensors,
    // malformed (overlapping tensors, sizes that overflow) or truncated.
    explicit SafetensorsFile(const std::string& path);

    const std::string& path() const { return path_; }
    const std::map<std::string, SafetensorsEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return entries_.count(name) != 0; }
    // The tensor as stored (dtype kept), on the CPU.
    torch::Tensor read(const std::string& name);

    // True if the file starts like a safetensors file (cheap check used for format detection).
    static bool looksLikeSafetensors(const std::string& path);

private:
    void refuseOverlaps() const;

    std::string path_;
    std::unique_ptr<RegularFileStream> in_;
    std::uint64_t dataStart_ = 0;
    std::map<std::string, SafetensorsEntry> entries_;
    std::map<std::string, std::string> metadata_;
};

// Writes tensors (any CPU/GPU device; stored contiguous, little-endian) to a new file
// atomically: written to "<path>.tmp", flushed, then renamed.
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace clipdesk
