#include "clip/weights/safetensors.h"

#include "clip/weights/checkpoint_error.h"
#include "weights/float_conversion.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <numeric>

#include <sys/mman.h>
#include <unistd.h>

namespace clipdesk {
namespace {

constexpr std::uint64_t kMaxHeaderBytes = 100 * 1024 * 1024;

struct DtypeInfo {
    const char* name;
    torch::ScalarType type;
    int bytes;
};

constexpr DtypeInfo kDtypes[] = {
    {"F16", torch::kHalf, 2},  {"BF16", torch::kBFloat16, 2}, {"F32", torch::kFloat, 4},
    {"F64", torch::kDouble, 8}, {"I64", torch::kLong, 8},      {"I32", torch::kInt, 4},
    {"I16", torch::kShort, 2}, {"I8", torch::kChar, 1},       {"U8", torch::kByte, 1},
    {"BOOL", torch::kBool, 1},
};

const DtypeInfo* findDtype(const std::string& name) {
    for (const auto& d : kDtypes)
        if (name == d.name) return &d;
    return nullptr;
}

const DtypeInfo* findDtype(torch::ScalarType type) {
    for (const auto& d : kDtypes)
        if (type == d.type) return &d;
    return nullptr;
}

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw CheckpointError(path + ": " + what);
}

std::uint64_t readLittleEndian64(const unsigned char* b) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
    return v;
}

// `size` bytes at `offset`; a short read means the file was truncated.
void readAt(const RegularFile& file, std::uint64_t offset, void* buffer, std::uint64_t size, const std::string& what) {
    auto* out = static_cast<char*>(buffer);
    for (std::uint64_t done = 0; done < size;) {
        const auto n = ::pread(file.fd(), out + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(file.path(), "cannot read " + what + " (file truncated or unreadable)");
        done += static_cast<std::uint64_t>(n);
    }
}

}  // namespace

// The whole file mapped privately: pages are read from the page cache on first touch, and a
// write (e.g. an optimiser step on a mapped parameter) goes to a private copy of its page.
struct SafetensorsFile::Mapping {
    void* base = MAP_FAILED;
    std::size_t size = 0;
    ~Mapping() {
        if (base != MAP_FAILED) ::munmap(base, size);
    }
    const unsigned char* bytes() const { return static_cast<const unsigned char*>(base); }
};

bool SafetensorsFile::looksLikeSafetensors(const std::string& path) {
    unsigned char head[9] = {};
    try {
        RegularFile file(path);
        std::size_t got = 0;
        while (got < sizeof head)
            if (const std::size_t n = file.read(head + got, sizeof head - got)) got += n;
            else return false;
    } catch (const FileReadError&) {
        return false;
    }
    const auto headerSize = readLittleEndian64(head);
    return headerSize >= 2 && headerSize <= kMaxHeaderBytes && head[8] == '{';
}

SafetensorsFile::SafetensorsFile(const std::string& path, TensorReadObserver observer)
    : path_(path), observer_(std::move(observer)) {
    try {
        file_ = std::make_unique<RegularFile>(path);
    } catch (const FileReadError& e) {
        fail(path, "cannot open weights file: " + e.reason());
    }
    const std::uint64_t fileSize = file_->size();
    if (fileSize < 8) fail(path, "not a safetensors file (shorter than its 8-byte header size)");
    unsigned char sizeBytes[8];
    readAt(*file_, 0, sizeBytes, 8, "its header size");
    const auto headerSize = readLittleEndian64(sizeBytes);
    if (headerSize > kMaxHeaderBytes) fail(path, "not a safetensors file (implausible header size)");
    if (8 + headerSize > fileSize)
        fail(path, "truncated: the header needs " + std::to_string(headerSize) + " bytes, the file has " +
                       std::to_string(fileSize - 8));
    std::string header(headerSize, '\0');
    readAt(*file_, 8, header.data(), headerSize, "its header");
    // A file system that cannot map files (some network and FUSE mounts) is read instead.
    auto mapping = std::make_shared<Mapping>();
    mapping->base = ::mmap(nullptr, fileSize, PROT_READ | PROT_WRITE, MAP_PRIVATE, file_->fd(), 0);
    if (mapping->base != MAP_FAILED) {
        mapping->size = fileSize;
        mapping_ = std::move(mapping);
    }
    dataStart_ = 8 + headerSize;
    const auto dataSize = fileSize - dataStart_;

    nlohmann::json j;
    try {
        j = nlohmann::json::parse(header);
    } catch (const nlohmann::json::parse_error& e) {
        fail(path, std::string("not a safetensors file (header is not valid JSON: ") + e.what() + ")");
    }
    if (!j.is_object()) fail(path, "not a safetensors file (header is not a JSON object)");
    for (auto it = j.begin(); it != j.end(); ++it) {
        const auto& name = it.key();
        const auto& v = it.value();
        if (name == "__metadata__") {
            if (v.is_object())
                for (auto m = v.begin(); m != v.end(); ++m)
                    if (m.value().is_string()) metadata_[m.key()] = m.value().get<std::string>();
            continue;
        }
        try {
            SafetensorsEntry e;
            e.dtype = v.at("dtype").get<std::string>();
            e.shape = v.at("shape").get<std::vector<std::int64_t>>();
            const auto offsets = v.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2) fail(path, "tensor '" + name + "': data_offsets must have two numbers");
            e.begin = offsets[0];
            e.end = offsets[1];
            const auto* dtype = findDtype(e.dtype);
            if (!dtype) fail(path, "tensor '" + name + "' has unsupported dtype " + e.dtype);
            std::uint64_t bytes = dtype->bytes;
            for (auto d : e.shape) {
                if (d < 0) fail(path, "tensor '" + name + "' has a negative dimension");
                if (d != 0 && bytes > dataSize / static_cast<std::uint64_t>(d))
                    fail(path, "tensor '" + name + "': its shape needs more bytes than the file holds");
                bytes *= static_cast<std::uint64_t>(d);
            }
            if (e.end < e.begin || e.end - e.begin != bytes)
                fail(path, "tensor '" + name + "': data_offsets do not match its shape and dtype");
            if (e.end > dataSize)
                fail(path, "truncated: tensor '" + name + "' ends at byte " + std::to_string(e.end) +
                               " of the data section, which has only " + std::to_string(dataSize) + " bytes");
            entries_.emplace(name, std::move(e));
        } catch (const nlohmann::json::exception& ex) {
            fail(path, "tensor '" + name + "' has a malformed header entry (" + ex.what() + ")");
        }
    }
    refuseOverlaps();
}

SafetensorsFile::~SafetensorsFile() = default;

// Two tensors sharing bytes would alias each other's weights: a damaged or hostile header.
void SafetensorsFile::refuseOverlaps() const {
    std::vector<std::pair<const std::string*, const SafetensorsEntry*>> byOffset;
    for (const auto& [name, entry] : entries_)
        if (entry.end > entry.begin) byOffset.emplace_back(&name, &entry);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const auto& a, const auto& b) { return a.second->begin < b.second->begin; });
    for (std::size_t i = 1; i < byOffset.size(); ++i)
        if (byOffset[i].second->begin < byOffset[i - 1].second->end)
            fail(path_, "tensors '" + *byOffset[i - 1].first + "' and '" + *byOffset[i].first +
                            "' overlap in the data section (bytes " + std::to_string(byOffset[i].second->begin) +
                            " to " + std::to_string(byOffset[i - 1].second->end) + ")");
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const {
    auto it = entries_.find(name);
    if (it == entries_.end()) fail(path_, "no tensor '" + name + "'");
    return it->second;
}

torch::ScalarType SafetensorsFile::storedType(const std::string& name) const { return findDtype(entry(name).dtype)->type; }

torch::Tensor SafetensorsFile::copy(const std::string& name, const SafetensorsEntry& e) {
    auto tensor = torch::empty(e.shape, torch::TensorOptions().dtype(findDtype(e.dtype)->type));
    readAt(*file_, dataStart_ + e.begin, tensor.data_ptr(), e.end - e.begin, "tensor '" + name + "'");
    if (observer_) observer_({name, dataStart_ + e.begin, dataStart_ + e.end, false});
    return tensor;
}

torch::Tensor SafetensorsFile::read(const std::string& name) {
    const auto& e = entry(name);
    const auto* dtype = findDtype(e.dtype);
    if (!mapping_ || e.end == e.begin) return copy(name, e);
    const unsigned char* data = mapping_->bytes() + dataStart_ + e.begin;
    if (reinterpret_cast<std::uintptr_t>(data) % static_cast<std::uintptr_t>(dtype->bytes) != 0) return copy(name, e);
    // Dropping the view gives its pages back: those wholly inside it belong to no other tensor,
    // and nothing reads them again (a later read of the tensor would fault them in anew). Without
    // this they would stay resident while any other view keeps the mapping, e.g. an fp16 tower
    // quantised a layer at a time from its views.
    auto mapping = mapping_;
    const auto size = static_cast<std::size_t>(e.end - e.begin);
    auto tensor = torch::from_blob(
        const_cast<unsigned char*>(data), e.shape,
        [mapping, size](void* at) {
            static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
            const auto begin = (reinterpret_cast<std::uintptr_t>(at) + page - 1) / page * page;
            const auto end = (reinterpret_cast<std::uintptr_t>(at) + size) / page * page;
            if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
        },
        torch::TensorOptions().dtype(dtype->type));
    if (observer_) observer_({name, dataStart_ + e.begin, dataStart_ + e.end, true});
    return tensor;
}

torch::Tensor SafetensorsFile::read(const std::string& name, torch::ScalarType dtype) {
    const auto& e = entry(name);
    const auto* stored = findDtype(e.dtype);
    if (stored->type == dtype) return read(name);
    // Converted through a small buffer, a chunk at a time: no copy of the whole tensor in its
    // stored dtype is ever held beside the converted one.
    constexpr std::uint64_t kChunkElements = std::uint64_t{1} << 20;
    auto out = torch::empty(e.shape, torch::TensorOptions().dtype(dtype));
    auto flat = out.view({-1});
    const auto elements = static_cast<std::uint64_t>(out.numel());
    auto buffer = torch::empty({static_cast<int64_t>(std::min(elements, kChunkElements))},
                               torch::TensorOptions().dtype(stored->type));
    for (std::uint64_t at = 0; at < elements; at += kChunkElements) {
        const auto n = std::min(kChunkElements, elements - at);
        readAt(*file_, dataStart_ + e.begin + at * stored->bytes, buffer.data_ptr(), n * stored->bytes,
               "tensor '" + name + "'");
        auto target = flat.narrow(0, static_cast<int64_t>(at), static_cast<int64_t>(n));
        const auto* bits = static_cast<const std::uint16_t*>(buffer.data_ptr());
        if (dtype == torch::kFloat && stored->type == torch::kHalf)
            halfToFloat(bits, target.data_ptr<float>(), n);
        else if (dtype == torch::kFloat && stored->type == torch::kBFloat16)
            bfloat16ToFloat(bits, target.data_ptr<float>(), n);
        else
            target.copy_(buffer.narrow(0, 0, static_cast<int64_t>(n)));
    }
    if (observer_) observer_({name, dataStart_ + e.begin, dataStart_ + e.end, false});
    return out;
}

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> data;
    std::uint64_t offset = 0;
    for (const auto& [name, t] : tensors) {
        const auto* dtype = findDtype(t.scalar_type());
        if (!dtype) throw CheckpointError(path + ": cannot store tensor '" + name + "' of dtype " +
                                          std::string(c10::toString(t.scalar_type())));
        auto cpu = t.detach().to(torch::kCPU).contiguous();
        const std::uint64_t bytes = static_cast<std::uint64_t>(cpu.numel()) * dtype->bytes;
        header[name] = {{"dtype", dtype->name}, {"shape", cpu.sizes().vec()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        data.push_back(cpu);
    }
    std::string headerText = header.dump();
    headerText.append((8 - headerText.size() % 8) % 8, ' ');  // keep tensor data 8-byte aligned

    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw CheckpointError(tmp + ": cannot write: " + std::strerror(errno));
        unsigned char size[8];
        std::uint64_t n = headerText.size();
        for (int i = 0; i < 8; ++i) size[i] = static_cast<unsigned char>(n >> (8 * i));
        out.write(reinterpret_cast<const char*>(size), 8);
        out.write(headerText.data(), static_cast<std::streamsize>(headerText.size()));
        for (const auto& t : data)
            out.write(static_cast<const char*>(t.data_ptr()),
                      static_cast<std::streamsize>(t.numel() * t.element_size()));
        out.flush();
        if (!out) throw CheckpointError(tmp + ": write failed: " + std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw CheckpointError(path + ": cannot replace file: " + ec.message());
}

}  // namespace clipdesk
