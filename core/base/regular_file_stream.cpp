#include "base/regular_file_stream.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace clipdesk {

RegularFileBuffer::RegularFileBuffer(RegularFile file) : file_(std::move(file)), buffer_(std::size_t{1} << 16) {
    setg(buffer_.data(), buffer_.data(), buffer_.data());
}

std::size_t RegularFileBuffer::readAt(std::uint64_t offset, char* out, std::size_t n) {
    for (;;) {
        const ssize_t got = ::pread(file_.fd(), out, n, static_cast<off_t>(offset));
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno != EINTR) return 0;  // the stream reports a short read as failbit
    }
}

RegularFileBuffer::int_type RegularFileBuffer::underflow() {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    bufferStart_ += static_cast<std::uint64_t>(egptr() - eback());
    const std::size_t got = readAt(bufferStart_, buffer_.data(), buffer_.size());
    setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
    return got == 0 ? traits_type::eof() : traits_type::to_int_type(*gptr());
}

std::streamsize RegularFileBuffer::xsgetn(char* out, std::streamsize n) {
    std::streamsize done = 0;
    const std::streamsize buffered = std::min<std::streamsize>(n, egptr() - gptr());
    std::memcpy(out, gptr(), static_cast<std::size_t>(buffered));
    gbump(static_cast<int>(buffered));
    done += buffered;
    // Large reads go straight into the caller's memory; the buffer restarts after them.
    std::uint64_t position = bufferStart_ + static_cast<std::uint64_t>(gptr() - eback());
    while (done < n) {
        const std::size_t got = readAt(position, out + done, static_cast<std::size_t>(n - done));
        if (got == 0) break;
        done += static_cast<std::streamsize>(got);
        position += got;
    }
    bufferStart_ = position;
    setg(buffer_.data(), buffer_.data(), buffer_.data());
    return done;
}

RegularFileBuffer::pos_type RegularFileBuffer::seekoff(off_type offset, std::ios_base::seekdir dir,
                                                       std::ios_base::openmode which) {
    const auto current = static_cast<off_type>(bufferStart_ + static_cast<std::uint64_t>(gptr() - eback()));
    off_type target = offset;
    if (dir == std::ios_base::cur) target = current + offset;
    if (dir == std::ios_base::end) target = static_cast<off_type>(file_.size()) + offset;
    return seekpos(pos_type(target), which);
}

RegularFileBuffer::pos_type RegularFileBuffer::seekpos(pos_type position, std::ios_base::openmode which) {
    if (!(which & std::ios_base::in) || off_type(position) < 0) return pos_type(off_type(-1));
    bufferStart_ = static_cast<std::uint64_t>(off_type(position));
    setg(buffer_.data(), buffer_.data(), buffer_.data());
    return position;
}

RegularFileStream::RegularFileStream(const std::string& path)
    : std::istream(nullptr), size_(0), buffer_([&] {
          RegularFile file(path);
          size_ = file.size();
          return file;
      }()) {
    rdbuf(&buffer_);
}

}  // namespace clipdesk
