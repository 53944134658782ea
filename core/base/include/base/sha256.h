#pragma once
// SHA-256 (OpenSSL's libcrypto), incrementally or of a whole file.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace clipdesk {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    void update(const std::string& text) { update(text.data(), text.size()); }
    std::array<std::uint8_t, 32> finish();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

std::string toHex(const std::uint8_t* data, std::size_t size);
std::string sha256Hex(const std::string& text);
// Throws std::runtime_error naming the file if it cannot be read.
std::string sha256FileHex(const std::string& path);

}  // namespace clipdesk
