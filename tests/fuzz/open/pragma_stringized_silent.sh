#!/bin/sh
# OPEN (probe9): BAD DIAGNOSTIC: a request written through the usual
# pragma macro
#     #define DO_PRAGMA(x) _Pragma(#x)
#     DO_PRAGMA(ad jvp(f) name(f_fwd))
# (and likewise '#pragma ad checkpoint' spelled so inside a function) is
# dropped without a word: exit 0, no f_fwd in FILE.ad.h, and the user finds
# out at link time ("undefined reference to f_fwd") or, for a checkpoint,
# never (the loop is taped in full). The manual (REQUESTS) says "the string
# must be a literal (one built by # from a macro argument is not read)", so
# not reading it is documented; ignoring it silently is not what a user can
# act on: libclang sees the pragma (namespace "ad") where the macro is used.
# Expected: either the request is read like the literal spelling, or a
# warning at the macro's use says that the '#pragma ad' built by # is not
# read and what to write instead. Contract section 5 (diagnostics look like
# the compiler's and say what to do); section 2 (requests).
# Run: sh tests/fuzz/open/pragma_stringized_silent.sh [path/to/cc-ad]
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
ccad=${1:-$root/build/tool/cc-ad}
w=$(mktemp -d /tmp/ccad_prg.XXXXXX)
trap 'rm -rf "$w"' EXIT
cat > "$w/m.c" <<'C'
#include <math.h>
#define DO_PRAGMA(x) _Pragma(#x)
double f(const double *x, int n)
{
    double s = 0;
    DO_PRAGMA(ad checkpoint)
    for (int i = 0; i < n; i++)
        s = s * 0.5 + sin(x[i]);
    return s;
}
#pragma ad grad(f) wrt(x[n])
DO_PRAGMA(ad jvp(f) name(f_fwd))
C
"$ccad" "$w/m.c" 2> "$w/err" || true
cat "$w/err"
if grep -q 'f_fwd' "$w/m.ad.h" 2>/dev/null; then echo "PASS (read)"; exit 0; fi
if grep -q 'warning' "$w/err"; then echo "PASS (warned)"; exit 0; fi
echo "FAIL: the DO_PRAGMA(ad ...) request was dropped silently (exit 0, no f_fwd, no warning)"
exit 1
