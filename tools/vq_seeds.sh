#!/usr/bin/env bash
# The plain-codebook VQ-VAE over many seeds, ours and the PyTorch twin, and the comparison of docs/vq-vae.md:
# per seed the test reconstruction MSE, code perplexity and codes used; per side the mean, standard deviation and
# standard error; the difference of the means and Welch's t. One seed takes a few minutes per side on 2 cores.
#   tools/vq_seeds.sh [first-seed] [seeds] [out-dir]          (defaults: 0 12 out/vq-seeds)
#   TWIN_ARGS=--float64 tools/vq_seeds.sh ...                 (the twin in float64 instead of float32)
# PyTorch (a tool, never a dependency): apt-get install python3-torch. The twin runs its BLAS on one thread
# (OPENBLAS_NUM_THREADS=1): in float32 the thread count changes the rounding, hence the trajectory and the result.
set -euo pipefail
cd "$(dirname "$0")/.."
first="${1:-0}"; count="${2:-12}"; out="${3:-out/vq-seeds}"
mkdir -p "$out"
log="$out/seeds.tsv"
: > "$log"
for ((s = first; s < first + count; s++)); do
  ./autoencoders vq-vae --seed "$s" --out "$out/ours-$s" > "$out/ours-$s.log" 2>&1
  /usr/bin/python3 tools/seed_table.py --metrics "$s" < "$out/ours-$s/metrics.json" >> "$log"
  (cd tools/pytorch && OPENBLAS_NUM_THREADS=1 /usr/bin/python3 vq_vae.py --seeds 1 --first-seed "$s" ${TWIN_ARGS:-}) \
    | sed -n "s/^seed \([0-9]*\): test_recon_mse \([0-9.]*\)  codebook_perplexity \([0-9.]*\)  codes_used \([0-9]*\)/twin\t\1\t\2\t\3\t\4/p" >> "$log"
  tail -2 "$log"
done
/usr/bin/python3 tools/seed_table.py < "$log"
