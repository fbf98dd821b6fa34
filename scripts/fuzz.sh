#!/usr/bin/env bash
# scripts/fuzz.sh N SEED [FEATURES]
#
# A campaign of the random differential tester (tests/fuzz/README.md): N
# generated programs from seed SEED (feature classes FEATURES, default all),
# each through cc-ad, gcc (and clang) -Wall -Wextra -Werror and its own
# checker, two at a time under nice. Prints the counts per verdict class and
# per class and message, and minimises the first FUZZ_MINIMISE (default 2)
# failures of each class and message.
# Results (default build/fuzz-results/, FUZZ_RESULTS to change):
#   verdicts.tsv summary.txt   every seed's verdict; the counts
#   work/SEED/                 a failing program and its logs
#   min/CLASS-SEED.c           minimised failures, ready to become cases
# Environment: FUZZ_SANITIZE=1 builds the programs with ASan and UBSan;
# FUZZ_JOBS, FUZZ_TIMEOUT, FUZZ_SIZE=small, CCAD, ... as tests/fuzz/run_one.sh.
set -eu
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
n=$1 seed=$2 features=${3:-all}
build=${FUZZ_BUILD:-build}
results=${FUZZ_RESULTS:-$build/fuzz-results}
if [ ! -x "$build/tests/fuzz/ccad_fuzz_gen" ] || [ ! -x "$build/tool/cc-ad" ]; then
    cmake -S . -B "$build" > /dev/null
    nice cmake --build "$build" -j2 --target ccad_fuzz_gen cc-ad ccad_static > /dev/null
fi
export CCAD=${CCAD:-$PWD/$build/tool/cc-ad}
export CCAD_RUNTIME=${CCAD_RUNTIME:-$PWD/$build/runtime/libccad.a}
export CCAD_INCLUDE=${CCAD_INCLUDE:-$PWD/include}
tests/fuzz/batch.sh "$build/tests/fuzz/ccad_fuzz_gen" "$n" "$seed" "$features" "$results" || true

mkdir -p "$results/min"
per=${FUZZ_MINIMISE:-2}
awk -F'\t' -v per="$per" '$2 != "PASS" && $2 != "UNCHECKED" && c[$2 "\t" $3]++ < per { print $1 "\t" $2 }' \
    "$results/verdicts.tsv" |
while IFS=$'\t' read -r s class; do
    out=$results/min/$class-$s.c
    printf 'minimise seed %s (%s): ' "$s" "$class"
    nice tests/fuzz/minimise.sh "$results/work/$s/fz$s.c" "$out" "$results/work/$s/min" || true
done
echo "fuzz: results in $results (summary.txt, min/)"
