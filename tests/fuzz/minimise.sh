#!/usr/bin/env bash
# minimise.sh CASE.c OUT.c [WORKDIR]
#
# Delta reduction of a failing generated program (tests/fuzz/gen.c): removes
# units (the lines sharing a `//@U` marker: a statement, a block's header
# and closing brace, a helper, a request with its #define) as long as
# run_one.sh gives the same verdict (class and key) as for CASE.c. Chunks of
# units are tried first (halves, quarters, ...), then single units, until no
# single unit can go: the result is 1-minimal over units. A candidate that
# is not valid C, loops, or fails differently is rejected by the verdict
# itself. Adjacent pairs of units are tried last (a helper and its one use).
# Writes OUT.c (markers kept) and prints the verdict.
# Environment: as run_one.sh; FUZZ_MIN_TESTS caps the candidates (default 400).
set -u
case_c=$1 out_c=$2
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$case_c" .c)
work=${3:-$(mktemp -d)}
mkdir -p "$work/cand"
cand=$work/cand/$name.c
max_tests=${FUZZ_MIN_TESTS:-400}
export FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-20}

want=$("$here/run_one.sh" "$case_c" "$work/run")
case ${want%%$'\t'*} in
PASS | UNCHECKED | INVALID)
    echo "minimise: $case_c does not fail ($want)" >&2
    exit 1
    ;;
esac
# Cheaper candidates: the clang check only when clang is the failure; -O0
# unless the failure is a warning that needs -O1; cc-ad alone for a refusal.
case $want in *clang*) ;; *) export FUZZ_CLANG=0 ;; esac
case $want in NO-COMPILE*) ;; *) export FUZZ_OPT=-O0 ;; esac
case $want in REFUSED* | TOOL-CRASH*) export FUZZ_UPTO=ccad ;; esac
if [ "$("$here/run_one.sh" "$case_c" "$work/run")" != "$want" ]; then
    unset FUZZ_OPT FUZZ_UPTO FUZZ_CLANG # it fails only as built at first
fi

cp "$case_c" "$work/cur.c"
# units in order of first appearance, the requests (#define FZ_...) first:
# fewer generated functions make every later candidate cheaper
units() {
    { grep -E '^#define FZ_' "$work/cur.c"; cat "$work/cur.c"; } |
        grep -oE '//@[0-9]+$' | sed 's|//@||' | awk '!seen[$0]++'
}
# without UNITS (space-separated): the current file minus those units
without() {
    awk -v drop=" $1 " '{
        if (match($0, /\/\/@[0-9]+$/)) {
            u = substr($0, RSTART + 3)
            if (index(drop, " " u " ")) next
        }
        print
    }' "$work/cur.c"
}
tests=0
try() {
    [ $tests -lt $max_tests ] || return 1
    tests=$((tests + 1))
    without "$1" > "$cand"
    [ "$("$here/run_one.sh" "$cand" "$work/run")" = "$want" ]
}

mapfile -t all < <(units)
chunk=$(( (${#all[@]} + 1) / 2 ))
while [ $chunk -ge 1 ] && [ $tests -lt $max_tests ]; do
    mapfile -t all < <(units)
    progress=0
    i=0
    while [ $i -lt ${#all[@]} ]; do
        set_=" ${all[*]:$i:$chunk} "
        if try "$set_"; then
            cp "$cand" "$work/cur.c"
            progress=1
        fi
        i=$((i + chunk))
    done
    if [ $chunk -eq 1 ] && [ $progress -eq 0 ]; then
        # units that can only go together (fs and the last statement of
        # its body that reads a parameter): adjacent pairs
        mapfile -t all < <(units)
        for ((i = 0; i + 1 < ${#all[@]}; i++)); do
            if try " ${all[$i]} ${all[$((i + 1))]} "; then
                cp "$cand" "$work/cur.c"
                progress=1
                break
            fi
        done
        [ $progress -eq 1 ] || break
    elif [ $progress -eq 0 ]; then
        chunk=$((chunk / 2))
    fi
done
# the program includes its own NAME.ad.h: rename it with the file
out_name=$(basename "$out_c" .c)
sed "s|#include \"$name.ad.h\"|#include \"$out_name.ad.h\"|" "$work/cur.c" > "$out_c"
printf '%s\t(%d candidates, %d of %d lines left)\n' "$want" $tests \
    "$(wc -l < "$out_c")" "$(wc -l < "$case_c")"
