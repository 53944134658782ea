#include "exit_without_teardown.h"

#include <cstdio>
#include <iostream>

#include <unistd.h>

namespace clipdesk::cli {

// Why skipping teardown loses nothing for a read-only command once it has returned:
// - everything it wrote to the library (a repaired index, a precision cache) was written
//   atomically (temporary file + rename) or in a committed SQLite transaction before run()
//   returned; its SQLite connection has no open transaction, and an un-checkpointed WAL is read
//   back by the next connection like a checkpointed one;
// - the locks it holds are released by the kernel with the process (fcntl/flock locks, mapped
//   files, the index's memory);
// - its only buffered output is stdout/stderr, flushed here. A flush that fails (stdout closed,
//   disk full) turns a success into status 1, as a write error should.
void exitWithoutTeardown(int status) {
    std::cout.flush();
    std::cerr.flush();
    if (std::fflush(nullptr) != 0 || !std::cout.good()) status = status == 0 ? 1 : status;
    ::_exit(status);
}

}  // namespace clipdesk::cli
