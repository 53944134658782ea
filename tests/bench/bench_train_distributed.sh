#!/usr/bin/env bash
# Training throughput of `clipdesk-cli train` as one process and as two data-parallel
# processes (Gloo over 127.0.0.1, --nproc-per-node 2), same global batch, data and seed.
# The one process runs with every core (--threads = cores) and with half of them; each of
# the two processes gets half. On a
# 2-core machine this measures the overhead of the data-parallel path (gathers, gradient
# all-reduce, a second data pipeline), not a speed-up: the cores are the same.
#
# usage: tests/bench/bench_train_distributed.sh CLIPDESK_CLI [MODEL_DIR]
#        MODEL_DIR default: $CLIPDESK_SHARED_DIR/models/clip-synthetic-tinyvit8m16
# env:   PAIRS (96), BATCH (16), CLIPDESK_BPE_VOCAB (default: the shared tokenizer)
# Prints one JSON line per configuration: median samples/s over the steps after the first.
set -euo pipefail

CLI=${1:?usage: $0 CLIPDESK_CLI [MODEL_DIR]}
SHARED=${CLIPDESK_SHARED_DIR:-/work/shared}
MODEL=${2:-$SHARED/models/clip-synthetic-tinyvit8m16}
PAIRS=${PAIRS:-96}
BATCH=${BATCH:-16}
export CLIPDESK_BPE_VOCAB=${CLIPDESK_BPE_VOCAB:-$SHARED/models/tokenizer/bpe_simple_vocab_16e6.txt.gz}
CORES=$(nproc)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# 224 x 224 BMPs (the model's input size) with captions, written by the standard library only.
/usr/bin/python3 - "$WORK" "$PAIRS" <<'PY'
import struct, sys, random
out, n = sys.argv[1], int(sys.argv[2])
words = ["red", "green", "blue", "square", "corner", "bright", "dark", "left", "right", "top"]
with open(f"{out}/pairs.csv", "w") as csv:
    csv.write("image,caption\n")
    for i in range(n):
        rng = random.Random(i)
        w = h = 224
        base = bytes([rng.randrange(256) for _ in range(3)])
        pixels = bytearray(base * w * h)
        x0, y0 = rng.randrange(0, 160), rng.randrange(0, 160)
        for y in range(y0, y0 + 64):
            pixels[y * w * 3 + x0 * 3:y * w * 3 + (x0 + 64) * 3] = b"\xff" * (64 * 3)
        header = b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54)
        info = struct.pack("<IiiHHIIiiII", 40, w, -h, 1, 24, 0, len(pixels), 0, 0, 0, 0)
        with open(f"{out}/img{i}.bmp", "wb") as f:
            f.write(header + info + pixels)
        csv.write(f"img{i}.bmp,a {words[i % 10]} {words[(i // 3) % 10]} picture number {i}\n")
PY

run() {  # LABEL OUT ARGS...
    local label=$1 out=$2
    shift 2
    "$CLI" train --pairs "$WORK/pairs.csv" --model "$MODEL" --out "$WORK/$out" --epochs 1 --batch-size "$BATCH" \
        --val-split 0 --warmup 0 --log-every 1 --workers 1 --seed 1 "$@" 2>"$WORK/$out.err" >"$WORK/$out.jsonl" ||
        { cat "$WORK/$out.err" >&2; exit 1; }
    /usr/bin/python3 - "$WORK/$out.jsonl" "$label" "$BATCH" "$PAIRS" <<'PY'
import json, statistics, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rates = [l["samples_per_s"] for l in lines if l.get("type") == "step"][1:]
print(json.dumps({"config": sys.argv[2], "batch": int(sys.argv[3]), "pairs": int(sys.argv[4]),
                  "steps_measured": len(rates), "samples_per_s": round(statistics.median(rates), 2)}))
PY
}

half=$(( CORES / 2 > 0 ? CORES / 2 : 1 ))
run "1 process, $CORES threads" one --threads "$CORES"
run "1 process, $half threads" one-half --threads "$half"
run "2 processes (gloo), $half threads each" two --threads "$half" --nproc-per-node 2
echo "{\"cpu\": \"$(lscpu | sed -n 's/^Model name: *//p')\", \"cores\": $CORES}"
