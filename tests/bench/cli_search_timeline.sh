#!/usr/bin/env bash
# Where one `clipdesk-cli search` spends its wall time, from the moments it opens its files:
# strace with a seccomp filter stops the process only at openat/write/exit_group, so the
# timing is close to an untraced run (compare the total with /usr/bin/time).
#
# usage: tests/bench/cli_search_timeline.sh CLI LIBRARY_DIR [QUERY]
#   e.g. tests/bench/cli_search_timeline.sh build/app/cli/clipdesk-cli /tmp/lib10k "a dog on a beach"
#        (a library from `clipdesk-bench-search --photos 10000 --keep /tmp/lib10k`)
# Prints one line: start-up (process start to the library's database opened: shared
# libraries and LibTorch's static initialisers), library (database and vector index), model
# (text tower load), query (tokenizer, encode, search, result rows) and exit (output to exit).
# needs: strace >= 5.3
set -euo pipefail
cli=$1 library=$2 query=${3:-a dog on a beach}
trace=$(mktemp)
trap 'rm -f "$trace"' EXIT
strace --seccomp-bpf -f -ttt -e trace=openat,write,exit_group -o "$trace" \
    "$cli" search --library "$library" -k 10 "$query" >/dev/null
awk '
  NR == 1 { t0 = $2 }
  /library\.sqlite"/ && !db { db = $2 - t0 }
  /\.safetensors"|\.pt"/ { last = $2 - t0; if (!model) model = last }
  /bpe_simple_vocab/ && !vocab { vocab = $2 - t0 }
  /write\(1,/ && !out { out = $2 - t0 }
  /exit_group/ { done = $2 - t0 }
  END {
    printf "start-up %.3f s | library %.3f s | model %.3f s | query %.3f s | exit %.3f s | total %.3f s\n",
           db, model - db, vocab - model, out - vocab, done - out, done
  }' "$trace"
