#!/usr/bin/env bash
# Training throughput of the six reference workloads, ours against official PyTorch 2.7.1 (libtorch through DJL) and
# Debian's PyTorch 1.13, on AVX-512 and held to AVX2, in one run on this machine. Workload by workload, every side runs
# back to back, so all see the same machine state; ROUNDS=R (default 2) repeats the whole comparison, and the tables at
# the end take each side's fastest over rounds and over 1 and 2 threads (noise only ever slows a run down).
#   [ROUNDS=2] [STEPS=100] [SLOW_STEPS=30] [WARMUP=5] tools/compare.sh [workload ...]
# (vq-vae and pixelcnn-prior time SLOW_STEPS steps: PyTorch's float64 takes minutes per configuration there.)
# (ours warms up WARMUP seconds before timing: with 2, the double configurations of the fast workloads, timed first in
# their JVM, came out at a third of their speed in both rounds of a run.)
# Sides (labels in the log):
#   ours            ./autoencoders bench, this machine's vector width
#   ours-avx2       the same with -XX:UseAVX=2 (a student's AVX2 laptop)
#   libtorch        ../shared/bench/djl-bench/run.sh, libtorch's own dispatch; libtorch-mkl-avx2, libtorch-mkl-avx512 with
#                   MKL_ENABLE_INSTRUCTIONS set (MKL's default dispatch is slow on AMD cores)
#   libtorch-avx2   ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2
#   debian          /usr/bin/python3 shared/bench/torch_bench.py with OpenBLAS's best kernel (OPENBLAS_CORETYPE unset)
#   debian-avx2     the same with OPENBLAS_CORETYPE=Haswell and ATEN_CPU_CAPABILITY=avx2
# PyTorch is a tool here, never a dependency: apt-get install python3-torch libopenblas0-pthread; DJL's run.sh fetches
# libtorch from Maven Central on its first run.
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${STEPS:-100}"
rounds="${ROUNDS:-2}"
workloads=("$@")
[ ${#workloads[@]} -gt 0 ] || workloads=(deep-ae vae sparse-ae conv-ae vq-vae pixelcnn-prior)
shared=../shared
[ -d "$shared/bench" ] || shared=/work/shared
djl="$shared/bench/djl-bench/run.sh"
twin="$shared/bench/torch_bench.py"
log="${COMPARE_LOG:-$(mktemp)}"
record() { while IFS= read -r line; do echo "$1	$line"; printf '%s\t%s\n' "$1" "$line" >> "$log"; done; }
jar=examples/target/autoencoders.jar
./autoencoders --version > /dev/null   # builds the jar when it is stale
ours() { java -Xss4m -XX:G1HeapRegionSize=2m --add-modules jdk.incubator.vector "$@" -jar "$jar" bench --workloads "$w" --steps "$steps" --warmup "${WARMUP:-5}" 2>/dev/null; }
libtorch() { "$djl" "$w" --steps "$steps" --threads 1 2 --dtype float32 float64 2>/dev/null; }
debian() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 "$@" /usr/bin/python3 "$twin" "$w" --steps "$steps"; }
echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); log $log"
for ((r = 1; r <= rounds; r++)); do
  echo "# round $r of $rounds, $steps steps"
  for w in "${workloads[@]}"; do
    case "$w" in vq-vae|pixelcnn-prior) steps="${SLOW_STEPS:-30}" ;; *) steps="${STEPS:-100}" ;; esac
    ours | record ours
    ours -XX:UseAVX=2 | record ours-avx2
    libtorch | record libtorch
    MKL_ENABLE_INSTRUCTIONS=AVX2 libtorch | record libtorch-mkl-avx2
    MKL_ENABLE_INSTRUCTIONS=AVX512 libtorch | record libtorch-mkl-avx512
    ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2 libtorch | record libtorch-avx2
    debian | record debian
    debian OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2 | record debian-avx2
  done
done
echo
/usr/bin/python3 tools/compare_table.py < "$log"
