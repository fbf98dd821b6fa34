#!/usr/bin/env bash
# The device check: on a machine with an NVIDIA GPU and the CUDA toolkit,
# builds cc-ad, the CUDA tests (labels cuda: FILE.ad.cu compiled by nvcc,
# per-element code on the CPU; gpu: the same on the device, with timings)
# and the samples' GPU paths, runs them, and prints their timings.
# Without a GPU it says so and exits 0. Meant to finish in under 5 minutes
# on a fresh machine (one GPU, 16 cores).
#   scripts/gpu-check.sh            build dir build-gpu/ (Release)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { echo "gpu-check: $*"; }

if ! command -v nvidia-smi > /dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU'; then
  say "no NVIDIA GPU here (nvidia-smi shows none): nothing to check"
  exit 0
fi
nvidia-smi -L | sed 's/^/gpu-check: /'
nvcc=$(command -v nvcc || true)
[ -n "$nvcc" ] || { [ -x /usr/local/cuda/bin/nvcc ] && nvcc=/usr/local/cuda/bin/nvcc; }
if [ -z "$nvcc" ]; then
  say "a GPU but no CUDA toolkit (nvcc not on PATH nor in /usr/local/cuda/bin): install it" >&2
  exit 1
fi
say "$($nvcc --version | tail -n 1)"

scripts/setup.sh
build=build-gpu
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCCAD_GPU_TESTS=ON \
      -DCCAD_NVCC="$nvcc" > "$build/gpu-check.configure.log" 2>&1 ||
  { cat "$build/gpu-check.configure.log"; exit 1; }
cmake --build "$build" -j"$jobs" > "$build/gpu-check.build.log" 2>&1 || { tail -n 50 "$build/gpu-check.build.log"; exit 1; }
say "built in $(( $(date +%s) - start )) s"

status=0
# the CUDA tests: host-path ones (cuda) and device ones (gpu)
ctest --test-dir "$build" -L 'cuda|gpu' -j"$jobs" -V > "$build/gpu-check.ctest.log" 2>&1 || status=1
grep -E 'Test +#[0-9]+: .*(Passed|Failed)|tests passed|gpu-check:|FAIL|\(Failed\)' "$build/gpu-check.ctest.log" |
  sed -e 's/^[0-9]*: //' -e 's/^/  /' || true

# the samples, full size, timed: pln's GPU path, and the CPU paths beside it
run_sample() {  # name log args...
  local s=$1 log=$2; shift 2
  local exe=$build/samples/$s/$s
  [ -x "$exe" ] || { say "sample $s not built (see $build/gpu-check.build.log)"; status=1; return; }
  local t0 t1
  t0=$(date +%s.%N)
  if (cd "$build/samples/$s" && "./$s" "$@" > "$log" 2>&1); then
    t1=$(date +%s.%N)
    say "sample $s $*: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
    grep -E 'iteration +(0|500|999) |iterations in|diagram|wrote|PASS' "$build/samples/$s/$log" | sed 's/^/  /'
  else
    say "sample $s $* FAILED:"; tail -n 20 "$build/samples/$s/$log" | sed 's/^/  /'
    status=1
  fi
}
run_sample pln gpu.log --gpu -o pln-gpu.png
run_sample pln rows.log --grad=rows -o pln-rows.png
run_sample logistic full.log
say "done in $(( $(date +%s) - start )) s: $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
