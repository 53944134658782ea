#pragma once
// Ctrl-C (SIGINT) and SIGTERM for long commands: while an InterruptScope lives, the signals
// only set a flag that the command polls, so it can stop cleanly and keep its work.

#include <csignal>

namespace clipdesk::cli {

// True once SIGINT or SIGTERM arrived inside an InterruptScope.
bool interruptRequested();

class InterruptScope {
public:
    InterruptScope();
    ~InterruptScope();
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    struct sigaction previousInt_ {};
    struct sigaction previousTerm_ {};
};

}  // namespace clipdesk::cli
