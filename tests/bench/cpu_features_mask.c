// LD_PRELOAD shim that makes a process see an AVX2-only x86-64 CPU (no AVX-512, AVX-VNNI,
// BF16 or AMX), so that both pipelines of an indexing benchmark can be compared as they run on
// such a CPU (AMD Zen 2/3, most Intel desktop CPUs since 12th gen) on a machine that has more.
//
// How: Linux's CPUID faulting (arch_prctl ARCH_SET_CPUID, CPU flag `cpuid_fault`) makes every
// CPUID instruction raise SIGSEGV; the handler executes it with faulting briefly off, clears
// the feature bits above and resumes after the instruction. Libraries that pick kernels from
// CPUID (oneDNN, ONNX Runtime's MLAS, cpuinfo, OpenBLAS, libvips' highway) then pick their
// AVX2 ones. The setting is per thread, inherited by threads and forks, reset by execve (the
// preload sets it again). A SIGSEGV handler the program installs still gets every other fault.
// Load it both ways: LD_AUDIT starts the masking before any library's static initialisers run
// (oneDNN, linked directly, reads CPUID in one), LD_PRELOAD keeps the program from replacing
// the handler (sigaction/signal for SIGSEGV are interposed). glibc's own string functions
// choose before either: mask them with GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX512F,...
// (tests/bench/bench_indexing.sh --cpu avx2 does all of this).
//
// build: cc -O2 -shared -fPIC -o cpu_features_mask.so cpu_features_mask.c -ldl
// check: ONEDNN_VERBOSE=1 LD_AUDIT=./cpu_features_mask.so LD_PRELOAD=./cpu_features_mask.so PROGRAM
//        prints "isa:Intel AVX2" (/proc/cpuinfo is the kernel's view and is not masked)
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012

static struct sigaction program_handler;  // what the program asked for SIGSEGV
static int program_installed = 0;
static unsigned long masked_calls = 0;

static void cpuid_raw(uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(subleaf));
}

static void mask_to_avx2(uint32_t leaf, uint32_t subleaf, uint32_t r[4]) {
    if (leaf == 7 && subleaf == 0) {
        // EBX: AVX512F 16, DQ 17, IFMA 21, PF 26, ER 27, CD 28, BW 30, VL 31
        r[1] &= ~((1u << 16) | (1u << 17) | (1u << 21) | (1u << 26) | (1u << 27) | (1u << 28) | (1u << 30) | (1u << 31));
        // ECX: VBMI 1, VBMI2 6, VNNI 11, BITALG 12, VPOPCNTDQ 14
        r[2] &= ~((1u << 1) | (1u << 6) | (1u << 11) | (1u << 12) | (1u << 14));
        // EDX: 4VNNIW 2, 4FMAPS 3, VP2INTERSECT 8, AMX-BF16 22, AVX512-FP16 23, AMX-TILE 24, AMX-INT8 25
        r[3] &= ~((1u << 2) | (1u << 3) | (1u << 8) | (1u << 22) | (1u << 23) | (1u << 24) | (1u << 25));
    } else if (leaf == 7 && subleaf == 1) {
        // EAX: AVX-VNNI 4, AVX512-BF16 5, AMX-FP16 21, AVX-IFMA 23; EDX: AVX-VNNI-INT8 4, AVX10 19
        r[0] &= ~((1u << 4) | (1u << 5) | (1u << 21) | (1u << 23));
        r[3] &= ~((1u << 4) | (1u << 19));
    } else if (leaf == 0x1d || leaf == 0x1e || leaf == 0x24) {
        r[0] = r[1] = r[2] = r[3] = 0;  // AMX tile and AVX10 information
    }
}

static void on_segv(int sig, siginfo_t* info, void* context) {
    ucontext_t* uc = (ucontext_t*)context;
    const unsigned char* ip = (const unsigned char*)uc->uc_mcontext.gregs[REG_RIP];
    if (ip && ip[0] == 0x0f && ip[1] == 0xa2) {
        uint32_t r[4];
        const uint32_t leaf = (uint32_t)uc->uc_mcontext.gregs[REG_RAX];
        const uint32_t subleaf = (uint32_t)uc->uc_mcontext.gregs[REG_RCX];
        syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1);
        cpuid_raw(leaf, subleaf, r);
        syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0);
        mask_to_avx2(leaf, subleaf, r);
        uc->uc_mcontext.gregs[REG_RAX] = r[0];
        uc->uc_mcontext.gregs[REG_RBX] = r[1];
        uc->uc_mcontext.gregs[REG_RCX] = r[2];
        uc->uc_mcontext.gregs[REG_RDX] = r[3];
        uc->uc_mcontext.gregs[REG_RIP] += 2;
        __atomic_add_fetch(&masked_calls, 1, __ATOMIC_RELAXED);
        return;
    }
    if (program_installed && (program_handler.sa_flags & SA_SIGINFO) && program_handler.sa_sigaction) {
        program_handler.sa_sigaction(sig, info, context);
        return;
    }
    if (program_installed && program_handler.sa_handler != SIG_DFL && program_handler.sa_handler != SIG_IGN) {
        program_handler.sa_handler(sig);
        return;
    }
    signal(SIGSEGV, SIG_DFL);  // a real fault: returning re-executes it, now fatal
}

typedef int (*sigaction_fn)(int, const struct sigaction*, struct sigaction*);
static sigaction_fn real_sigaction;

static void install_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    real_sigaction(SIGSEGV, &sa, NULL);
}

// The program's SIGSEGV handler is kept for the faults that are not CPUID.
int sigaction(int sig, const struct sigaction* act, struct sigaction* old) {
    if (!real_sigaction) real_sigaction = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
    if (sig != SIGSEGV) return real_sigaction(sig, act, old);
    if (old) {
        if (program_installed) *old = program_handler;
        else memset(old, 0, sizeof *old);
    }
    if (act) {
        program_handler = *act;
        program_installed = 1;
    }
    return 0;
}

sighandler_t signal(int sig, sighandler_t handler) {
    if (sig != SIGSEGV) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = handler;
        sa.sa_flags = SA_RESTART;
        sigemptyset(&sa.sa_mask);
        if (!real_sigaction) real_sigaction = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
        if (real_sigaction(sig, &sa, &old) != 0) return SIG_ERR;
        return old.sa_handler;
    }
    sighandler_t previous = program_installed ? program_handler.sa_handler : SIG_DFL;
    memset(&program_handler, 0, sizeof program_handler);
    program_handler.sa_handler = handler;
    program_installed = handler != SIG_DFL;
    return previous;
}

static void start_masking(void) {
    if (!real_sigaction) real_sigaction = (sigaction_fn)dlsym(RTLD_NEXT, "sigaction");
    if (!real_sigaction) real_sigaction = (sigaction_fn)dlsym(RTLD_DEFAULT, "sigaction");
    install_handler();
    if (syscall(SYS_arch_prctl, ARCH_SET_CPUID, 0) != 0) {
        fprintf(stderr, "cpu_features_mask: this CPU or kernel has no CPUID faulting (flag cpuid_fault); "
                        "the CPU is not masked\n");
        exit(3);
    }
    if (getenv("CLIPDESK_CPU_MASK_VERBOSE")) fprintf(stderr, "cpu_features_mask: CPUID now reports an AVX2-only CPU\n");
}

__attribute__((constructor)) static void start_masking_as_preload(void) { start_masking(); }

// The audit interface: called by the dynamic loader before it loads or initialises anything.
unsigned int la_version(unsigned int version) {
    start_masking();
    return version < LAV_CURRENT ? version : LAV_CURRENT;
}

__attribute__((destructor)) static void report_masking(void) {
    if (getenv("CLIPDESK_CPU_MASK_VERBOSE"))
        fprintf(stderr, "cpu_features_mask: %lu CPUID instructions masked\n", masked_calls);
}
