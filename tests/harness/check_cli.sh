#!/usr/bin/env bash
# check_cli.sh CCAD_EXE [WORKDIR]
#
# The command line of cc-ad (contract sections 1 and 5), checks that need no
# case file of their own:
#   - no input file: exit 2 (usage error)
#   - an unknown option: exit 2, "unknown option"
#   - a missing input file: exit 1, "error:" and the file's name
#   - --help: exit 0, mentions --ad;  --version: exit 0, prints a version
#   - a request on the command line naming an unknown function: refused
#   - usage errors (exit 2, a message, "Try 'cc-ad --help'"): two inputs, an
#     option without its argument, an unknown --dump kind, an input or output
#     not ending in .c
#   - input errors (exit 1, "cc-ad: error:" and why): an input that is a
#     directory, -o or -MF into a missing directory or onto a directory
#   - a malformed --ad spec: exit 1 at <command line>:1:COL with a caret
#   - a missing header in a file that includes its own FILE.ad.h: that one
#     error, not the errors of the code that needed the header before it
#   - a construct three requests meet is reported once (same place, same text)
#   - --dump=tbr prints reverse mode's to-be-recorded facts and writes nothing
#   - none of them crashes or writes an output
#   - determinism: two runs on tests/cases/jvp/f3.c give byte-identical
#     .ad.c and .ad.h, and f3.c is unchanged
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: check_cli.sh CCAD_EXE [WORKDIR]" >&2
    exit 2
fi
ccad=$1
here=$(cd "$(dirname "$0")" && pwd)
oracle_dir=$(cd "$here/../oracle" && pwd)
include_dir=$here/../../include   # ccad.h, which the generated header includes
f3=$(cd "$here/../cases/jvp" && pwd)/f3.c
if [ $# -eq 2 ]; then
    work=$2
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
[ -x "$ccad" ] || { echo "check_cli: cc-ad executable not found: $ccad" >&2; exit 1; }

nfail=0
ok()  { echo "check_cli: $1 ok"; }
bad() { echo "check_cli: $1 FAIL" >&2; nfail=$((nfail + 1)); }

# run LABEL ARGS...: runs cc-ad, leaves its status in $rc, output in files.
run() {
    local label=$1
    shift
    echo "+ $ccad $*"
    set +e
    "$ccad" "$@" > "$work/out" 2> "$work/err"
    rc=$?
    set -e
    echo "  ($label: exit $rc)"
    sed 's/^/  stdout| /' "$work/out" | head -n 40
    sed 's/^/  stderr| /' "$work/err" | head -n 40
}
expect_rc() { # LABEL WANT
    if [ "$rc" -eq "$2" ]; then ok "$1: exit $2"; else bad "$1: exit $rc, want $2"; fi
}
expect_in() { # LABEL FILE TEXT
    if grep -q -F -e "$3" "$2"; then ok "$1: says \"$3\""; else bad "$1: does not say \"$3\""; fi
}

run "no input file"
expect_rc "no input file" 2
if [ -s "$work/err" ]; then ok "no input file: explains on stderr"; else bad "no input file: stderr is empty"; fi

run "unknown option" --bogus "$f3"
expect_rc "unknown option" 2
expect_in "unknown option" "$work/err" "unknown option"
expect_in "unknown option" "$work/err" "--bogus"

missing=$work/no_such_file.c
rm -f "$missing"
run "missing file" -o "$work/missing.ad.c" "$missing"
expect_rc "missing file" 1
expect_in "missing file" "$work/err" "error:"
expect_in "missing file" "$work/err" "no_such_file.c"
# EXPECT-DIAG: input_unreadable
expect_in "missing file" "$work/err" "cannot read input file"

run "--help" --help
expect_rc "--help" 0
expect_in "--help" "$work/out" "--ad"

run "--version" --version
expect_rc "--version" 0
if grep -q -E '[0-9]+\.[0-9]+' "$work/out"; then ok "--version: prints a version"; else bad "--version: no N.N version on stdout"; fi

run "--list-diagnostics" --list-diagnostics
expect_rc "--list-diagnostics" 0
expect_in "--list-diagnostics" "$work/out" "$(printf 'unknown_param\terror\tunknown parameter')"

# A command-line request is checked like a pragma. Whether an error in it is
# an input error (1) or a usage error (2) the contract leaves open.
run "--ad unknown function" -o "$work/bad.ad.c" --ad 'jvp(no_such_function)' "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir"
if [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then ok "--ad unknown function: exit $rc"; else bad "--ad unknown function: exit $rc, want 1 or 2"; fi
expect_in "--ad unknown function" "$work/err" "unknown function 'no_such_function'"

# Usage errors: exit 2 with a message and a pointer to --help.
usage_case() { # LABEL TEXT ARGS...
    local label=$1 text=$2
    shift 2
    run "$label" "$@"
    expect_rc "$label" 2
    expect_in "$label" "$work/err" "cc-ad: error: $text"
    expect_in "$label" "$work/err" "Try 'cc-ad --help'"
}
usage_case "two inputs" "more than one input file" "$f3" "$f3"
usage_case "-o without its file" "option '-o' needs an argument" "$f3" -o
usage_case "--ad without its spec" "option '--ad' needs an argument" "$f3" --ad
usage_case "unknown --dump kind" "unknown --dump kind 'ast'" --dump=ast "$f3"
usage_case "output not .c" "output '$work/f3.ad.h' must end in .c" -o "$work/f3.ad.h" "$f3"
usage_case "input not .c" "input '$work' must be a C source file" "$work"

# Input errors about files: exit 1, the file and the reason, nothing written.
# (Permission bits cannot be tested portably: root reads and writes anyway.)
file_case() { # LABEL TEXT ARGS...
    local label=$1 text=$2
    shift 2
    rm -f "$work/unwritten.ad.c"
    run "$label" "$@"
    expect_rc "$label" 1
    expect_in "$label" "$work/err" "cc-ad: error: $text"
    if [ -e "$work/unwritten.ad.c" ]; then bad "$label: wrote an output"; else ok "$label: no output"; fi
}
mkdir -p "$work/dir.c"
file_case "input is a directory" "cannot read input file '$work/dir.c': Is a directory" -o "$work/unwritten.ad.c" "$work/dir.c"
file_case "-o into a missing directory" "cannot write '$work/no/such/dir/f3.ad.c': No such file or directory" \
    -o "$work/no/such/dir/f3.ad.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir"
file_case "-o onto a directory" "cannot write '$work/dir.c': Is a directory" \
    -o "$work/dir.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir"
file_case "-MF onto a directory" "cannot write '$work/dir.c': Is a directory" \
    -o "$work/unwritten.ad.c" -MF "$work/dir.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir"

# A malformed --ad spec is an error in the input, located in the spec.
run "--ad malformed" -o "$work/unwritten.ad.c" --ad 'jvp(f3 wrt(x[3])' "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir"
expect_rc "--ad malformed" 1
expect_in "--ad malformed" "$work/err" "<command line>:1:8: error: expected ')'"
expect_in "--ad malformed" "$work/err" "^"
if [ -e "$work/unwritten.ad.c" ]; then bad "--ad malformed: wrote an output"; else ok "--ad malformed: no output"; fi

# A header that is not found is reported alone, also where FILE.c includes
# its own FILE.ad.h (whose errors cc-ad defers past lowering): the errors
# of code that needed the header (unknown types, calls) used to come first.
mkdir -p "$work/hdr"
printf '#include "nothere.h"\n#include "self.ad.h"\ndouble f(const Pt *p) { return norm(p); }\n#pragma ad grad(f) wrt(p[1])\n' > "$work/hdr/self.c"
run "missing header" -o "$work/hdr/self.ad.c" "$work/hdr/self.c" -- -std=c11
expect_rc "missing header" 1
expect_in "missing header" "$work/err" "self.c:1:10: error: 'nothere.h' file not found"
if [ "$(grep -c 'error:' "$work/err")" -eq 1 ]; then ok "missing header: one error"; else bad "missing header: $(grep -c 'error:' "$work/err") errors, want 1"; fi

# The same message at the same place is printed once, whatever the number
# of requests (grad, jvp, and the hessian's gradient) that meet it.
printf '#include <math.h>\ndouble f(const double *x, int n)\n{\n    static double t;\n    double s = t;\n    for (int i = 0; i < n; i++) s += sin(x[i]);\n    t = s;\n    return s;\n}\n#pragma ad grad(f) wrt(x[n])\n#pragma ad jvp(f) wrt(x[n])\n#pragma ad hessian(f) wrt(x[n])\n' > "$work/hdr/dup.c"
run "repeated message" -o "$work/hdr/dup.ad.c" "$work/hdr/dup.c" -- -std=c11
expect_rc "repeated message" 1
expect_in "repeated message" "$work/err" "dup.c:4:19: error: static local variable 't' carries derivatives"
if [ "$(grep -c 'error:' "$work/err")" -eq 1 ]; then ok "repeated message: once"; else bad "repeated message: $(grep -c 'error:' "$work/err") times, want 1"; fi

# --dump=tbr: the to-be-recorded facts of reverse mode, on stdout, and no output
cat > "$work/tbr.c" <<'EOF_TBR'
double f(double x, double y) {
  double z = x * y;
  z = z * x;
  return z;
}
#pragma ad grad(f)
EOF_TBR
rm -f "$work/tbr.ad.c"
run "--dump=tbr" --dump=tbr -o "$work/tbr.ad.c" "$work/tbr.c"
expect_rc "--dump=tbr" 0
expect_in "--dump=tbr" "$work/out" "tbr f_grad"
expect_in "--dump=tbr" "$work/out" "line 3 assign: reads {x, z} saves {z}"
if [ -e "$work/tbr.ad.c" ]; then bad "--dump=tbr: wrote an output"; else ok "--dump=tbr: no output"; fi

# Determinism, and the input file is never modified.
sum_before=$(cksum < "$f3")
mkdir -p "$work/det"
rm -f "$work/det/f3.ad.c" "$work/det/f3.ad.h"
run "determinism, first run" -o "$work/det/f3.ad.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir" -I "$work/det"
expect_rc "determinism, first run" 0
if [ -f "$work/det/f3.ad.c" ] && [ -f "$work/det/f3.ad.h" ]; then
    mv "$work/det/f3.ad.c" "$work/det/first.ad.c"
    mv "$work/det/f3.ad.h" "$work/det/first.ad.h"
    run "determinism, second run" -o "$work/det/f3.ad.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir" -I "$work/det"
    expect_rc "determinism, second run" 0
    if cmp "$work/det/first.ad.c" "$work/det/f3.ad.c"; then ok "determinism: identical .ad.c"; else bad "determinism: .ad.c differs between runs"; fi
    if cmp "$work/det/first.ad.h" "$work/det/f3.ad.h"; then ok "determinism: identical .ad.h"; else bad "determinism: .ad.h differs between runs"; fi
else
    bad "determinism: first run wrote no f3.ad.c / f3.ad.h"
fi
if [ "$(cksum < "$f3")" = "$sum_before" ]; then ok "input unchanged"; else bad "cc-ad modified $f3"; fi

# A file that includes its own FILE.ad.h (the cases' form), run again with
# its outputs in place: the header it reads is cc-ad's output, rewritten
# (it was refused as "a file the input includes"), unchanged or after an
# edit of FILE.c.
if [ -f "$work/det/first.ad.c" ]; then
    run "rerun in place" -o "$work/det/f3.ad.c" "$f3" -- -std=c11 -I "$oracle_dir" -I "$include_dir" -I "$work/det"
    expect_rc "rerun in place" 0
    if cmp -s "$work/det/first.ad.c" "$work/det/f3.ad.c"; then ok "rerun in place: identical .ad.c"; else bad "rerun in place: .ad.c differs"; fi
fi
mkdir -p "$work/self"
printf '%s\n' '#include <math.h>' 'double g(double x) { return sin(x) * x; }' '#pragma ad jvp(g)' \
    '#include "self.ad.h"' > "$work/self/self.c"
rm -f "$work/self/self.ad.c" "$work/self/self.ad.h"
run "self-include, first run" "$work/self/self.c" -- -I "$include_dir"
expect_rc "self-include, first run" 0
printf '%s\n' '#pragma ad grad(g)' >> "$work/self/self.c"
run "self-include, after an edit" "$work/self/self.c" -- -I "$include_dir"
expect_rc "self-include, after an edit" 0
expect_in "self-include, after an edit" "$work/self/self.ad.h" "g_grad"

if [ $nfail -ne 0 ]; then
    echo "check_cli: $nfail check(s) FAILED" >&2
    exit 1
fi
echo "check_cli: PASS"
