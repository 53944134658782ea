#pragma once

namespace clipdesk {

// The cores this process may run on (its CPU affinity), at least 1.
int coresAvailable();

// A requested number of threads or workers: 0 (or less) means every available core, and more
// than the available cores is capped to them (CPU-bound threads beyond the cores only cost
// memory and time: --workers 100000 once took 4 GB and ignored SIGTERM).
int usableThreads(int requested);

// Sets LibTorch's intra-op thread count to usableThreads(requested). Done explicitly because OpenMP's default can be 1 thread (seen on this project's
// 2-core CI machines).
void setComputeThreads(int requested);

// Runs this thread's LibTorch (and FAISS) parallel loops on `threads` threads until destroyed,
// then restores the previous count: OpenMP's count for the calling thread only, so other
// threads keep theirs, and cheap enough to wrap a single query. For several encoder threads
// running side by side, each on one core, without OpenMP synchronisation, and for a query's
// few tokens and its one index search (one thread's work: a second only adds barriers).
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
