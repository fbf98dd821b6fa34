#!/usr/bin/env bash
# diagnostics.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# Diagnostics as a compiler prints them, warnings and -Werror (issue 5,
# item 5; man page, DIAGNOSTICS and EXIT STATUS):
#   - an error in a request: `FILE:LINE:COL: error: ...`, then the source
#     line, then a caret under column COL; exit 1; nothing written;
#   - a file without requests: a warning in the same format, exit 0, the
#     (empty) outputs written;
#   - the same with -Werror: the warning is an error, exit 1, no output and
#     no depfile written, and outputs of an earlier run are left as they were;
#   - a suspicious but valid request (a wrt input no output depends on): a
#     warning, exit 0; with -Werror exit 1 and nothing written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init diagnostics "$@"
include_dir=$source_dir/include

cd "$work"

# check_format LOG KIND FILE LINE COL SOURCE-TEXT: the first KIND diagnostic
# in LOG is at FILE:LINE:COL, the next line shows SOURCE-TEXT, and the line
# after it has a caret under column COL of that source line.
check_format() {
    local log=$1 kind=$2 file=$3 line=$4 col=$5 text=$6
    local at
    at=$(grep -n -E "^[^ ]+:[0-9]+:[0-9]+: $kind: " "$log" | head -n 1 | cut -d: -f1)
    if [ -z "$at" ]; then
        check_bad "$kind: no line 'FILE:LINE:COL: $kind: ...' on stderr"
        return 0
    fi
    local head src caret
    head=$(sed -n "${at}p" "$log")
    src=$(sed -n "$((at + 1))p" "$log")
    caret=$(sed -n "$((at + 2))p" "$log")
    case "$head" in
        "$file:$line:$col: $kind: "*) check_ok "$kind: located at $file:$line:$col" ;;
        *) check_bad "$kind: want location $file:$line:$col, got: $head" ;;
    esac
    # The source line may be indented as a whole; the caret follows it.
    local indent=${src%%"$text"*}
    if [ "$indent" = "$src" ]; then
        check_bad "$kind: the line after the message is not the source line '$text': '$src'"
        return 0
    fi
    local pre=${caret%%^*}
    if [ "$pre" != "$caret" ] && [ -z "${pre// /}" ] && [ "${#pre}" -eq $(( ${#indent} + col - 1 )) ]; then
        check_ok "$kind: source line shown with a caret under column $col"
    else
        check_bad "$kind: caret line '$caret' is not under column $col of '$src'"
    fi
}

# --- an error in a request
cat > bad.c <<'EOF'
#include <math.h>
#pragma ad grad(no_such_fn) wrt(x)
double f(double x) { return x * x; }
EOF
run_logged "$work/bad.log" "$ccad" bad.c -- -I "$include_dir"
if [ "$rc" -eq 1 ]; then check_ok "request error: exit 1"; else check_bad "request error: exit $rc, want 1"; fi
check_format "$work/bad.log" error bad.c 2 17 '#pragma ad grad(no_such_fn) wrt(x)'
if [ -e bad.ad.c ] || [ -e bad.ad.h ]; then check_bad "request error: output written"; else check_ok "request error: nothing written"; fi

# --- no requests: a warning
cat > noreq.c <<'EOF'
double f(double x) { return x * x; }
EOF
run_logged "$work/noreq.log" "$ccad" noreq.c -MF noreq.ad.d
if [ "$rc" -eq 0 ]; then check_ok "no requests: exit 0"; else check_bad "no requests: exit $rc, want 0"; fi
check_format "$work/noreq.log" warning noreq.c 1 1 'double f(double x) { return x * x; }'
if [ -f noreq.ad.c ] && [ -f noreq.ad.h ] && [ -f noreq.ad.d ]; then
    check_ok "no requests: noreq.ad.c, noreq.ad.h and the depfile written"
else
    check_bad "no requests: want noreq.ad.c, noreq.ad.h and noreq.ad.d written"
fi

# --- no requests, -Werror: an error, nothing written
mkdir -p werror
cp noreq.c werror/
run_logged "$work/werror.log" "$ccad" -Werror werror/noreq.c -MF werror/noreq.ad.d
if [ "$rc" -eq 1 ]; then check_ok "-Werror: exit 1"; else check_bad "-Werror: exit $rc, want 1"; fi
check_format "$work/werror.log" error werror/noreq.c 1 1 'double f(double x) { return x * x; }'
if grep -q ': warning: ' "$work/werror.log"; then
    check_bad "-Werror: the diagnostic still says 'warning:'"
fi
left=$(find werror -mindepth 1 ! -name noreq.c -printf '%f ')
if [ -z "$left" ]; then check_ok "-Werror: no output and no depfile written"; else check_bad "-Werror: files written: $left"; fi

# --- -Werror after a successful run: the earlier outputs stay as they were
sum_before=$(cat noreq.ad.c noreq.ad.h noreq.ad.d | cksum)
t_before=$(mtime noreq.ad.c)
run_logged "$work/werror2.log" "$ccad" -Werror noreq.c -MF noreq.ad.d
if [ "$rc" -eq 1 ] && [ "$(cat noreq.ad.c noreq.ad.h noreq.ad.d | cksum)" = "$sum_before" ] &&
   [ "$(mtime noreq.ad.c)" = "$t_before" ]; then
    check_ok "-Werror: exit 1 and the outputs of an earlier run untouched"
else
    check_bad "-Werror: exit $rc; the outputs of an earlier run were changed"
fi

# --- a wrt input with no path to the output: a warning; -Werror refuses it
cat > unused.c <<'EOF'
double g(double x, double y) {
    return x * x;
}
EOF
run_logged "$work/unused.log" "$ccad" --ad 'grad(g) wrt(x, y)' unused.c -- -I "$include_dir"
if [ "$rc" -eq 0 ] && grep -q -E 'warning: .*y' "$work/unused.log" && [ -f unused.ad.c ]; then
    check_ok "input with no path to the output: a warning, exit 0, output written"
else
    check_bad "input with no path to the output: want a warning naming y, exit 0 and unused.ad.c (exit $rc)"
fi
rm -f unused.ad.c unused.ad.h
run_logged "$work/unused-werror.log" "$ccad" -Werror --ad 'grad(g) wrt(x, y)' unused.c -- -I "$include_dir"
if [ "$rc" -eq 1 ] && grep -q -E 'error: .*y' "$work/unused-werror.log" && [ ! -e unused.ad.c ] && [ ! -e unused.ad.h ]; then
    check_ok "the same with -Werror: an error, exit 1, nothing written"
else
    check_bad "the same with -Werror: want an error, exit 1 and no output (exit $rc)"
fi

# --- a note about a loop is given once, whatever the number of derivatives
# that reverse it (grad, vjp and jacrev all run its sweeps serially)
cat > serial.c <<'EOF'
static double sq(double x) { return x * x; }
double f(const double *x, int n) {
    double s = 0.0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++)
        s += sq(x[i]);
    return s;
}
EOF
run_logged "$work/serial.log" "$ccad" --ad 'grad(f) wrt(x[n])' --ad 'vjp(f) wrt(x)' --ad 'jacrev(f) wrt(x[n])' serial.c \
    -- -fopenmp -I "$include_dir"
nnotes=$(grep -c 'note: the reverse-mode sweeps of this parallel loop' "$work/serial.log" || true)
if [ "$rc" -eq 0 ] && [ "$nnotes" -eq 1 ]; then
    check_ok "a loop's note once for three reverse-mode requests"
else
    check_bad "a loop's note: $nnotes times (want 1), exit $rc"
fi

finish
