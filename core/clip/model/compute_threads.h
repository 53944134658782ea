#pragma once

namespace clipdesk {

// Sets LibTorch's intra-op thread count: `requested` if > 0, else every core the process may
// use. Done explicitly because OpenMP's default can be 1 thread (seen on this project's
// 2-core CI machines).
void setComputeThreads(int requested);

}  // namespace clipdesk
