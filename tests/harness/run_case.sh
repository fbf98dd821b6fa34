#!/usr/bin/env bash
# run_case.sh CCAD_EXE RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c
#
# One end-to-end case (tests/cases/<mode>/<name>.c), the way a user builds it:
#   1. cc-ad CASE.c -o WORKDIR/<name>.ad.c   (must exit 0 and say no warning:/error:)
#   2. cc -c CASE.c, cc -c WORKDIR/<name>.ad.c (-std=c11 -O1 -Wall -Wextra -Werror),
#      link both with RUNTIME_LIB -lm
#   3. cc -pedantic -c WORKDIR/<name>.ad.c   (the generated code alone is warning-free;
#      also under clang, when installed and cc is gcc)
#      and a file that only includes WORKDIR/<name>.ad.h (twice) compiles: the
#      header can be included on its own (skipped with // NO-STANDALONE-HEADER:)
#   4. run the program: it compares derivatives with its oracle, exits 0 on pass
#   5. CASE.c is byte-for-byte unchanged
#
# Header lines in CASE.c (optional, any number, shell-quoted):
#   // CCAD-ARGS: ...   extra cc-ad options, e.g. --ad 'jvp(h) wrt(x[3])'
#   // CFLAGS: ...      extra C compiler flags (also given to cc-ad after --)
#   // LIBS: ...        extra link arguments
#   // NO-STANDALONE-HEADER: reason   skip the header-on-its-own check (step 3)
#   // EXPECT-WARNING: text   cc-ad must print this warning (substring), and no
#                             other diagnostic: the case checks what it warns of
#   // EXPECT-NOT-GENERATED: text   the generated WORKDIR/<name>.ad.c must not hold it
#   // EXPECT-NOT-STDERR: text      cc-ad's messages (notes too) must not hold it
# Environment: CC (default cc), CCAD_EXTRA_CFLAGS (e.g. -fsanitize=address,undefined;
# used to compile and link the case, not for the -pedantic check).
set -eu

usage() {
    echo "usage: run_case.sh CCAD_EXE RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c" >&2
    exit 2
}
[ $# -eq 5 ] || usage
ccad=$1 runtime=$2 incdir=$3 work=$4 case_c=$5

here=$(cd "$(dirname "$0")" && pwd)
oracle_dir=$(cd "$here/../oracle" && pwd)
case_dir=$(cd "$(dirname "$case_c")" && pwd)
name=$(basename "$case_c" .c)
cc=${CC:-cc}

fail() {
    echo "run_case: $name: FAILED at step $1" >&2
    shift
    for line in "$@"; do echo "run_case: $line" >&2; done
    exit 1
}

[ -x "$ccad" ] || fail "0 (setup)" "cc-ad executable not found: $ccad"
[ -f "$runtime" ] || fail "0 (setup)" "runtime library not found: $runtime"
[ -f "$incdir/ccad.h" ] || fail "0 (setup)" "ccad.h not found in $incdir"
[ -f "$case_c" ] || fail "0 (setup)" "case file not found: $case_c"

# Header values: every `// KEY: value` line, concatenated, then split with
# shell quoting rules (so --ad 'jvp(h) wrt(x[3])' is one argument).
header() {
    sed -n "s|^//[[:space:]]*$1:[[:space:]]*||p" "$case_c" | tr '\n' ' '
}
ccad_args=() case_cflags=() case_libs=()
eval "ccad_args=( $(header CCAD-ARGS) )"
eval "case_cflags=( $(header CFLAGS) )"
eval "case_libs=( $(header LIBS) )"
# Word-split on purpose: CCAD_EXTRA_CFLAGS is a flag list.
read -r -a extra_cflags <<< "${CCAD_EXTRA_CFLAGS:-}"

mkdir -p "$work"
out_c=$work/$name.ad.c
out_h=$work/$name.ad.h
exe=$work/$name
# Stale outputs from an earlier run must not satisfy (or confuse) this one.
rm -f "$out_c" "$out_h" "$work/$name.ad.cu" "$exe" "$work/$name.o" "$work/$name.ad.o" \
      "$work/$name.pedantic.o" "$work/$name.hdr.c" "$work/$name.hdr.o"

sum_before=$(cksum < "$case_c")
incs=(-I "$work" -I "$incdir" -I "$oracle_dir" -I "$case_dir")

# ---- 1. cc-ad
echo "+ $ccad -o $out_c ${ccad_args[*]} $case_c -- -std=c11 ${incs[*]} ${case_cflags[*]}"
set +e
"$ccad" --verify-ir -o "$out_c" ${ccad_args[@]+"${ccad_args[@]}"} "$case_c" \
    -- -std=c11 "${incs[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
    > "$work/ccad.stdout" 2> "$work/ccad.stderr"
rc=$?
set -e
cat "$work/ccad.stdout" "$work/ccad.stderr"
[ $rc -eq 0 ] || fail "1 (cc-ad)" "cc-ad exited with status $rc"
want_warning=$(sed -n 's|^//[[:space:]]*EXPECT-WARNING:[[:space:]]*||p' "$case_c")
diags=$(cat "$work/ccad.stdout" "$work/ccad.stderr" | grep -e 'warning:' -e 'error:' || true)
if [ -n "$want_warning" ]; then
    while IFS= read -r w; do
        printf '%s\n' "$diags" | grep -qF -- "$w" || fail "1 (cc-ad)" "cc-ad did not warn: $w"
    done <<< "$want_warning"
    diags=$(printf '%s\n' "$diags" | grep -vF -e "$want_warning" || true)
fi
if [ -n "$diags" ]; then
    fail "1 (cc-ad)" "cc-ad printed a diagnostic (above) on a valid case"
fi
[ -f "$out_c" ] || fail "1 (cc-ad)" "cc-ad did not write $out_c"
[ -f "$out_h" ] || fail "1 (cc-ad)" "cc-ad did not write $out_h"
# structural facts: text the generated file, or cc-ad's messages (notes
# included), must not hold (no `omp atomic` left, no "run on one thread")
while IFS= read -r t; do
    [ -z "$t" ] || ! grep -qF -- "$t" "$out_c" || fail "1 (cc-ad)" "$out_c holds '$t' (EXPECT-NOT-GENERATED)"
done < <(sed -n 's|^//[[:space:]]*EXPECT-NOT-GENERATED:[[:space:]]*||p' "$case_c")
while IFS= read -r t; do
    [ -z "$t" ] || ! grep -qF -- "$t" "$work/ccad.stderr" || fail "1 (cc-ad)" "cc-ad said '$t' (EXPECT-NOT-STDERR)"
done < <(sed -n 's|^//[[:space:]]*EXPECT-NOT-STDERR:[[:space:]]*||p' "$case_c")

# ---- 2. compile the case and the generated code, link with the runtime
# The case file holds `#pragma ad` lines, which -Wall reports as unknown
# pragmas (gcc and clang), so only the case gets -Wno-unknown-pragmas; the
# generated file must not contain them.
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

# ---- 3. the generated file alone, pedantic
pflags=(-std=c11 -Wall -Wextra -Werror -pedantic "${incs[@]}")
echo "+ $cc ${pflags[*]} ${case_cflags[*]} -c $out_c"
if ! "$cc" "${pflags[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
        -c "$out_c" -o "$work/$name.pedantic.o"; then
    fail "3 (pedantic compile of generated code)" "$out_c is not warning-free under -pedantic (above)"
fi

# ---- 3a. the generated file under the other compiler too (gcc and clang warn
# differently: clang's -Wself-assign, -Wunused-but-set-variable on x += y).
# Skipped when clang is not installed, or for OpenMP cases (clang's omp.h is
# a separate package).
other_cc=
for c in clang-19 clang; do
    if command -v "$c" > /dev/null 2>&1; then other_cc=$c; break; fi
done
if [ -n "$other_cc" ] && ! "$cc" --version 2>/dev/null | grep -qi clang &&
        ! printf '%s\n' ${case_cflags[@]+"${case_cflags[@]}"} | grep -q -- '-fopenmp'; then
    echo "+ $other_cc ${pflags[*]} ${case_cflags[*]} -fsyntax-only $out_c"
    if ! "$other_cc" "${pflags[@]}" ${case_cflags[@]+"${case_cflags[@]}"} -fsyntax-only "$out_c"; then
        fail "3a (compile of generated code with $other_cc)" "$out_c is not warning-free under $other_cc (above)"
    fi
fi

# ---- 3b. the generated header on its own (contract section 3: "FILE.ad.h can
# be included on its own"), twice (include guard). A case whose types make
# that impossible says why in a `// NO-STANDALONE-HEADER: reason` line.
if grep -q '^//[[:space:]]*NO-STANDALONE-HEADER:' "$case_c"; then
    echo "run_case: standalone header check skipped: $(sed -n 's|^//[[:space:]]*NO-STANDALONE-HEADER:[[:space:]]*||p' "$case_c" | head -n 1)"
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
echo "+ $exe"
set +e
"$exe"
rc=$?
set -e
[ $rc -eq 0 ] || fail "4 (run)" "$exe exited with status $rc (see the FAIL lines above)"

# ---- 5. the input is untouched
[ "$(cksum < "$case_c")" = "$sum_before" ] || fail "5 (input unchanged)" "cc-ad modified $case_c"

echo "run_case: $name: PASS"
