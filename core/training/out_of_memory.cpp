#include "out_of_memory.h"

#include <algorithm>
#include <sstream>

namespace clipdesk {

std::string outOfMemoryMessage(const TrainingOptions& options, const torch::Device& device) {
    std::ostringstream out;
    out << "out of memory on " << device << " (batch size " << options.batchSize << ", accumulation "
        << options.accumulationSteps << "): lower --batch-size";
    const int more = std::min(options.accumulationSteps * 2, options.batchSize);
    if (more > options.accumulationSteps)
        out << ", or raise --accumulation to " << more << " (the same contrastive batch in smaller passes)";
    return out.str();
}

}  // namespace clipdesk
