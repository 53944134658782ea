#!/bin/sh
# Unpacks Debian's dataset-fashion-mnist package into DEST without installing it (no root
# needed) and prints the folder holding the IDX files, DEST/usr/share/datasets/fashion-mnist.
# Running it again with the files already there just prints the folder.
#
#   dir=$(tests/data/fetch_fashion_mnist.sh ~/datasets) && CLIPDESK_FASHION_MNIST_DIR=$dir ctest -R data
set -eu

if [ $# -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 DEST" >&2
    exit 2
fi
mkdir -p "$1"
dest=$(cd "$1" && pwd)
dir="$dest/usr/share/datasets/fashion-mnist"

complete() {
    for name in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
        [ -s "$dir/$name.gz" ] || [ -s "$dir/$name" ] || return 1
    done
}

if ! complete; then
    for tool in apt-get dpkg; do
        command -v "$tool" >/dev/null 2>&1 || { echo "$0: $tool not found (this script needs Debian or Ubuntu)" >&2; exit 1; }
    done
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    echo "downloading dataset-fashion-mnist (about 30 MB) ..." >&2
    (cd "$work" && apt-get download dataset-fashion-mnist >&2) || {
        echo "$0: apt-get download failed (is the package index current? try: sudo apt-get update)" >&2
        exit 1
    }
    dpkg -x "$work"/dataset-fashion-mnist_*.deb "$dest"
    complete || { echo "$0: the package did not contain the expected IDX files in $dir" >&2; exit 1; }
fi
echo "$dir"
