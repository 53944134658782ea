#!/usr/bin/env bash
# The GPU check of issue 14, for a machine with one CUDA GPU and PyTorch from pip:
#   tests/gpu/run.sh OUTDIR
# builds the LibTorch-only tree against pip's torch (torch.utils.cmake_prefix_path) with all
# cores, then runs the model parity on CUDA (fp32, bf16, fp16), a short fine-tuning run (the
# loss goes down, a stopped run resumes bit-exactly, the checkpoint embeds the same on the
# CPU) and the training throughput against a PyTorch eager loop, with MFU. Everything it
# prints is also written to OUTDIR; the reference data comes from ../shared or
# $CLIPDESK_SHARED_DIR. Needs cmake, ninja (or make), a C++17 compiler and nlohmann-json.
set -euo pipefail

out="${1:?usage: tests/gpu/run.sh OUTDIR}"
mkdir -p "$out" && out="$(cd "$out" && pwd)"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CLIPDESK_SHARED_DIR="${CLIPDESK_SHARED_DIR:-$repo/../shared}"
build="${BUILD_DIR:-$repo/build/gpu}"
start=$SECONDS
status=0

step() { printf '\n== %s (%.1f min so far)\n' "$1" "$(awk -v s=$((SECONDS - start)) 'BEGIN {print s / 60}')"; }

if ! {
    step "environment"
    python3 -c 'import torch; print("torch", torch.__version__, "CUDA", torch.version.cuda, "GPU",
                torch.cuda.get_device_name(0) if torch.cuda.is_available() else "none")'
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
    prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"

    step "configure and build (LibTorch-only, $(nproc) jobs)"
    generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    # LibTorch's CUDA config enables CMake's CUDA language: nvcc must be found.
    nvcc="$(command -v nvcc || echo "${CUDA_HOME:-/usr/local/cuda}/bin/nvcc")"
    [ -x "$nvcc" ] && generator+=(-DCMAKE_CUDA_COMPILER="$nvcc")
    cmake -S "$repo" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DCLIPDESK_CORE_ONLY=ON \
          -DCMAKE_PREFIX_PATH="$prefix" -DCLIPDESK_SHARED_DIR_DEFAULT="$CLIPDESK_SHARED_DIR"
    cmake --build "$build" --parallel "$(nproc)"
} 2>&1 | tee "$out/build.log"; then
    echo "build failed: see $out/build.log"
    exit 1
fi

run() {  # run NAME COMMAND...: output to OUTDIR/NAME.txt, failures counted
    local name="$1"; shift
    step "$name"
    if ! "$@" 2>&1 | tee "$out/$name.txt"; then status=1; echo "$name: FAILED"; fi
    if grep -q '^SKIP' "$out/$name.txt"; then status=1; echo "$name: skipped (no GPU or no reference data?)"; fi
}

run parity "$build/tests/gpu/gpu_model_parity"
run fine_tune "$build/tests/gpu/gpu_fine_tune"
run throughput python3 "$repo/tests/gpu/throughput.py" --bench "$build/tests/gpu/bench_train_step" \
    --out "$out/throughput.json"
run ctest ctest --test-dir "$build" --output-on-failure
step "done, status $status"
exit $status
