#pragma once
// A fast content fingerprint that recognises a moved or renamed photo without reading it
// whole: SHA-256 over the size, the first 64 KiB and the last 64 KiB, cut to 64 bits.
// (Photos that differ only in their middle are told apart by the size and mtime checks of
// change detection; the fingerprint is only consulted for files with the same size.)

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace clipdesk {

constexpr std::size_t kFingerprintChunkBytes = 64 * 1024;

// Of a whole file already in memory.
std::int64_t fingerprintBytes(const std::uint8_t* data, std::size_t size);
// Reads only the head and tail of the file; nullopt (and `error` set) if it cannot be read.
std::optional<std::int64_t> fingerprintFile(const std::string& path, std::string* error = nullptr);

}  // namespace clipdesk
