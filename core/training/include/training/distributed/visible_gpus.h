#pragma once
// What the window shows before training: no LibTorch in this header.

namespace clipdesk {

// CUDA devices this process sees (0 on a CPU-only LibTorch or machine).
int visibleGpuCount();

}  // namespace clipdesk
