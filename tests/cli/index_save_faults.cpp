// Fault injection for test_cli_index_faults, preloaded into clipdesk-cli (LD_PRELOAD): the
// real binary, with a fault at the one moment that matters, where production code has no hook.
// CLIPDESK_TEST_FAULT=kill-before-index-rename: SIGKILL as the saved vector index is about to
//   replace the old one, i.e. after the database commit, before the index file is in place.
// CLIPDESK_TEST_FAULT=enospc-on-index-save: fsync of the index's temporary file fails with
//   ENOSPC, as on a full disk. Everything else is passed to the C library.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool faultIs(const char* name) {
    const char* fault = std::getenv("CLIPDESK_TEST_FAULT");
    return fault && std::strcmp(fault, name) == 0;
}

bool endsWith(const char* s, const char* tail) {
    const std::size_t n = std::strlen(s), m = std::strlen(tail);
    return n >= m && std::strcmp(s + n - m, tail) == 0;
}

}  // namespace

extern "C" {

int rename(const char* from, const char* to) noexcept {
    using Rename = int (*)(const char*, const char*);
    static const auto realRename = reinterpret_cast<Rename>(dlsym(RTLD_NEXT, "rename"));
    if (faultIs("kill-before-index-rename") && endsWith(to, "/vectors.faiss")) std::raise(SIGKILL);
    return realRename(from, to);
}

int fsync(int fd) {
    using Fsync = int (*)(int);
    static const auto realFsync = reinterpret_cast<Fsync>(dlsym(RTLD_NEXT, "fsync"));
    if (faultIs("enospc-on-index-save")) {
        char link[64], target[4096];
        std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        const ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 0) {
            target[n] = '\0';
            if (std::strstr(target, "/.vectors.faiss.")) {
                errno = ENOSPC;
                return -1;
            }
        }
    }
    return realFsync(fd);
}

}  // extern "C"
