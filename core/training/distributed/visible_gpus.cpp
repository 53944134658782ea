#include "training/distributed/visible_gpus.h"

#include <torch/cuda.h>

namespace clipdesk {

int visibleGpuCount() { return static_cast<int>(torch::cuda::device_count()); }

}  // namespace clipdesk
