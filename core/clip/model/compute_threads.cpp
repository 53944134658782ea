#include "clip/model/compute_threads.h"

#include <torch/torch.h>

#include <sched.h>

#include <thread>

namespace clipdesk {

int coresAvailable() {
    cpu_set_t set;
    const int cores = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                                  : static_cast<int>(std::thread::hardware_concurrency());
    return std::max(1, cores);
}

int usableThreads(int requested) {
    const int cores = coresAvailable();
    return requested <= 0 ? cores : std::min(requested, cores);
}

void setComputeThreads(int requested) { torch::set_num_threads(usableThreads(requested)); }

// get_num_threads() first: it initialises this thread's count from the process default,
// which would otherwise overwrite ours on this thread's first parallel operation.
ScopedComputeThreads::ScopedComputeThreads(int threads) : previous_(torch::get_num_threads()) {
    torch::set_num_threads(std::max(1, threads));
}

ScopedComputeThreads::~ScopedComputeThreads() { torch::set_num_threads(previous_); }

}  // namespace clipdesk
