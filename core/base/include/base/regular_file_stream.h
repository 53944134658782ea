#pragma once
// A seekable std::istream over a RegularFile, for parsers that read streams (safetensors,
// TorchScript archives): the file is opened the one safe way (base/read_file.h).

#include "base/read_file.h"

#include <istream>
#include <streambuf>
#include <vector>

namespace clipdesk {

class RegularFileBuffer : public std::streambuf {
public:
    explicit RegularFileBuffer(RegularFile file);

protected:
    int_type underflow() override;
    std::streamsize xsgetn(char* out, std::streamsize n) override;
    pos_type seekoff(off_type offset, std::ios_base::seekdir dir, std::ios_base::openmode which) override;
    pos_type seekpos(pos_type position, std::ios_base::openmode which) override;

private:
    std::size_t readAt(std::uint64_t offset, char* out, std::size_t n);

    RegularFile file_;
    std::vector<char> buffer_;
    std::uint64_t bufferStart_ = 0;  // file offset of buffer_[0]
};

// Throws FileReadError when the file cannot be opened or is not a regular file.
class RegularFileStream : public std::istream {
public:
    explicit RegularFileStream(const std::string& path);
    std::uint64_t size() const { return size_; }

private:
    std::uint64_t size_;
    RegularFileBuffer buffer_;
};

}  // namespace clipdesk
