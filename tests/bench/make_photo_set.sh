#!/usr/bin/env bash
# Build a deterministic benchmark set of N camera-like JPEGs (640-4000 px long side,
# crops, scales, JPEG quality 70-97, EXIF orientations 1/3/6/8, some progressive)
# from real photographs shipped in Debian packages. Nothing is installed: the
# packages are fetched with `apt-get download` and unpacked with `dpkg -x` into a
# cache folder; the rendering is tests/bench/make_photo_set.py.
#
# usage: tests/bench/make_photo_set.sh [OUT_DIR] [N]
#        defaults: OUT_DIR=/tmp/clipdesk-photoset-N, N=1000
# env:   CLIPDESK_PHOTO_CACHE  where .debs are cached and unpacked (default /var/tmp/clipdesk-photo-src)
#        PHOTOSET_SEED         changes every photo (default 1)
#        PHOTOSET_JOBS         parallel renderers (default: all cores)
#        FORCE=1               rebuild even if OUT_DIR already holds this set
# needs: apt-get (with package lists: run `apt-get update` once), dpkg-deb,
#        /usr/bin/python3 with python3-pil and python3-numpy (Debian packages).
# Prints one JSON line with the set's summary and digest (same Debian packages and
# seed => same files). 1,000 photos take about 1.2 GB and 5-10 minutes on 2 cores.
# Licences of the source photos: CACHE/root/usr/share/doc/<package>/copyright.
set -euo pipefail

N=${2:-1000}
OUT=${1:-/tmp/clipdesk-photoset-$N}
SEED=${PHOTOSET_SEED:-1}
CACHE=${CLIPDESK_PHOTO_CACHE:-/var/tmp/clipdesk-photo-src}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3   # Debian's interpreter, which sees python3-pil / python3-numpy
# Debian 12 (bookworm) versions; another version still works but gives other files.
PACKAGES=(
  plasma-workspace-wallpapers=4:5.27.5-2   # KDE wallpapers: 11 camera photos, 2560x1600
  mate-backgrounds=1.26.0-1                # MATE nature backgrounds: 12 camera photos, 1280-2560 px
  opencv-doc=4.6.0+dfsg-12                 # OpenCV sample and tutorial photos
  python3-skimage=0.19.3-8                 # scikit-image sample photos
)

case "$N" in '' | *[!0-9]*) echo "make_photo_set.sh: N must be a number, got '$N'" >&2; exit 2 ;; esac
if ! "$PY" -c 'import PIL, numpy' 2>/dev/null; then
  echo "make_photo_set.sh: $PY lacks PIL or numpy; install the Debian packages python3-pil python3-numpy" >&2
  exit 1
fi

stamp="$OUT/.photoset-stamp"
want="count=$N seed=$SEED script=$(sha256sum "$HERE/make_photo_set.py" | cut -c1-16)"
if [[ "${FORCE:-0}" != 1 && -f "$stamp" && "$(head -n1 "$stamp")" == "$want" ]]; then
  echo "make_photo_set.sh: $OUT already holds this set ($want); FORCE=1 rebuilds it" >&2
  tail -n1 "$stamp"
  exit 0
fi

mkdir -p "$CACHE/debs"
for spec in "${PACKAGES[@]}"; do
  name=${spec%%=*}
  version=${spec#*=}
  file_version=${version#*:}   # the epoch is not part of the file name
  if ! compgen -G "$CACHE/debs/${name}_*${file_version}_all.deb" >/dev/null; then
    echo "make_photo_set.sh: downloading $spec" >&2
    if ! (cd "$CACHE/debs" && apt-get download "$spec" >&2); then
      echo "make_photo_set.sh: $spec not available; trying the candidate version of $name" >&2
      (cd "$CACHE/debs" && apt-get download "$name" >&2) || {
        echo "make_photo_set.sh: cannot download $name (run 'apt-get update' first?)" >&2; exit 1; }
    fi
  fi
done

# Unpack once per set of .debs.
debs_id=$(ls "$CACHE/debs"/*.deb | sort | xargs -d '\n' sha256sum | sha256sum | cut -c1-16)
if [[ ! -f "$CACHE/root/.unpacked-$debs_id" ]]; then
  rm -rf "$CACHE/root"
  mkdir -p "$CACHE/root"
  for deb in "$CACHE/debs"/*.deb; do dpkg-deb -x "$deb" "$CACHE/root"; done
  touch "$CACHE/root/.unpacked-$debs_id"
fi

mkdir -p "$OUT"
rm -f "$stamp" "$OUT"/photo_*.jpg "$OUT/manifest.tsv"
summary=$("$PY" "$HERE/make_photo_set.py" "$CACHE/root" "$OUT" --count "$N" --seed "$SEED" \
  --jobs "${PHOTOSET_JOBS:-$(nproc)}")
printf '%s\n%s\n' "$want" "$summary" > "$stamp"
echo "$summary"
