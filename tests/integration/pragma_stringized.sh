#!/bin/sh
# integration.pragma_stringized: requests written through the usual pragma
# macro, #define DO_PRAGMA(x) _Pragma(#x), used in FILE.c, are read like
# '#pragma ad' lines: DO_PRAGMA(ad checkpoint) inside f checkpoints its
# loop, DO_PRAGMA(ad jvp(f) name(f_fwd)) declares f_fwd, and no warning.
# Before (probe9) both were dropped silently (exit 0, no f_fwd). Through a
# second macro (AD(x) -> DO_PRAGMA(ad x)) the string is not read, and a
# warning says so (diag case pragma_stringized_nested).
#     pragma_stringized.sh BUILD_DIR SOURCE_DIR CCAD_EXE
set -eu
ccad=$3
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
grep -q 'f_fwd' "$w/m.ad.h" 2>/dev/null || { echo "FAIL: DO_PRAGMA(ad jvp(f) name(f_fwd)) not read (no f_fwd)"; exit 1; }
grep -q 'ccad_ckpt_begin' "$w/m.ad.c" || { echo "FAIL: DO_PRAGMA(ad checkpoint) not read (no checkpoint)"; exit 1; }
[ ! -s "$w/err" ] || { echo "FAIL: unexpected diagnostics"; exit 1; }
echo PASS
