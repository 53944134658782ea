#pragma once
// Process-wide CPU settings that must be right before the first tensor operation. Call
// tuneCpuRuntime(argv) first thing in main(); it may re-execute the program (once).

namespace clipdesk {

// 1. OpenBLAS picks its GEMM kernels from the CPU model number; on CPUs it does not know
//    (common in virtual machines) it falls back to its SSE3 "Prescott" kernels, which run
//    float32 matrix products 7x slower than the AVX-512 ones (measured: 20 vs 140 GFLOP/s per
//    core). When that happened and the CPU has AVX2 or AVX-512, the process re-executes itself
//    with OPENBLAS_CORETYPE set (OpenBLAS reads it only when it is loaded). Nothing happens
//    when OPENBLAS_CORETYPE is already set, or the BLAS is not OpenBLAS.
// 2. Keeps freed tensor buffers in the heap instead of returning them to the kernel after
//    every batch (glibc trims and unmaps large blocks; re-faulting them cost 14 % of indexing
//    time in system calls and page faults).
// 3. Caps oneDNN's primitive cache at 64 entries (ONEDNN_PRIMITIVE_CACHE_CAPACITY, unless set;
//    oneDNN reads it at its first primitive). `--precision int8` quantises each call's input
//    with its own scale, which makes every call a new cache entry that is never reused: with
//    the default 1,024, indexing 300 photos at ViT-B/32 grew to 986 MB instead of 709 MB, at
//    the same speed. bf16's few shapes fit (49 images/s with 64, 47 with 1,024).
void tuneCpuRuntime(char** argv);

// What tuneCpuRuntime found: the OpenBLAS kernel set in use ("SkylakeX", ...), or "" when the
// BLAS is not OpenBLAS.
const char* blasKernelName();

}  // namespace clipdesk
