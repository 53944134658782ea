#include "clip/model/compute_threads.h"

#include <torch/torch.h>

#include <dlfcn.h>
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

namespace {

// The OpenMP runtime LibTorch runs on (Debian's libgomp, or a pip build's bundled copy), found
// by name: ATen's and FAISS's parallel loops read its per-thread count. torch::set_num_threads
// also rebuilds LibTorch's pthreadpool (a worker joined, another started), which on a busy CPU
// took 12 ms (p50) per set and restore: too much for a scope around every query.
using SetThreads = void (*)(int);
SetThreads openMpSetThreads() {
    static const auto set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    return set;
}

void setThisThreadsCount(int threads) {
    if (auto set = openMpSetThreads())
        set(threads);
    else
        torch::set_num_threads(threads);
}

}  // namespace

// get_num_threads() first: it initialises this thread's count from the process default,
// which would otherwise overwrite ours on this thread's first parallel operation.
ScopedComputeThreads::ScopedComputeThreads(int threads) : previous_(torch::get_num_threads()) {
    setThisThreadsCount(std::max(1, threads));
}

ScopedComputeThreads::~ScopedComputeThreads() { setThisThreadsCount(previous_); }

}  // namespace clipdesk
