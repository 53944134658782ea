#include "clip/model/compute_threads.h"

#include <torch/torch.h>

#include <sched.h>

#include <thread>

namespace clipdesk {

void setComputeThreads(int requested) {
    int threads = requested;
    if (threads <= 0) {
        cpu_set_t set;
        threads = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                              : static_cast<int>(std::thread::hardware_concurrency());
    }
    torch::set_num_threads(std::max(1, threads));
}

}  // namespace clipdesk
