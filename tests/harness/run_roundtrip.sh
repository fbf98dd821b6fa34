#!/usr/bin/env bash
# run_roundtrip.sh CCAD_EXE RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c
#
# One round-trip case (tests/cases/roundtrip/<name>.c): does lowering keep the
# meaning of the C it reads? cc-ad --emit-primal also writes FUNC_primal, the
# requested function as cc-ad lowered it, printed back; the case's main()
# calls FUNC and FUNC_primal on many inputs and compares (bitwise, or 1e-15).
#   1. cc-ad --emit-primal CASE.c -o WORKDIR/<name>.ad.c  (exit 0, no warning:/error:);
#      the header declares FUNC_primal for every `#pragma ad ...(FUNC)` request
#   2. cc -c CASE.c, cc -c WORKDIR/<name>.ad.c (-std=c11 -O1 -Wall -Wextra -Werror),
#      link both with RUNTIME_LIB -lm
#   3. cc -pedantic -c WORKDIR/<name>.ad.c, and the header alone (twice)
#   4. run the program (under `timeout`: a lowering bug may loop forever);
#      it exits 0 when every comparison passed
#   5. CASE.c is byte-for-byte unchanged
# Header lines in CASE.c, as for run_case.sh: // CCAD-ARGS:, // CFLAGS:,
# // LIBS:, // NO-STANDALONE-HEADER: reason. Environment: CC, CCAD_EXTRA_CFLAGS,
# CCAD_RUN_TIMEOUT (seconds, default 30).
set -eu

usage() {
    echo "usage: run_roundtrip.sh CCAD_EXE RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c" >&2
    exit 2
}
[ $# -eq 5 ] || usage
ccad=$1 runtime=$2 incdir=$3 work=$4 case_c=$5

here=$(cd "$(dirname "$0")" && pwd)
oracle_dir=$(cd "$here/../oracle" && pwd)
case_dir=$(cd "$(dirname "$case_c")" && pwd)
name=$(basename "$case_c" .c)
cc=${CC:-cc}
run_timeout=${CCAD_RUN_TIMEOUT:-30}

fail() {
    echo "run_roundtrip: $name: FAILED at step $1" >&2
    shift
    for line in "$@"; do echo "run_roundtrip: $line" >&2; done
    exit 1
}

[ -x "$ccad" ] || fail "0 (setup)" "cc-ad executable not found: $ccad"
[ -f "$runtime" ] || fail "0 (setup)" "runtime library not found: $runtime"
[ -f "$incdir/ccad.h" ] || fail "0 (setup)" "ccad.h not found in $incdir"
[ -f "$case_c" ] || fail "0 (setup)" "case file not found: $case_c"

header() {
    sed -n "s|^//[[:space:]]*$1:[[:space:]]*||p" "$case_c" | tr '\n' ' '
}
ccad_args=() case_cflags=() case_libs=()
eval "ccad_args=( $(header CCAD-ARGS) )"
eval "case_cflags=( $(header CFLAGS) )"
eval "case_libs=( $(header LIBS) )"
read -r -a extra_cflags <<< "${CCAD_EXTRA_CFLAGS:-}"

mkdir -p "$work"
out_c=$work/$name.ad.c
out_h=$work/$name.ad.h
exe=$work/$name
rm -f "$out_c" "$out_h" "$exe" "$work/$name.o" "$work/$name.ad.o" \
      "$work/$name.pedantic.o" "$work/$name.hdr.c" "$work/$name.hdr.o"

sum_before=$(cksum < "$case_c")
incs=(-I "$work" -I "$incdir" -I "$oracle_dir" -I "$case_dir")

# ---- 1. cc-ad --emit-primal
echo "+ $ccad --emit-primal -o $out_c ${ccad_args[*]} $case_c -- -std=c11 ${incs[*]} ${case_cflags[*]}"
set +e
"$ccad" --verify-ir --emit-primal -o "$out_c" ${ccad_args[@]+"${ccad_args[@]}"} "$case_c" \
    -- -std=c11 "${incs[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
    > "$work/ccad.stdout" 2> "$work/ccad.stderr"
rc=$?
set -e
cat "$work/ccad.stdout" "$work/ccad.stderr"
[ $rc -eq 0 ] || fail "1 (cc-ad)" "cc-ad exited with status $rc"
if grep -q -e 'warning:' -e 'error:' "$work/ccad.stdout" "$work/ccad.stderr"; then
    fail "1 (cc-ad)" "cc-ad printed a diagnostic (above) on a valid case"
fi
[ -f "$out_c" ] || fail "1 (cc-ad)" "cc-ad did not write $out_c"
[ -f "$out_h" ] || fail "1 (cc-ad)" "cc-ad did not write $out_h"
# (inactive and custom_* lines name functions that are not transformed)
for fn in $(grep -v -E 'pragma[[:space:]]+ad[[:space:]]+(inactive|custom_)' "$case_c" |
            sed -n 's/^[[:space:]]*#[[:space:]]*pragma[[:space:]]\{1,\}ad[[:space:]]\{1,\}[a-z_]\{1,\}[[:space:]]*([[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' | sort -u); do
    grep -q "[^A-Za-z0-9_]${fn}_primal(" "$out_h" \
        || fail "1 (cc-ad)" "$out_h declares no ${fn}_primal for the request on $fn"
done

# ---- 2. compile the case and the generated code, link with the runtime
cflags=(-std=c11 -O1 -Wall -Wextra -Werror "${incs[@]}"
        ${extra_cflags[@]+"${extra_cflags[@]}"} ${case_cflags[@]+"${case_cflags[@]}"})
echo "+ $cc ${cflags[*]} -Wno-unknown-pragmas -c $case_c"
if ! "$cc" "${cflags[@]}" -Wno-unknown-pragmas -c "$case_c" -o "$work/$name.o"; then
    fail "2 (compile the case)" "$case_c does not compile against the generated $out_h (errors above)"
fi
echo "+ $cc ${cflags[*]} -c $out_c"
if ! "$cc" "${cflags[@]}" -c "$out_c" -o "$work/$name.ad.o"; then
    fail "2 (compile the generated code)" "$out_c does not compile warning-free (errors above)"
fi
echo "+ $cc ${extra_cflags[*]} $work/$name.o $work/$name.ad.o $runtime ${case_libs[*]} -lm -o $exe"
if ! "$cc" ${extra_cflags[@]+"${extra_cflags[@]}"} "$work/$name.o" "$work/$name.ad.o" \
        "$runtime" ${case_libs[@]+"${case_libs[@]}"} -lm -o "$exe"; then
    fail "2 (link)" "the case and $out_c do not link with $runtime (errors above)"
fi

# ---- 3. the generated file alone, pedantic; the header on its own, twice
pflags=(-std=c11 -Wall -Wextra -Werror -pedantic "${incs[@]}")
echo "+ $cc ${pflags[*]} ${case_cflags[*]} -c $out_c"
if ! "$cc" "${pflags[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
        -c "$out_c" -o "$work/$name.pedantic.o"; then
    fail "3 (pedantic compile of generated code)" "$out_c is not warning-free under -pedantic (above)"
fi
if grep -q '^//[[:space:]]*NO-STANDALONE-HEADER:' "$case_c"; then
    echo "run_roundtrip: standalone header check skipped: $(sed -n 's|^//[[:space:]]*NO-STANDALONE-HEADER:[[:space:]]*||p' "$case_c" | head -n 1)"
else
    hdr_c=$work/$name.hdr.c
    printf '#include "%s.ad.h"\n#include "%s.ad.h"\n' "$name" "$name" > "$hdr_c"
    echo "+ $cc ${pflags[*]} ${case_cflags[*]} -c $hdr_c   (#include \"$name.ad.h\" alone, twice)"
    if ! "$cc" "${pflags[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
            -c "$hdr_c" -o "$work/$name.hdr.o"; then
        fail "3b (header on its own)" "$out_h cannot be included on its own (errors above)"
    fi
fi

# ---- 4. run
echo "+ timeout $run_timeout $exe"
set +e
timeout "$run_timeout" "$exe"
rc=$?
set -e
[ $rc -ne 124 ] || fail "4 (run)" "$exe did not finish within $run_timeout s (a loop that no longer ends?)"
[ $rc -eq 0 ] || fail "4 (run)" "$exe exited with status $rc (see the FAIL lines above)"

# ---- 5. the input is untouched
[ "$(cksum < "$case_c")" = "$sum_before" ] || fail "5 (input unchanged)" "cc-ad modified $case_c"

echo "run_roundtrip: $name: PASS"
