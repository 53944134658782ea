#pragma once
// The safetensors format (8-byte little-endian header size, JSON header, raw little-endian data).
// Opening validates the whole header before any tensor is touched. The file is memory-mapped:
// a tensor stored in the dtype asked for is a view of the mapping (no copy; the mapping lives as
// long as any such tensor), so only the pages of the tensors used are ever read, and a view
// that is dropped gives its pages back (a tensor read once and converted leaves none resident). A tensor that
// needs converting is read with pread() and converted once, leaving no mapped pages behind.

#include "base/read_file.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
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

// One tensor whose bytes a reader materialised: [begin, end) are offsets in the file.
struct TensorRead {
    std::string name;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
    bool mapped = false;  // a view of the mapping; false: copied out with pread()
};
using TensorReadObserver = std::function<void(const TensorRead&)>;

class SafetensorsFile {
public:
    // Throws CheckpointError naming the file if it is missing, not a regular file, not safetensors,
    // malformed (overlapping tensors, sizes that overflow) or truncated. `observer` is told of
    // every tensor read.
    explicit SafetensorsFile(const std::string& path, TensorReadObserver observer = {});
    ~SafetensorsFile();

    const std::string& path() const { return path_; }
    const std::map<std::string, SafetensorsEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    bool contains(const std::string& name) const { return entries_.count(name) != 0; }
    // Where the data section starts in the file: entries' offsets count from here.
    std::uint64_t dataStart() const { return dataStart_; }
    // The tensor as stored (dtype kept), on the CPU: a view of the mapping when its bytes are
    // aligned for its dtype, else a copy. Writing to a view never changes the file (a private,
    // copy-on-write mapping).
    torch::Tensor read(const std::string& name);
    // The tensor in `dtype`: as read(name) when stored so, else read once and converted.
    torch::Tensor read(const std::string& name, torch::ScalarType dtype);
    // dtype and shape without reading the tensor's bytes.
    torch::ScalarType storedType(const std::string& name) const;

    // True if the file starts like a safetensors file (cheap check used for format detection).
    static bool looksLikeSafetensors(const std::string& path);

    struct Mapping;

private:
    const SafetensorsEntry& entry(const std::string& name) const;
    torch::Tensor copy(const std::string& name, const SafetensorsEntry& e);
    void refuseOverlaps() const;

    std::string path_;
    std::unique_ptr<RegularFile> file_;
    std::shared_ptr<Mapping> mapping_;
    TensorReadObserver observer_;
    std::uint64_t dataStart_ = 0;
    std::map<std::string, SafetensorsEntry> entries_;
    std::map<std::string, std::string> metadata_;
};

// Writes tensors (any CPU/GPU device; stored contiguous, little-endian) to a new file
// atomically: written to "<path>.tmp", flushed, then renamed.
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

}  // namespace clipdesk
