#include "local_ranks.h"

#include "base/read_file.h"
#include "training/distributed/loopback_port.h"

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace clipdesk::cli {
namespace {

// This process's own command line, as it was started.
std::vector<std::string> ownArguments() {
    const std::string raw = readFileBytes("/proc/self/cmdline");
    std::vector<std::string> args;
    std::string::size_type begin = 0;
    while (begin < raw.size()) {
        const auto end = raw.find('\0', begin);
        args.push_back(raw.substr(begin, end - begin));
        if (end == std::string::npos) break;
        begin = end + 1;
    }
    return args;
}

}  // namespace

int runLocalRanks(int count) {
    const auto args = ownArguments();
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const std::string port = std::to_string(freeLoopbackPort());

    std::vector<pid_t> children;
    for (int rank = 0; rank < count; ++rank) {
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("cannot start rank " + std::to_string(rank) + " (fork failed)");
        if (pid == 0) {
            ::setenv("MASTER_ADDR", "127.0.0.1", 1);
            ::setenv("MASTER_PORT", port.c_str(), 1);
            ::setenv("WORLD_SIZE", std::to_string(count).c_str(), 1);
            ::setenv("RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
            ::setenv("LOCAL_WORLD_SIZE", std::to_string(count).c_str(), 1);
            ::execv("/proc/self/exe", argv.data());
            std::cerr << "clipdesk-cli: cannot start rank " << rank << " (exec failed)\n";
            ::_exit(127);
        }
        children.push_back(pid);
    }
    // Ctrl-C goes to the whole process group: the ranks hear it and stop together; this
    // launcher only waits for them.
    struct sigaction ignore {}, previousInt {}, previousTerm {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGINT, &ignore, &previousInt);
    ::sigaction(SIGTERM, &ignore, &previousTerm);

    int firstFailure = 0;
    for (std::size_t left = children.size(); left > 0;) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) break;
        int rank = -1;
        for (std::size_t i = 0; i < children.size(); ++i)
            if (children[i] == pid) rank = static_cast<int>(i);
        if (rank < 0) continue;
        --left;
        int code = 0;
        if (WIFEXITED(status)) {
            code = WEXITSTATUS(status);
            if (code != 0) std::cerr << "clipdesk-cli: rank " << rank << " exited with status " << code << '\n';
        } else if (WIFSIGNALED(status)) {
            code = 128 + WTERMSIG(status);
            std::cerr << "clipdesk-cli: rank " << rank << " was killed by signal " << WTERMSIG(status) << '\n';
        }
        if (code != 0 && firstFailure == 0) firstFailure = code;
    }
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);
    return firstFailure;
}

}  // namespace clipdesk::cli
