#include "base/sha256.h"

#include "base/read_file.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace clipdesk {

struct Sha256::Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
    if (!context_->ctx || EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
}

Sha256::~Sha256() = default;

void Sha256::update(const void* data, std::size_t size) {
    if (size > 0 && EVP_DigestUpdate(context_->ctx, data, size) != 1) throw std::runtime_error("OpenSSL: SHA-256 failed");
}

std::array<std::uint8_t, 32> Sha256::finish() {
    std::array<std::uint8_t, 32> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_->ctx, digest.data(), &length) != 1 || length != digest.size())
        throw std::runtime_error("OpenSSL: SHA-256 failed");
    return digest;
}

std::string toHex(const std::uint8_t* data, std::size_t size) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex += digits[data[i] >> 4];
        hex += digits[data[i] & 15];
    }
    return hex;
}

std::string sha256Hex(const std::string& text) {
    Sha256 hash;
    hash.update(text);
    const auto digest = hash.finish();
    return toHex(digest.data(), digest.size());
}

std::string sha256FileHex(const std::string& path) {
    RegularFile file(path);
    Sha256 hash;
    std::vector<char> buffer(std::size_t{1} << 20);
    while (const std::size_t got = file.read(buffer.data(), buffer.size())) hash.update(buffer.data(), got);
    const auto digest = hash.finish();
    return toHex(digest.data(), digest.size());
}

}  // namespace clipdesk
