#pragma once

#include <stdexcept>
#include <string>

namespace clipdesk {

// A weights file that cannot be used. what() is one line naming the file and, where it
// applies, the tensor: "<file>: tensor 'visual.proj' has shape [256, 64], expected [256, 512]".
class CheckpointError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace clipdesk
