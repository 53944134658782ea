#pragma once
// Ends a read-only command (search, similar) as soon as its output is out: stdout and stderr
// flushed, then _exit(status), skipping static destructors, atexit handlers and the freeing of
// the model, index and database (like clang's -disable-free). Measured on ViT-B/32 at 10k
// photos: ~0.06 s from the last output line to the exit otherwise (README "Search latency").

namespace clipdesk::cli {

// Never returns. Safe only where nothing remains to be written or closed cleanly: see the .cpp.
[[noreturn]] void exitWithoutTeardown(int status);

}  // namespace clipdesk::cli
