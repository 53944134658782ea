#pragma once

namespace clipdesk {

// Sets LibTorch's intra-op thread count: `requested` if > 0, else every core the process may
// use. Done explicitly because OpenMP's default can be 1 thread (seen on this project's
// 2-core CI machines).
void setComputeThreads(int requested);

// Runs this thread's LibTorch (and OpenMP BLAS) work on `threads` threads until destroyed,
// then restores the previous count. For several encoder threads running side by side, each
// on one core, without OpenMP synchronisation. The count is also LibTorch's default for
// threads that start their first tensor work meanwhile.
class ScopedComputeThreads {
public:
    explicit ScopedComputeThreads(int threads);
    ~ScopedComputeThreads();
    ScopedComputeThreads(const ScopedComputeThreads&) = delete;
    ScopedComputeThreads& operator=(const ScopedComputeThreads&) = delete;

private:
    int previous_;
};

}  // namespace clipdesk
