#!/usr/bin/env bash
# Indexing benchmark: Clipdesk's `clipdesk-cli index` against the ONNX Runtime + sharp peer
# pipeline (../shared/peers/ort) on one photo folder, side by side.
#
# usage: tests/bench/bench_indexing.sh [options] PHOTO_DIR
#   --runs N           runs of each pipeline, alternating (default 3)
#   --model DIR        Clipdesk model (default ../shared/models/clip-synthetic-tinyvit8m16)
#   --onnx FILE        peer model (default MODEL/onnx/vision.onnx)
#   --cli FILE         clipdesk-cli (default $CLIPDESK_CLI, else build/app/cli/clipdesk-cli)
#   --cli-args "ARGS"  extra arguments for clipdesk-cli index, e.g. "--precision bf16"
#   --peer-args "ARGS" extra arguments for the peer (default "--exif-orient")
#   --peer-dir DIR     writable copy of the peer (default /tmp/clipdesk-peer-ort; created from
#                      ../shared/peers/ort with `ONNXRUNTIME_NODE_INSTALL=skip npm ci` if missing)
#   --no-peer          measure Clipdesk only
#   --cpu avx2         run both pipelines as on an AVX2-only CPU (no AVX-512, AVX-VNNI, BF16,
#                      AMX): tests/bench/cpu_features_mask.c is built and loaded (LD_AUDIT and
#                      LD_PRELOAD; needs the CPU flag cpuid_fault), glibc's string functions are masked by
#                      GLIBC_TUNABLES, and Clipdesk gets OPENBLAS_CORETYPE=Haswell and
#                      ATEN_CPU_CAPABILITY=avx2. Cache sizes stay this machine's.
# Every run is timed with /usr/bin/time -v (Debian package `time`) after the page cache has
# been warmed with the photos. Clipdesk indexes into a fresh temporary library each run.
# stdout: one JSON line per run, then one summary line:
#   {"figure":"indexing_summary","photos":N,"runs":3,"peer_ort":{...},"clipdesk":{...},...}
# with, per pipeline, the median (and every run's) images/s as the tool reports it
# (images_per_s), images/s over the whole process (wall_images_per_s: start-up and model
# load included) and peak RSS in MB. A pipeline that is missing is reported with "skipped".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SHARED=${CLIPDESK_SHARED_DIR:-$REPO/../shared}
RUNS=3
MODEL=$SHARED/models/clip-synthetic-tinyvit8m16
ONNX=
CLI=${CLIPDESK_CLI:-$REPO/build/app/cli/clipdesk-cli}
CLI_ARGS=
PEER_ARGS=--exif-orient
PEER_DIR=/tmp/clipdesk-peer-ort
USE_PEER=1
PY=/usr/bin/python3
CPU=native

die() { echo "bench_indexing.sh: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --onnx) ONNX=$2; shift 2 ;;
    --cli) CLI=$2; shift 2 ;;
    --cli-args) CLI_ARGS=$2; shift 2 ;;
    --peer-args) PEER_ARGS=$2; shift 2 ;;
    --peer-dir) PEER_DIR=$2; shift 2 ;;
    --no-peer) USE_PEER=0; shift ;;
    --cpu) CPU=$2; shift 2 ;;
    -h | --help) sed -n '2,27p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) [[ -z "${DIR:-}" ]] || die "one photo folder only"; DIR=$1; shift ;;
  esac
done
[[ -n "${DIR:-}" && -d "$DIR" ]] || die "usage: bench_indexing.sh [options] PHOTO_DIR (see --help)"
DIR=$(cd "$DIR" && pwd)
ONNX=${ONNX:-$MODEL/onnx/vision.onnx}
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing: apt-get install time"

photos=$(find "$DIR" -type f \( -iname '*.jpg' -o -iname '*.jpeg' -o -iname '*.png' -o -iname '*.webp' \
  -o -iname '*.tif' -o -iname '*.tiff' -o -iname '*.bmp' \) | wc -l)
[[ "$photos" -gt 0 ]] || die "no photos in $DIR"

WORK=$(mktemp -d /tmp/clipdesk-bench-indexing.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# --- the CPU both pipelines see
peer_env=() cli_env=()
case "$CPU" in
  native) ;;
  avx2)
    grep -qw cpuid_fault /proc/cpuinfo || die "--cpu avx2 needs CPUID faulting (CPU flag cpuid_fault), which this machine lacks"
    cc -O2 -shared -fPIC -o "$WORK/cpu_features_mask.so" "$HERE/cpu_features_mask.c" -ldl || die "cannot build cpu_features_mask.so (install gcc)"
    masked=(LD_AUDIT="$WORK/cpu_features_mask.so" LD_PRELOAD="$WORK/cpu_features_mask.so"
            GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ,-AVX512CD,-AVX512ER,-AVX512PF)
    peer_env=("${masked[@]}")
    cli_env=("${masked[@]}" OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2)
    ;;
  *) die "--cpu: expected native or avx2, got '$CPU'" ;;
esac

# --- what can run
peer_skip=
if [[ $USE_PEER == 1 ]]; then
  if ! command -v node >/dev/null; then
    peer_skip="node is not installed"
  elif [[ ! -f "$ONNX" ]]; then
    peer_skip="no ONNX model at $ONNX"
  elif [[ ! -d "$PEER_DIR/node_modules/onnxruntime-node" ]]; then
    echo "bench_indexing.sh: setting up the peer in $PEER_DIR (npm ci)" >&2
    rm -rf "$PEER_DIR"
    cp -r "$SHARED/peers/ort" "$PEER_DIR"
    (cd "$PEER_DIR" && ONNXRUNTIME_NODE_INSTALL=skip npm ci >&2) || peer_skip="npm ci failed in $PEER_DIR"
  fi
else
  peer_skip="--no-peer"
fi
cli_skip=
if [[ ! -x "$CLI" ]]; then
  cli_skip="no clipdesk-cli at $CLI (build it, or pass --cli)"
elif ! "$CLI" index --help >/dev/null 2>&1; then
  cli_skip="$CLI has no 'index' command yet"
fi
[[ -z "$peer_skip" || -z "$cli_skip" ]] || die "nothing to measure: peer: $peer_skip; clipdesk: $cli_skip"

# --- warm the page cache (both pipelines then read the photos from memory)
find "$DIR" -type f -print0 | xargs -0 cat > /dev/null

# run NAME RUN COMMAND...: times one run; prints its JSON line
run() {
  local name=$1 rep=$2
  shift 2
  local out="$WORK/$name.$rep.out" err="$WORK/$name.$rep.err" tv="$WORK/$name.$rep.time"
  local load_before
  load_before=$(cut -d' ' -f1 /proc/loadavg)
  local status=0
  /usr/bin/time -v -o "$tv" "$@" > "$out" 2> "$err" || status=$?
  "$PY" - "$name" "$rep" "$photos" "$out" "$tv" "$status" "$load_before" "$err" <<'PY'
import json, sys
name, rep, photos, out, tv, status, load_before, err = sys.argv[1:]
last = {}
for line in open(out, errors="replace"):
    line = line.strip()
    if line.startswith("{"):
        try:
            last = json.loads(line)
        except ValueError:
            pass
fields = {}
for line in open(tv, errors="replace"):
    key, _, value = line.strip().rpartition(": ")
    fields[key] = value
def wall_seconds(text):
    parts = [float(p) for p in text.split(":")]
    return sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
wall = wall_seconds(fields.get("Elapsed (wall clock) time (h:mm:ss or m:ss)", "0"))
images = last.get("images", last.get("added", 0) + last.get("updated", 0))
rec = {
    "figure": "indexing_run", "pipeline": name, "run": int(rep), "exit_status": int(status),
    "images": images, "failed": last.get("failed"),
    "images_per_s": last.get("images_per_s"),
    "tool_seconds": last.get("seconds"),
    "wall_s": wall, "wall_images_per_s": round(images / wall, 3) if wall > 0 else None,
    "peak_rss_mb": round(int(fields.get("Maximum resident set size (kbytes)", "0")) / 1024, 1),
    "user_s": float(fields.get("User time (seconds)", "0")), "system_s": float(fields.get("System time (seconds)", "0")),
    "load_before": float(load_before), "photos_in_folder": int(photos),
}
if int(status) != 0:
    rec["error"] = open(err, errors="replace").read()[-400:]
print(json.dumps(rec))
PY
}

: > "$WORK/runs.jsonl"
for rep in $(seq 1 "$RUNS"); do
  if [[ -z "$peer_skip" ]]; then
    # shellcheck disable=SC2086
    run peer_ort "$rep" env "${peer_env[@]}" node "$PEER_DIR/index_folder.mjs" "$DIR" --model "$ONNX" $PEER_ARGS | tee -a "$WORK/runs.jsonl"
  fi
  if [[ -z "$cli_skip" ]]; then
    lib="$WORK/library.$rep"
    # shellcheck disable=SC2086
    run clipdesk "$rep" env "${cli_env[@]}" "$CLI" index --library "$lib" --model "$MODEL" --quiet $CLI_ARGS "$DIR" | tee -a "$WORK/runs.jsonl"
    rm -rf "$lib"
  fi
done

BENCH_CPU=$CPU "$PY" - "$WORK/runs.jsonl" "$photos" "$RUNS" "$peer_skip" "$cli_skip" "$PEER_ARGS" "$CLI_ARGS" "$DIR" <<'PY'
import json, statistics, sys, os
runs_file, photos, nruns, peer_skip, cli_skip, peer_args, cli_args, folder = sys.argv[1:]
runs = [json.loads(l) for l in open(runs_file) if l.strip()]
def summary(name, skip, args):
    if skip:
        return {"skipped": skip}
    rs = [r for r in runs if r["pipeline"] == name]
    ok = [r for r in rs if r["exit_status"] == 0]
    med = lambda key: statistics.median([r[key] for r in ok if r.get(key) is not None]) if ok else None
    return {
        "args": args, "runs_ok": len(ok), "runs_failed": len(rs) - len(ok),
        "images": ok[0]["images"] if ok else None, "failed_photos": ok[0]["failed"] if ok else None,
        "images_per_s": med("images_per_s"), "wall_images_per_s": med("wall_images_per_s"),
        "peak_rss_mb": med("peak_rss_mb"), "user_s": med("user_s"),
        "images_per_s_runs": [r["images_per_s"] for r in ok],
        "peak_rss_mb_runs": [r["peak_rss_mb"] for r in ok],
    }
print(json.dumps({
    "figure": "indexing_summary", "folder": folder, "photos": int(photos), "runs": int(nruns),
    "statistic": "median", "cpu_seen": os.environ.get("BENCH_CPU", "native"), "cpus": len(os.sched_getaffinity(0)), "loadavg_end": open("/proc/loadavg").read().split()[:3],
    "peer_ort": summary("peer_ort", peer_skip, peer_args),
    "clipdesk": summary("clipdesk", cli_skip, cli_args),
}))
PY
