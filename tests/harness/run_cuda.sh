#!/usr/bin/env bash
# run_cuda.sh CCAD_EXE RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c NVCC
#
# A cuda case: cc-ad writes <name>.ad.c, .ad.h and .ad.cu; the .ad.cu is
# compiled by nvcc (warning-free: nvcc's own warnings and -Wall -Wextra for the host part), the
# rest by cc; nvcc links. The per-element code is exercised on the CPU
# through f_cuda_host, so no GPU is needed.
set -eu
[ $# -eq 6 ] || { echo "usage: run_cuda.sh CCAD RUNTIME INCLUDE WORK CASE.c NVCC" >&2; exit 2; }
ccad=$1 runtime=$2 incdir=$3 work=$4 case_c=$5 nvcc=$6
here=$(cd "$(dirname "$0")" && pwd)
oracle=$(cd "$here/../oracle" && pwd)
name=$(basename "$case_c" .c)
cc=${CC:-cc}
fail() { echo "run_cuda: $name: FAILED at $1" >&2; exit 1; }
mkdir -p "$work"
rm -f "$work/$name".ad.* "$work/$name"
incs=(-I "$work" -I "$incdir" -I "$oracle" -I "$(dirname "$case_c")")
# `// CFLAGS: ...` and `// LIBS: ...` header lines, as run_case.sh reads them
# (CFLAGS go to cc-ad after -- and to cc; nvcc compiles the .ad.cu without them)
header() { sed -n "s|^//[[:space:]]*$1:[[:space:]]*||p" "$case_c" | tr '\n' ' '; }
case_cflags=() case_libs=()
eval "case_cflags=( $(header CFLAGS) )"
eval "case_libs=( $(header LIBS) )"
cuda_inc=$(cd "$(dirname "$nvcc")/.." && pwd)/include  # cuda_runtime.h, for a case that calls CUDA
[ -d "$cuda_inc" ] && incs+=(-I "$cuda_inc")
"$ccad" --verify-ir -o "$work/$name.ad.c" "$case_c" -- -std=c11 "${incs[@]}" "${case_cflags[@]}" > "$work/ccad.log" 2>&1 || { cat "$work/ccad.log"; fail "cc-ad"; }
if grep -q -e 'warning:' -e 'error:' "$work/ccad.log"; then cat "$work/ccad.log"; fail "cc-ad (diagnostics)"; fi
[ -f "$work/$name.ad.cu" ] || fail "cc-ad did not write $name.ad.cu"
$cc -std=c11 -O1 -Wall -Wextra -Werror -Wno-unknown-pragmas "${incs[@]}" "${case_cflags[@]}" -c "$case_c" -o "$work/$name.o" || fail "compile the case"
$cc -std=c11 -O1 -Wall -Wextra -Werror "${incs[@]}" "${case_cflags[@]}" -c "$work/$name.ad.c" -o "$work/$name.ad.o" || fail "compile .ad.c"
"$nvcc" -O1 -Werror all-warnings -Xcompiler=-Wall,-Wextra,-Werror "${incs[@]}" -c "$work/$name.ad.cu" -o "$work/$name.cu.o" || fail "nvcc .ad.cu"
link_libs=()
for l in "${case_libs[@]}"; do link_libs+=("-Xcompiler=$l"); done
"$nvcc" "$work/$name.o" "$work/$name.ad.o" "$work/$name.cu.o" "$runtime" -lm "${link_libs[@]}" -o "$work/$name" || fail "link"
"$work/$name" || fail "run"
echo "run_cuda: $name: PASS"
