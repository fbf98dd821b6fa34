#!/usr/bin/env bash
# scripts/fuzz-front.sh N SEED
#
# The front end's mutation fuzzer (tests/fuzz/mutate.c): N mutants of the
# tests/cases inputs (random byte, token, line and pragma mutations, deep
# nesting, huge expressions), each given to cc-ad with a 10 s timeout, two at
# a time under nice. Prints how many exited 0, 1, 2, on a signal (>= 128),
# with an internal error or sanitizer report, and hung; saves each crasher
# and hang, minimised by lines, under FUZZ_RESULTS (default
# build/fuzz-results)/front/. Exit status 1 when any crashed or hung.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
build=${FUZZ_BUILD:-build}
if [ "${1:-}" = --one ]; then
    # --one OUTDIR SEED INPUT: one mutant; writes SEED<TAB>CLASS<TAB>INPUT
    out=$2 s=$3 input=$4
    w=$out/work/$s
    mkdir -p "$w"
    "$build/tests/fuzz/ccad_fuzz_mutate" --seed "$s" "$input" > "$w/m.c"
    set +e
    timeout 10 "$build/tool/cc-ad" -o "$w/m.ad.c" "$w/m.c" -- -std=c11 -I "$root/include" \
        -I "$root/tests/oracle" -I "$(dirname "$input")" > "$w/log" 2>&1
    rc=$?
    set -e
    if [ $rc -eq 124 ]; then
        class=HANG
    elif [ $rc -ge 128 ]; then
        class=SIGNAL-$((rc - 128))
    elif [ $rc -eq 3 ] || grep -q -e 'AddressSanitizer' -e 'runtime error:' "$w/log"; then
        # exit 3: cc-ad's internal error (a message mentioning one may be
        # the mutant's own source line, quoted under a caret)
        class=INTERNAL
    else
        class=EXIT-$rc
    fi
    printf '%s\t%s\t%s\n' "$s" "$class" "${input#$root/}" > "$out/v.d/$s"
    case $class in EXIT-*) rm -rf "$w" ;; esac
    exit 0
fi
[ $# -eq 2 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
n=$1 seed=$2
out=${FUZZ_RESULTS:-$build/fuzz-results}/front
if [ ! -x "$build/tests/fuzz/ccad_fuzz_mutate" ] || [ ! -x "$build/tool/cc-ad" ]; then
    cmake -S . -B "$build" > /dev/null
    nice cmake --build "$build" -j2 --target ccad_fuzz_mutate cc-ad > /dev/null
fi
rm -rf "$out/work" "$out/v.d"
mkdir -p "$out/v.d" "$out/min"
mapfile -t inputs < <(find "$root/tests/cases" -name '*.c' | sort)
for ((i = 0; i < n; i++)); do
    s=$((seed + i))
    printf '%s\t%s\n' "$s" "${inputs[$((s % ${#inputs[@]}))]}"
done | nice xargs -P "${FUZZ_JOBS:-2}" -L1 "$0" --one "$out" 2> /dev/null || true
cat "$out"/v.d/* | sort -n > "$out/verdicts.tsv"
rm -rf "$out/v.d"
echo "fuzz-front: $n mutants, seeds $seed..$((seed + n - 1))"
cut -f2 "$out/verdicts.tsv" | sort | uniq -c | sort -rn | tee "$out/summary.txt"

# Minimise each crasher by lines: drop chunks of lines while cc-ad still
# ends the same way (same signal, or still hangs).
bad=0
while IFS=$'\t' read -r s class input; do
    case $class in EXIT-*) continue ;; esac
    bad=1
    w=$out/work/$s
    cp "$w/m.c" "$w/cur.c"
    same() {
        set +e
        (timeout 10 "$build/tool/cc-ad" -o "$w/t.ad.c" "$w/t.c" -- -std=c11 -I "$root/include" \
            -I "$root/tests/oracle" -I "$root/$(dirname "$input")" > "$w/tlog" 2>&1) 2> /dev/null
        local rc=$?
        set -e
        case $class in
        HANG) [ $rc -eq 124 ] ;;
        SIGNAL-*) [ $rc -eq $((${class#SIGNAL-} + 128)) ] ;;
        *) [ $rc -eq 3 ] || grep -q -e 'AddressSanitizer' -e 'runtime error:' "$w/tlog" ;;
        esac
    }
    lines=$(wc -l < "$w/cur.c")
    chunk=$(( (lines + 1) / 2 ))
    while [ "$chunk" -ge 1 ]; do
        progress=0 i=1
        while [ "$i" -le "$(wc -l < "$w/cur.c")" ]; do
            sed "${i},$((i + chunk - 1))d" "$w/cur.c" > "$w/t.c"
            if same; then cp "$w/t.c" "$w/cur.c"; progress=1; else i=$((i + chunk)); fi
        done
        [ $progress -eq 1 ] && [ "$chunk" -eq 1 ] && continue
        [ $progress -eq 0 ] || [ "$chunk" -gt 1 ] && chunk=$((chunk / 2))
    done
    { echo "/* fuzz-front seed $s: $class, a mutant of $input */"; cat "$w/cur.c"; } \
        > "$out/min/$class-$s.c"
    echo "$class seed $s ($input): $out/min/$class-$s.c, $(wc -l < "$w/cur.c") lines"
done < "$out/verdicts.tsv"
exit $bad
