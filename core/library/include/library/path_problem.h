#pragma once

#include <string>

namespace clipdesk {

// A file or folder that could not be used, and why (one line).
struct PathProblem {
    std::string path;
    std::string reason;
};

}  // namespace clipdesk
