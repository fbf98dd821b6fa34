#!/usr/bin/env bash
# run_one.sh CASE.c WORKDIR
#
# Runs one generated program (tests/fuzz/gen.c) through cc-ad, the compilers
# and its own checker, and prints one verdict line on stdout:
#     CLASS<TAB>KEY
# CLASS is one of
#     PASS        every check passed (KEY: cc-ad's first warning, if any)
#     UNCHECKED   no point far enough from a kink for differences (not a verdict)
#     INVALID     the program itself does not compile (a minimiser's candidate)
#     REFUSED     cc-ad exited 1 with an error            KEY: the message
#     TOOL-CRASH  cc-ad died on a signal, timed out, or exited 3 (an internal error)
#     NO-COMPILE  the generated code or the case does not compile warning-free
#                 under -Wall -Wextra -Werror (gcc, and clang when installed)
#     RUN-CRASH   the program died on a signal, abort or sanitizer report
#     WRONG       a derivative check failed                KEY: the first check
#     TIMEOUT     the program ran past FUZZ_TIMEOUT seconds
# KEY is the message with numbers and names of generated variables blanked,
# so failures of one cause share a key. Logs stay in WORKDIR.
#
# Environment: CCAD (cc-ad), CCAD_RUNTIME (libccad.a), CCAD_INCLUDE (ccad.h's
# directory; defaults: the build/ of this checkout), CC (default gcc), FUZZ_SANITIZE=1 (-fsanitize=address,undefined;
# =thread: ThreadSanitizer, with CC=clang, for the omp class),
# FUZZ_TIMEOUT (seconds, default 20), FUZZ_CLANG=0 to skip the clang check,
# FUZZ_MUTATE_AD (a sed script run on the generated .ad.c),
# FUZZ_UPTO=ccad to stop after cc-ad (verdict ACCEPTED when it accepts),
# FUZZ_OPT (default -O1: gcc -Wmaybe-uninitialized needs optimisation).
set -u
case_c=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
oracle=$(cd "$here/../oracle" && pwd)
root=$(cd "$here/../.." && pwd)
CCAD=${CCAD:-$root/build/tool/cc-ad}
CCAD_RUNTIME=${CCAD_RUNTIME:-$root/build/runtime/libccad.a}
CCAD_INCLUDE=${CCAD_INCLUDE:-$root/include}
cc=${CC:-gcc}
timeout_s=${FUZZ_TIMEOUT:-20}
name=$(basename "$case_c" .c)
mkdir -p "$work"
rm -f "$work/$name".{ad.c,ad.h,o,ad.o} "$work/$name"

verdict() {
    printf '%s\t%s\n' "$1" "$2"
    exit 0
}

# A message as a key: no paths, positions, numbers, or generated names.
normalise() {
    sed -E -e 's|^[^ ]*:[0-9]+:[0-9]+: ||' -e 's|^[^ ]*: ||' \
           -e "s/'[^']*'/'_'/g" -e 's/[0-9]+(\.[0-9]+)?/N/g' \
           -e 's/\b(t|w|c|it|r)N\b/V/g' | cut -c1-160
}

incs=(-I "$work" -I "$CCAD_INCLUDE" -I "$oracle" -I "$here" -I "$(dirname "$case_c")")
cflags=(-std=c11 "${FUZZ_OPT:--O1}" -Wall -Wextra -Werror "${incs[@]}")
# A program with OpenMP loops (feature omp): built with -fopenmp everywhere,
# run on two threads; adjoints accumulated atomically add in an order that
# depends on the threads, so the checker's repeat checks allow reassociation.
# A vmap request (feature vmap) runs its elements on OpenMP threads: the same.
omp=()
if grep -q '^[[:space:]]*#pragma omp\|^#pragma ad vmap' "$case_c"; then
    omp=(-fopenmp)
    # (clang: an `omp simd` loop it cannot vectorise is -Wpass-failed, on
    # the user's own loop as on its derivative: a note, not an error)
    "$cc" --version | grep -qi clang && omp+=(-Wno-pass-failed)
    export OMP_NUM_THREADS=2 CCAD_ORACLE_REASSOC=1e-12
    grep -q '^float fs(' "$case_c" && export CCAD_ORACLE_REASSOC=1e-4
fi
san=()
if [ "${FUZZ_SANITIZE:-0}" = 1 ]; then
    san=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
elif [ "${FUZZ_SANITIZE:-0}" = thread ]; then
    # races in the generated OpenMP sweeps: clang's ThreadSanitizer with LLVM's
    # OpenMP runtime and its Archer tool (as CTest's tsan label runs the cases)
    san=(-fsanitize=thread -g)
    archer=$(ls /usr/lib/llvm-*/lib/libarcher.so 2>/dev/null | sort -V | tail -n 1)
    export OMP_TOOL_LIBRARIES=${OMP_TOOL_LIBRARIES:-$archer}
    export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1 exitcode=66 ignore_noninstrumented_modules=1}
fi

# ---- 0. the program itself is valid C
if ! "$cc" "${cflags[@]}" -Wno-unknown-pragmas -DFZ_SYNTAX_ONLY -c -o "$work/syntax.o" "$case_c" \
        > "$work/syntax.log" 2>&1; then
    verdict INVALID "$(grep -m1 'error' "$work/syntax.log" | normalise)"
fi

# ---- 1. cc-ad
timeout 60 "$CCAD" -o "$work/$name.ad.c" "$case_c" -- -std=c11 "${omp[@]}" "${incs[@]}" \
    > "$work/ccad.log" 2>&1
rc=$?
if [ $rc -eq 124 ]; then
    verdict TOOL-CRASH "timeout (60 s)"
elif [ $rc -ge 128 ]; then
    verdict TOOL-CRASH "signal $((rc - 128))"
elif [ $rc -eq 3 ] || grep -qi 'internal error\|error: internal:\|Assertion .* failed' "$work/ccad.log"; then
    verdict TOOL-CRASH "$(grep -m1 -i 'internal error\|error: internal:\|Assertion .* failed' "$work/ccad.log" | normalise)"
elif [ $rc -ne 0 ]; then
    msg=$(grep -m1 'error:' "$work/ccad.log" | sed 's/.*error: //' | normalise)
    verdict REFUSED "${msg:-exit $rc without an error message}"
fi

[ "${FUZZ_UPTO:-}" = ccad ] && verdict ACCEPTED "" # the minimiser of a refusal
# FUZZ_MUTATE_AD: a sed script that breaks the generated code on purpose
# (catches_wrong.sh: the checker must notice)
if [ -n "${FUZZ_MUTATE_AD:-}" ]; then
    cp "$work/$name.ad.c" "$work/$name.ad.c.orig"
    sed -i "$FUZZ_MUTATE_AD" "$work/$name.ad.c"
    cmp -s "$work/$name.ad.c" "$work/$name.ad.c.orig" && verdict UNMUTATED "$FUZZ_MUTATE_AD"
    diff "$work/$name.ad.c.orig" "$work/$name.ad.c" > "$work/mutation.diff"
fi

# ---- 2. compile and link (gcc), the generated file under clang too
if ! "$cc" "${cflags[@]}" "${omp[@]}" "${san[@]}" -Wno-unknown-pragmas -c "$case_c" -o "$work/$name.o" \
        > "$work/cc.log" 2>&1 ||
   ! "$cc" "${cflags[@]}" "${omp[@]}" "${san[@]}" -c "$work/$name.ad.c" -o "$work/$name.ad.o" \
        >> "$work/cc.log" 2>&1 ||
   ! "$cc" "${omp[@]}" "${san[@]}" "$work/$name.o" "$work/$name.ad.o" "$CCAD_RUNTIME" -lm \
        -o "$work/$name" >> "$work/cc.log" 2>&1; then
    verdict NO-COMPILE "$cc: $(grep -m1 -E 'error|warning' "$work/cc.log" | normalise)"
fi
if [ "${FUZZ_CLANG:-1}" = 1 ] && ! "$cc" --version | grep -qi clang; then
    for c in clang-19 clang; do
        if command -v $c > /dev/null 2>&1; then
            # (clang's -fopenmp needs its own omp.h, which Debian ships apart)
            [ ${#omp[@]} -gt 0 ] && ! echo '#include <omp.h>' | $c -fopenmp -fsyntax-only -x c - 2>/dev/null && break
            if ! $c "${cflags[@]}" "${omp[@]}" -fsyntax-only "$work/$name.ad.c" > "$work/clang.log" 2>&1; then
                verdict NO-COMPILE "$c: $(grep -m1 -E 'error|warning' "$work/clang.log" | normalise)"
            fi
            break
        fi
    done
fi

# ---- 3. run the checker
timeout "$timeout_s" "$work/$name" > "$work/run.log" 2>&1
rc=$?
if [ $rc -eq 124 ]; then
    verdict TIMEOUT "ran past $timeout_s s"
fi
san_msg=$(grep -m1 -E 'ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer|WARNING: ThreadSanitizer' "$work/run.log")
if [ -n "$san_msg" ]; then
    verdict RUN-CRASH "$(printf '%s' "$san_msg" | sed -E 's/.*(ERROR: |runtime error: |WARNING: )//; s/ on address.*//; s/ \(pid=.*//' | normalise)"
fi
case $rc in
0) # a warning on a program that passes is reported with it
    verdict PASS "$(grep -m1 'warning:' "$work/ccad.log" | sed 's/.*warning: /warning: /' | normalise)" ;;
3) verdict UNCHECKED "no smooth point" ;;
1)
    first=$(grep -m1 'FAIL$' "$work/run.log" | grep -v '^oracle:')
    if [ -n "$first" ]; then
        verdict WRONG "$(printf '%s' "$first" | sed -E 's/: (got=|[0-9]+ values|ccad_tape|fetestexcept|.*bitwise).*//; s/\[[0-9]+\]$//' | normalise)"
    fi
    verdict RUN-CRASH "exit 1: $(grep -m1 -v '^fuzz:' "$work/run.log" | normalise)"
    ;;
*)
    if [ $rc -ge 128 ]; then
        verdict RUN-CRASH "signal $((rc - 128)): $(grep -m1 -i 'ccad\|error\|abort' "$work/run.log" | normalise)"
    fi
    verdict RUN-CRASH "exit $rc: $(tail -n 1 "$work/run.log" | normalise)"
    ;;
esac
