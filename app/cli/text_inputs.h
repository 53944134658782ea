#pragma once
// The texts or paths a command works on: its positional arguments, or with --stdin one
// JSON string per line of standard input (so any text, newlines and NULs included, can be
// passed). Order is kept.

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace clipdesk::cli {

struct InputList {
    std::vector<std::string> items;
    bool fromStdin = false;

    // Adds the positional argument `name` and --stdin to `cmd`.
    void declare(CLI::App* cmd, const std::string& name, const std::string& description);
    // Throws std::runtime_error "stdin line N: ..." for a line that is not a JSON string.
    std::vector<std::string> collect() const;
};

}  // namespace clipdesk::cli
