#!/usr/bin/env bash
# CI: the LibTorch-only core (-DCLIPDESK_CORE_ONLY=ON) against Debian 13's LibTorch 2.6.
#   cpu   configure, build (-Werror=deprecated-declarations) and run the core-only tests,
#         the scaled_dot_product_attention path against the goldens in ../shared
#   cuda  configure, compile and link against libtorch-cuda-dev 2.6 (contrib) with the
#         local CUDA toolkit (/usr/local/cuda, or $CUDA_HOME), the data-parallel trainer with
#         Gloo and NCCL (libgloo-cuda-dev, libnccl-dev); nothing runs on a GPU
# This machine's glibc cannot run Debian 13's libraries, so both run in a Debian 13 root:
# the packages come through a private apt configuration (the system's /etc/apt is never
# read for sources nor written) and are unpacked with dpkg -x; the builds run in a chroot
# inside a private mount namespace. Downloads, unpacked roots and ccache's files are kept
# in $CLIPDESK_CI_CACHE (default ~/.cache/clipdesk-ci), outside the clone.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared_dir="$(cd "${CLIPDESK_SHARED_DIR:-$repo/../shared}" 2>/dev/null && pwd || true)"
cache="${CLIPDESK_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clipdesk-ci}"
cuda_home="${CUDA_HOME:-/usr/local/cuda}"
jobs="${CLIPDESK_CI_JOBS:-$(nproc)}"
parts="${*:-cpu cuda}"

log() { printf '\033[1m[libtorch2]\033[0m %s\n' "$*" >&2; }
minutes() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 60 }'; }

# The Debian mirror this machine already uses (the same host serves trixie).
debian_mirror() {
    local uri
    uri="$(grep -h -o -E 'https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
               /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | tr -d ' ')" || true
    echo "${uri:-http://deb.debian.org/debian}"
}

apt_dir="$cache/apt"
apt_opts=(
    -o "Dir::Etc::sourcelist=$apt_dir/sources.list" -o "Dir::Etc::sourceparts=$apt_dir/empty"
    -o "Dir::Etc::preferences=$apt_dir/empty/none" -o "Dir::Etc::preferencesparts=$apt_dir/empty"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
    -o "Dir::Cache=$apt_dir/cache" -o "Dir::Cache::archives=$cache/debs"
    -o APT::Architecture=amd64 -o APT::Install-Recommends=0 -o Debug::NoLocking=1 -o APT::Sandbox::User=root -q
)

apt_update() {
    mkdir -p "$apt_dir"/{lists/partial,cache,empty} "$cache/debs/partial"
    : > "$apt_dir/status"
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(debian_mirror) trixie main contrib non-free" \
        > "$apt_dir/sources.list"
    apt-get "${apt_opts[@]}" update >/dev/null
}

# Prints the .deb files (downloaded if missing) of the packages and their dependencies,
# as a fresh Debian 13 system would install them, minus those matching $exclude.
fetch() {
    local exclude="$1"; shift
    local -a names=()
    mapfile -t names < <(apt-get "${apt_opts[@]}" -s install "$@" | awk '/^Inst / {print $2 "=" substr($3, 2)}' \
                             | grep -v -E "^($exclude)=" )
    local n missing=()
    for n in "${names[@]}"; do
        compgen -G "$(deb_glob "$n")" >/dev/null || missing+=("$n")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        log "downloading ${#missing[@]} packages"
        (cd "$cache/debs" && apt-get "${apt_opts[@]}" download "${missing[@]}" >/dev/null)
    fi
    for n in "${names[@]}"; do compgen -G "$(deb_glob "$n")"; done
}

deb_glob() {  # pkg=version -> the glob of its .deb in the cache
    local pkg="${1%%=*}" ver="${1#*=}"
    echo "$cache/debs/${pkg}_${ver/:/%3a}_*.deb"
}

# Unpacks the .debs read from stdin into $1 once (the folder is named after their list).
make_root() {
    local name="$1" debs key dir
    debs="$(sort)"
    key="$(printf '%s\n' "$debs" | xargs -n1 basename | sha256sum | cut -c1-16)"
    dir="$cache/roots/$name-$key"
    if [ ! -f "$dir/.complete" ]; then
        log "unpacking $(printf '%s\n' "$debs" | wc -l) packages into $dir"
        rm -rf "$dir" && mkdir -p "$dir/usr/bin" "$dir/usr/lib64" "$dir/usr/sbin" "$dir/usr/lib"
        # Debian 13 is /usr-merged; debootstrap would make these links.
        ln -s usr/bin "$dir/bin"; ln -s usr/sbin "$dir/sbin"; ln -s usr/lib "$dir/lib"; ln -s usr/lib64 "$dir/lib64"
        local deb
        while read -r deb; do dpkg-deb --extract "$deb" "$dir"; done <<< "$debs"
        # What maintainer scripts would have made (dpkg -x runs none): /bin/sh and the BLAS/LAPACK alternatives.
        ln -sf dash "$dir/usr/bin/sh"
        local lib="$dir/usr/lib/x86_64-linux-gnu" l
        for l in blas lapack; do
            [ -e "$lib/$l/lib$l.so.3" ] && ln -sf "$l/lib$l.so.3" "$lib/lib$l.so.3"
        done
        mkdir -p "$dir"/{proc,dev,tmp,src,shared,ccache} && chmod 1777 "$dir/tmp"
        touch "$dir/.complete"
        find "$cache/roots" -mindepth 1 -maxdepth 1 -name "$name-*" ! -path "$dir" -exec rm -rf {} +
    fi
    echo "$dir"
}

# Runs a shell command in the root: the clone at /src, ../shared at /shared, the CUDA
# toolkit at /usr/local/cuda. The mounts live in a private namespace and vanish with the command.
in_root() {
    local dir="$1" cmd="$2" userns=()
    [ "$(id -u)" -eq 0 ] || userns=(--map-root-user)
    mkdir -p "$cache/ccache"
    unshare "${userns[@]}" --mount --fork --propagation private bash -euc '
        dir="$1"; mount --rbind /dev "$dir/dev"; mount -t proc proc "$dir/proc"
        mount --bind "$2" "$dir/src"; mount --bind "$3" "$dir/ccache"
        [ -d "$4" ] && mount --bind "$4" "$dir/shared"
        [ -d "$5" ] && mkdir -p "$dir/usr/local/cuda" && mount --bind "$5" "$dir/usr/local/cuda"
        exec chroot "$dir" /usr/bin/env -i PATH=/usr/bin:/usr/sbin HOME=/tmp LANG=C.UTF-8 CCACHE_DIR=/ccache \
            CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime \
            CLIPDESK_SHARED_DIR=/shared /bin/bash -euc "$6"' \
        in_root "$dir" "$repo" "$cache/ccache" "$shared_dir" "$cuda_home" "$cmd"
}

toolchain=(g++ cmake ninja-build ccache nlohmann-json3-dev bash coreutils dash grep sed findutils)
# Gloo's (and for CUDA, NCCL's) headers: the data-parallel trainer (core/training/distributed)
# compiles against c10d. The CUDA LibTorch needs the CUDA build of Gloo.
configure_flags="-G Ninja -DCMAKE_BUILD_TYPE=Release -DCLIPDESK_CORE_ONLY=ON -DCMAKE_CXX_FLAGS=-Werror=deprecated-declarations"

part_cpu() {
    local dir
    dir="$(fetch '' libtorch-dev libgloo-dev "${toolchain[@]}" | make_root cpu)"
    [ -n "$shared_dir" ] || { log "reference data (../shared) not found: the goldens cannot be checked"; return 1; }
    in_root "$dir" "
        cmake -S /src -B /src/build/debian13-cpu $configure_flags | tee /tmp/configure.txt
        grep -q 'Data-parallel training: Gloo yes' /tmp/configure.txt
        cmake --build /src/build/debian13-cpu --parallel $jobs
        cd /src/build/debian13-cpu && ctest --output-on-failure
        # The goldens must really have been compared, on the fused attention path.
        ./tests/core/model/test_model_parity | tee /tmp/parity.txt
        grep -q 'attention: scaled_dot_product_attention' /tmp/parity.txt
        ! grep -q '^SKIP' /tmp/parity.txt"
}

part_cuda() {
    local dir
    [ -x "$cuda_home/bin/nvcc" ] || { log "no CUDA toolkit at $cuda_home (set CUDA_HOME)"; return 1; }
    # The CUDA toolkit and driver packages are replaced by the local toolkit (nvidia-cudnn only
    # downloads cuDNN when installed). The CUDA runtime libraries behind libtorch_cuda.so (from
    # non-free, listed only to resolve its dependencies) are not fetched either: the link
    # resolves our objects against LibTorch, not LibTorch's own imports.
    local cuda_libs='libcublas.*|libcudart.*|libcufft.*|libcurand.*|libcusolver.*|libcusparse.*|libcupti.*|libcuinj.*'
    cuda_libs+='|libnpp.*|libnvjpeg.*|libnccl2|libnvjitlink.*|libnvblas.*|libnvrtc.*|libnvvm.*|libnvfatbin.*|libaccinj.*'
    cuda_libs+='|libcuda1|libnvidia-.*|nvidia-.*|glx-.*|update-glx|libamd.*|libhsa.*|libllvm.*'
    dir="$(fetch "$cuda_libs" \
                libtorch-cuda-dev libgloo-cuda-dev libnccl-dev "${toolchain[@]}" | make_root cuda)"
    in_root "$dir" "
        cmake -S /src -B /src/build/debian13-cuda $configure_flags \
              -DCMAKE_CUDA_COMPILER=/usr/local/cuda/bin/nvcc -DCMAKE_EXE_LINKER_FLAGS=-Wl,--allow-shlib-undefined \
              | tee /tmp/configure.txt
        grep -q 'Data-parallel training: Gloo yes, NCCL 1' /tmp/configure.txt
        cmake --build /src/build/debian13-cuda --parallel $jobs"
}

apt_update
status=0
for part in $parts; do
    start=$SECONDS
    log "$part: start"
    if "part_$part"; then result=passed; else result=FAILED; status=1; fi
    log "$part: $result in $(minutes $((SECONDS - start))) min"
done
exit $status
