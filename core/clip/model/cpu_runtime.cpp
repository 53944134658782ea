#include "clip/model/cpu_runtime.h"

#include <dlfcn.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <initializer_list>

namespace clipdesk {
namespace {

// OpenBLAS's kernel sets that use AVX2 or better; any other name on an AVX2 CPU is a
// detection fallback.
bool isVectorKernel(const char* name) {
    for (const char* good : {"Haswell", "SkylakeX", "Cooperlake", "SapphireRapids", "Zen"})
        if (std::strcmp(name, good) == 0) return true;
    return false;
}

const char* bestKernelForThisCpu() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
    return nullptr;
}

void fixBlasKernels(char** argv) {
    if (std::getenv("OPENBLAS_CORETYPE") || std::getenv("CLIPDESK_BLAS_REEXEC")) return;
    const char* detected = blasKernelName();
    const char* best = bestKernelForThisCpu();
    if (!*detected || !best || isVectorKernel(detected)) return;
    setenv("OPENBLAS_CORETYPE", best, 1);
    setenv("CLIPDESK_BLAS_REEXEC", detected, 1);  // guards against a loop; says what was found
    execv("/proc/self/exe", argv);
    // execv failed: carry on with the slow kernels rather than not at all.
}

}  // namespace

const char* blasKernelName() {
    using CoreName = char* (*)();
    auto coreName = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
    const char* name = coreName ? coreName() : nullptr;
    return name ? name : "";
}

void tuneCpuRuntime(char** argv) {
    if (argv && argv[0]) fixBlasKernels(argv);
    setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "64", /*overwrite=*/0);
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

}  // namespace clipdesk
