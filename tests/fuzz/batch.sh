#!/usr/bin/env bash
# batch.sh GEN N SEED FEATURES OUTDIR
#
# Generates programs SEED .. SEED+N-1 with GEN (ccad_fuzz_gen) and FEATURES,
# runs each through run_one.sh, FUZZ_JOBS (default 2) at a time under nice,
# and writes OUTDIR/verdicts.tsv (seed, class, key) and the summary: counts
# per class and per class and key. A failing program's files stay under
# OUTDIR/work/SEED (a passing one's are removed; FUZZ_KEEP=1 keeps them).
# Exit status: 0 when every program is PASS or UNCHECKED, else 1.
# Environment: as run_one.sh; FUZZ_SIZE (gen --size).
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = --one ]; then
    gen=$2 seed=$3 features=$4 outdir=$5
    w=$outdir/work/$seed
    mkdir -p "$w"
    "$gen" --seed "$seed" --features "$features" --name "fz$seed" \
        ${FUZZ_SIZE:+--size "$FUZZ_SIZE"} > "$w/fz$seed.c"
    v=$("$here/run_one.sh" "$w/fz$seed.c" "$w")
    printf '%s\t%s\n' "$seed" "$v" > "$outdir/verdicts.d/$seed"
    case $v in
    PASS*) [ "${FUZZ_KEEP:-0}" = 1 ] || rm -rf "$w" ;;
    esac
    exit 0
fi
[ $# -eq 5 ] || { echo "usage: batch.sh GEN N SEED FEATURES OUTDIR" >&2; exit 2; }
gen=$1 n=$2 seed=$3 features=$4 outdir=$5
mkdir -p "$outdir"
rm -rf "$outdir/verdicts.d" "$outdir/work"
mkdir -p "$outdir/verdicts.d"
seq "$seed" $((seed + n - 1)) |
    xargs -P "${FUZZ_JOBS:-2}" -I{} nice "$0" --one "$gen" {} "$features" "$outdir"
cat "$outdir"/verdicts.d/* | sort -n > "$outdir/verdicts.tsv"
rm -rf "$outdir/verdicts.d"
{
    echo "fuzz: $n programs, seeds $seed..$((seed + n - 1)), features $features"
    echo "per class:"
    cut -f2 "$outdir/verdicts.tsv" | sort | uniq -c | sort -rn
    echo "per class and message (first seed):"
    awk -F'\t' '$2 != "UNCHECKED" && ($2 != "PASS" || $3 != "") {
        k = $2 "\t" $3; if (!(k in n)) first[k] = $1; n[k]++ }
        END { for (k in n) printf "%7d  %s  (seed %s)\n", n[k], k, first[k] }' \
        "$outdir/verdicts.tsv" | sort -rn
} | tee "$outdir/summary.txt"
! cut -f2 "$outdir/verdicts.tsv" | grep -qvE '^(PASS|UNCHECKED)$'
