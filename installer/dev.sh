#!/usr/bin/env bash
# Clipdesk's developer entry point (Debian 12). The README's two set-up commands are
#   installer/dev.sh run    install packages, build, start Clipdesk
#   installer/dev.sh test   install packages, build, run the whole test suite
# Other steps: deps | build | bench | package (the .deb, with CPack). BUILD_DIR (default build/) and CLIPDESK_SHARED_DIR
# (reference data, default ../shared) can be set in the environment.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
shared_dir="${CLIPDESK_SHARED_DIR:-$root/../shared}"

log() { printf '\033[1m[clipdesk]\033[0m %s\n' "$*" >&2; }

install_deps() {
    mapfile -t wanted < <(grep -v -E '^\s*(#|$)' "$here/debian-packages.txt")
    local missing=()
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        log "all ${#wanted[@]} Debian packages present"
        return
    fi
    log "installing ${#missing[@]} Debian packages: ${missing[*]}"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    local generator=()
    command -v ninja >/dev/null && generator=(-G Ninja)
    if [ ! -f "$build_dir/CMakeCache.txt" ]; then
        cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
              -DCLIPDESK_SHARED_DIR_DEFAULT="$shared_dir" ${CMAKE_ARGS:-}
    fi
    # A torch translation unit needs ~1.2 GB to compile: one job per 1.5 GB of memory at most.
    local mem_jobs=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) / 1500000 ))
    local jobs=$(nproc)
    [ "$mem_jobs" -lt "$jobs" ] && jobs=$(( mem_jobs > 0 ? mem_jobs : 1 ))
    cmake --build "$build_dir" --parallel "$jobs"
}

run_app() {
    local gui="$build_dir/app/gui/clipdesk"
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
        log "no display (DISPLAY / WAYLAND_DISPLAY unset): starting Clipdesk under xvfb-run"
        if command -v xvfb-run >/dev/null; then
            exec xvfb-run -a "$gui" "$@"
        fi
        log "xvfb-run not found; install xvfb or set QT_QPA_PLATFORM=offscreen"
        exit 1
    fi
    log "starting $gui"
    exec "$gui" "$@"
}

run_tests() {
    export QT_QPA_PLATFORM=offscreen CLIPDESK_SHARED_DIR="$shared_dir"
    # Labelled data for the bundled model's test: Debian's dataset-fashion-mnist, unpacked
    # without installing. Without it that test is reported as skipped.
    if [ -z "${CLIPDESK_FASHION_MNIST_DIR:-}" ]; then
        CLIPDESK_FASHION_MNIST_DIR=$("$root/tests/data/fetch_fashion_mnist.sh" "$build_dir/datasets") || CLIPDESK_FASHION_MNIST_DIR=
        export CLIPDESK_FASHION_MNIST_DIR
    fi
    cd "$build_dir"
    ctest --output-on-failure --parallel "$(nproc)" --timeout 900
}

case "${1:-}" in
    deps) install_deps ;;
    build) install_deps; build ;;
    run) install_deps; build; shift; run_app "$@" ;;
    test) install_deps; build; run_tests ;;
    bench) install_deps; build
        "$build_dir/tests/bench/clipdesk-bench-encode" --model "${CLIPDESK_MODEL:-$shared_dir/models/clip-synthetic-tinyvit8m16}"
        QT_QPA_PLATFORM=offscreen "$build_dir/tests/bench/clipdesk-bench-gui-stall" --photos "$shared_dir/data/photos" ;;
    package) install_deps; build; (cd "$build_dir" && cpack -G DEB) ;;
    *) echo "usage: $0 run|test|deps|build|bench|package" >&2; exit 2 ;;
esac
