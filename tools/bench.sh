#!/usr/bin/env bash
# Measures training throughput of the six reference workloads, ours and PyTorch's, in one run on this machine.
# Each workload runs ours then PyTorch's back to back, so that both see the same machine state; with ROUNDS=R
# (default 1) the whole comparison is repeated R times, round after round, and the table at the end takes for
# each side the fastest of its rounds and of 1 and 2 threads (noise only ever slows a run down).
#   [ROUNDS=3] tools/bench.sh [steps] [workload ...]
# PyTorch (a tool, never a dependency): apt-get install python3-torch (and libopenblas0-pthread for its BLAS).
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-150}"; shift || true
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(deep-ae vae sparse-ae conv-ae vq-vae pixelcnn-prior)
rounds="${ROUNDS:-1}"
twin=../shared/bench/torch_bench.py
[ -f "$twin" ] || twin=/work/shared/bench/torch_bench.py
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# prints each line and keeps it in the log, tagged with the side (ours or torch) for the table
record() { while IFS= read -r line; do echo "$line"; printf '%s\t%s\n' "$1" "$line" >> "$log"; done; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# java: $(java -version 2>&1 | head -1); torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)'), BLAS: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
for ((r = 1; r <= rounds; r++)); do
  echo "# round $r of $rounds, $steps steps"
  for w in "${workloads[@]}"; do
    ./autoencoders bench --workloads "$w" --steps "$steps" 2>/dev/null | record ours
    /usr/bin/python3 "$twin" "$w" --steps "$steps" | record torch
  done
done
echo
/usr/bin/python3 tools/bench_table.py < "$log"
