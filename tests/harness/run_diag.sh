#!/usr/bin/env bash
# run_diag.sh CCAD_EXE WORKDIR CASE.c
#
# One bad-input case (tests/cases/diag/<name>.c): cc-ad must refuse it the way
# the case file says. Header lines in CASE.c:
#   // EXPECT-EXIT: N          required: cc-ad's exit status (1 input error, 2 usage)
#   // EXPECT-DIAG: id         one or more: cc-ad gave message id of
#                              tool/diag/diag.def (its text with any arguments,
#                              as --list-diagnostics lists it)
#   // EXPECT-STDERR: text     each text is a substring of cc-ad's stderr; the
#                              word FILE in it stands for CASE.c's path exactly
#                              as passed to cc-ad
#   // CCAD-ARGS: ...          extra cc-ad options (shell-quoted)
#   // EXPECT-NO-CARET         (optional) skip the caret-line check below
#   // EXPECT-ERRORS: N        (optional) exactly N lines of stderr say "error:" (no follow-on errors)
#   // EXPECT-NOT-STDERR: text  (optional) text is NOT in cc-ad's stderr (a misleading message)
# Checks, besides those: when the status is 1 the diagnostic shows a caret line
# (contract section 5: "the source line, and a caret"); a refused input yields
# no generated file; CASE.c is byte-for-byte unchanged.
set -eu

[ $# -eq 3 ] || { echo "usage: run_diag.sh CCAD_EXE WORKDIR CASE.c" >&2; exit 2; }
ccad=$1 work=$2 case_c=$3
here=$(cd "$(dirname "$0")" && pwd)
oracle_dir=$(cd "$here/../oracle" && pwd)
include_dir=$here/../../include
name=$(basename "$case_c" .c)

fail() {
    echo "run_diag: $name: FAILED: $1" >&2
    exit 1
}

[ -x "$ccad" ] || fail "cc-ad executable not found: $ccad"
[ -f "$case_c" ] || fail "case file not found: $case_c"

want_exit=$(sed -n 's|^//[[:space:]]*EXPECT-EXIT:[[:space:]]*\([0-9][0-9]*\).*|\1|p' "$case_c" | head -n 1)
[ -n "$want_exit" ] || fail "no // EXPECT-EXIT: line in $case_c"
ccad_args=()
eval "ccad_args=( $(sed -n 's|^//[[:space:]]*CCAD-ARGS:[[:space:]]*||p' "$case_c" | tr '\n' ' ') )"
# // CFLAGS: ...  parse flags after cc-ad's -- (-fopenmp)
cflags=$(sed -n 's|^//[[:space:]]*CFLAGS:[[:space:]]*||p' "$case_c" | tr '\n' ' ')
nwant=$(grep -c -E '^//[[:space:]]*EXPECT-(STDERR|DIAG):' "$case_c" || true)
[ "$nwant" -gt 0 ] || fail "no // EXPECT-DIAG: or // EXPECT-STDERR: line in $case_c"

mkdir -p "$work"
out_c=$work/$name.ad.c
rm -f "$out_c" "$work/$name.ad.h"
sum_before=$(cksum < "$case_c")

echo "+ $ccad -o $out_c ${ccad_args[*]} $case_c -- -std=c11 -I $oracle_dir -I $include_dir"
set +e
"$ccad" --verify-ir -o "$out_c" ${ccad_args[@]+"${ccad_args[@]}"} "$case_c" \
    -- -std=c11 -I "$oracle_dir" -I "$include_dir" $cflags > "$work/ccad.stdout" 2> "$work/ccad.stderr"
rc=$?
set -e
echo "--- cc-ad stderr:"
cat "$work/ccad.stderr"
echo "--- (exit status $rc)"

status=0
if [ "$rc" -ne "$want_exit" ]; then
    echo "run_diag: exit status: got $rc, want $want_exit FAIL" >&2
    status=1
else
    echo "run_diag: exit status $rc ok"
fi

# Each expected text, with FILE replaced by the path given to cc-ad.
while IFS= read -r text; do
    text=${text//FILE/"$case_c"}
    if grep -q -F -e "$text" "$work/ccad.stderr"; then
        echo "run_diag: stderr has \"$text\" ok"
    else
        echo "run_diag: stderr lacks \"$text\" FAIL" >&2
        status=1
    fi
done <<EOF
$(sed -n 's|^//[[:space:]]*EXPECT-STDERR:[[:space:]]*||p' "$case_c")
EOF

# Each text that must not show (a misleading follow-on message).
while IFS= read -r text; do
    [ -n "$text" ] || continue
    if grep -q -F -e "$text" "$work/ccad.stderr"; then
        echo "run_diag: stderr has \"$text\", which it must not FAIL" >&2
        status=1
    fi
done <<EOF
$(sed -n 's|^//[[:space:]]*EXPECT-NOT-STDERR:[[:space:]]*||p' "$case_c")
EOF

# Each expected message: its text from the table, a printf conversion
# matching any argument.
"$ccad" --list-diagnostics > "$work/table" || fail "cc-ad --list-diagnostics failed"
for id in $(sed -n 's|^//[[:space:]]*EXPECT-DIAG:[[:space:]]*\([a-z0-9_]*\).*|\1|p' "$case_c"); do
    text=$(awk -F '\t' -v id="$id" '$1 == id { print $3 }' "$work/table")
    if [ -z "$text" ]; then
        echo "run_diag: EXPECT-DIAG: no message '$id' in cc-ad --list-diagnostics FAIL" >&2
        status=1
        continue
    fi
    re=$(printf '%s\n' "$text" | sed -e 's/%%/\x01/g' -e 's/%[-+ #0-9.]*[hlLzjt]*[diouxXcsfgeEp]/\x02/g' \
        -e 's/[][\.*^$+?(){}|/]/\\&/g' -e 's/\x01/%/g' -e 's/\x02/.*/g')
    if grep -q -E -e ": (error|warning|note): $re\$" "$work/ccad.stderr"; then
        echo "run_diag: stderr has message $id ok"
    else
        echo "run_diag: stderr lacks message $id (\"$text\") FAIL" >&2
        status=1
    fi
done

want_errors=$(sed -n 's|^//[[:space:]]*EXPECT-ERRORS:[[:space:]]*\([0-9][0-9]*\).*|\1|p' "$case_c" | head -n 1)
if [ -n "$want_errors" ]; then
    got_errors=$(grep -c ': error: ' "$work/ccad.stderr" || true)
    if [ "$got_errors" -eq "$want_errors" ]; then
        echo "run_diag: $got_errors error(s) ok"
    else
        echo "run_diag: $got_errors errors, want $want_errors FAIL" >&2
        status=1
    fi
fi

# An error the user can act on, never a follow-on "internal:" one.
if grep -q -e 'error: internal:' -e 'internal error' "$work/ccad.stderr"; then
    echo "run_diag: stderr has an internal error FAIL" >&2
    status=1
fi

if [ "$want_exit" -eq 1 ] && ! grep -q '^//[[:space:]]*EXPECT-NO-CARET' "$case_c"; then
    if grep -q '^[[:space:]~]*\^' "$work/ccad.stderr"; then
        echo "run_diag: caret line ok"
    else
        echo "run_diag: no caret line (source line + ^) in stderr FAIL" >&2
        status=1
    fi
fi

if [ "$want_exit" -ne 0 ] && [ -e "$out_c" ]; then
    echo "run_diag: cc-ad wrote $out_c although it refused the input FAIL" >&2
    status=1
fi

if [ "$(cksum < "$case_c")" != "$sum_before" ]; then
    echo "run_diag: cc-ad modified $case_c FAIL" >&2
    status=1
fi

[ $status -eq 0 ] || fail "see the FAIL lines above"
echo "run_diag: $name: PASS"
