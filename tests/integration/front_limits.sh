#!/usr/bin/env bash
# front_limits.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# Inputs far outside the usual, generated here (no megabyte files in the
# tree), as a fuzzer or a code generator produces them (issue 10, items 11
# and 15). cc-ad either handles them in time linear in their size, or stops
# with a located error and exit 1; never a signal, never gigabytes:
#   - wrt(x[n], x[n], ...) 3000 times: one warning, exit 0, fast (it took
#     35 s and 6.7 GB before);
#   - 3000 unknown names in wrt: 20 errors, then "too many errors emitted,
#     stopping now", exit 1 (it printed 3001 errors, 27 MB);
#   - 6000 nested ifs, braced and unbraced, and a 6000-long else-if chain:
#     "statements nested more than 1024 levels deep" at the statement,
#     exit 1 (a stack overflow, SIGSEGV, before);
#   - x*x*...*x of 20000 factors: exit 0 and linear output (24 GB and
#     killed before); 2000 factors compiled and checked against the
#     closed form 2000 x^1999;
#   - 10000 nested parentheses and 50000 unary minus signs: exit 0; the
#     parentheses compiled and checked (d/dx of (((x))) is 1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init front_limits "$@"
include_dir=$source_dir/include
runtime=${CCAD_RUNTIME:-}
if [ -z "$runtime" ]; then
    runtime=$(find "$build_dir/runtime" -name libccad.a | head -n 1)
fi
extra_cflags=${CCAD_EXTRA_CFLAGS:-}
cd "$work"

# gen FILE PYTHON: write FILE from a python3 one-liner's output.
gen() { python3 -c "$2" > "$1"; }

# quiet LABEL SECONDS FILE [ARGS...]: run cc-ad on FILE with a time limit;
# sets rc, secs, errs (stderr in FILE.log), bytes (stderr size).
quiet() {
    local label=$1 limit=$2 file=$3
    shift 3
    local t0 t1
    t0=$(date +%s.%N)
    set +e
    timeout "$limit" "$ccad" -o "${file%.c}.ad.c" "$@" "$file" > "$file.log" 2>&1
    rc=$?
    set -e
    t1=$(date +%s.%N)
    secs=$(echo "$t1 - $t0" | bc)
    bytes=$(wc -c < "$file.log")
    errs=$(grep -c "^$file:[0-9]*:[0-9]*: error: " "$file.log" || true)
    echo "== $label: exit $rc in ${secs}s, $bytes bytes of diagnostics, $errs errors"
    head -c 600 "$file.log" | cut -c1-200 | sed 's/^/  | /'
    if [ "$rc" -ge 124 ]; then
        check_bad "$label: killed (exit $rc: time limit ${limit}s or a signal)"
    fi
}

# check_run LABEL FILE MAIN: compile FILE's output with MAIN and run it.
check_run() {
    local label=$1 file=$2 main=$3
    # shellcheck disable=SC2086 # extra_cflags is a list of flags
    if "$CC" -std=c11 -O0 $extra_cflags -I "$include_dir" -I . "$main" "${file%.c}.ad.c" "$runtime" -lm \
        -o "${file%.c}.prog" > "$file.cc.log" 2>&1 && "./${file%.c}.prog"; then
        check_ok "$label: the generated code compiles and computes the closed form"
    else
        sed 's/^/  | /' "$file.cc.log" | head -20
        check_bad "$label: the generated code does not compile or computes a wrong derivative"
    fi
}

head='double f(const double *x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i] * x[i]; return s; }'

# --- 3000 repeats of one item: one warning, linear
gen repeats.c "print('''$head'''); print('#pragma ad grad(f) wrt(' + ', '.join(['x[n]'] * 3000) + ')')"
quiet "wrt(x[n]) 3000 times" 60 repeats.c
if [ "$rc" -eq 0 ] && grep -q "warning: 'x' is listed 3000 times in wrt(...); the repeats are ignored" repeats.c.log \
    && [ "$(grep -c 'warning:' repeats.c.log)" -eq 1 ] && [ "$(echo "$secs < 10" | bc)" = 1 ]; then
    check_ok "wrt(x[n]) 3000 times: one warning with the count, exit 0, in ${secs}s"
else
    check_bad "wrt(x[n]) 3000 times: want one warning, exit 0, under 10 s"
fi

# --- 3000 unknown names: 20 errors, then stop
gen unknown.c "print('''$head'''); print('#pragma ad grad(f) wrt(' + ', '.join('q%d' % i for i in range(3000)) + ')')"
quiet "3000 unknown names" 60 unknown.c
if [ "$rc" -eq 1 ] && [ "$errs" -eq 20 ] && grep -q '^cc-ad: error: too many errors emitted, stopping now$' unknown.c.log \
    && [ "$bytes" -lt 20000 ]; then
    check_ok "3000 unknown names: 20 errors, 'too many errors emitted', exit 1, $bytes bytes"
else
    check_bad "3000 unknown names: want 20 errors and the stop message in under 20 kB, exit 1"
fi

# --- deep statement nesting: a located error, never a signal
nested() {  # nested FILE KIND: 6000 levels of KIND (if, brace, else)
    gen "$1" "
n = 6000
print('double f(double x) {\n  double s = x;')
for i in range(n):
    print({'if': 'if (s > -1e300)', 'brace': 'if (s > -1e300) {', 'else': 'if (s < %d) s = s * x; else' % -i}['$2'])
print('s = s * x;')
if '$2' == 'brace': print('}' * n)
print('  return s;\n}\n#pragma ad grad(f)')"
    quiet "6000 nested ($2)" 120 "$1"
    # EXPECT-DIAG: stmt_too_deep
    if [ "$rc" -eq 1 ] && grep -q "^$1:[0-9]*:[0-9]*: error: statements nested more than 1024 levels deep" "$1.log" \
        && grep -q '^ *\^' "$1.log"; then
        check_ok "6000 nested ($2): a located error with a caret, exit 1"
    else
        check_bad "6000 nested ($2): want 'statements nested more than 1024 levels deep' with a location, exit 1"
    fi
}
nested deep_if.c if
nested deep_brace.c brace
nested deep_else.c else

# --- x*x*...*x: linear
gen prod.c "print('double f(double x) {\n  return ' + '*'.join(['x'] * 20000) + ';\n}\n#pragma ad grad(f)')"
quiet "x*...*x, 20000 factors" 120 prod.c
out=$(wc -c < prod.ad.c 2> /dev/null || echo 0)
if [ "$rc" -eq 0 ] && [ "$out" -lt 20000000 ]; then
    check_ok "x*...*x, 20000 factors: exit 0 in ${secs}s, $out bytes of code"
else
    check_bad "x*...*x, 20000 factors: want exit 0 and under 20 MB of code (got $out bytes)"
fi
gen prod2k.c "print('double f(double x) {\n  return ' + '*'.join(['x'] * 2000) + ';\n}\n#pragma ad grad(f)')"
quiet "x*...*x, 2000 factors" 60 prod2k.c
cat > prod2k_main.c <<'EOF'
#include <math.h>
#include <stdio.h>
#include "prod2k.ad.h"
int main(void) {
    double x = 1.0001, g = 0, want = 2000 * pow(x, 1999);
    double y = f_grad(x, &g);
    printf("f = %.17g (want %.17g), f' = %.17g (want %.17g)\n", y, pow(x, 2000), g, want);
    return fabs(g - want) <= 1e-9 * want && fabs(y - pow(x, 2000)) <= 1e-9 * y ? 0 : 1;
}
EOF
[ "$rc" -eq 0 ] && check_run "x*...*x, 2000 factors" prod2k.c prod2k_main.c

# --- deep parentheses and unary chains
gen parens.c "print('double f(double x) {\n  return ' + '(' * 10000 + 'x' + ')' * 10000 + ' * x;\n}\n#pragma ad grad(f)')"
quiet "10000 nested parentheses" 120 parens.c
cat > parens_main.c <<'EOF'
#include <math.h>
#include <stdio.h>
#include "parens.ad.h"
int main(void) {
    double g = 0, y = f_grad(1.5, &g);
    printf("f = %g (want 2.25), f' = %g (want 3)\n", y, g);
    return y == 2.25 && g == 3.0 ? 0 : 1;
}
EOF
if [ "$rc" -eq 0 ]; then check_run "10000 nested parentheses" parens.c parens_main.c
else check_bad "10000 nested parentheses: want exit 0"; fi
gen minus.c "print('double f(double x) {\n  return ' + '- ' * 50000 + 'x * x;\n}\n#pragma ad grad(f)')"
quiet "50000 unary minus signs" 120 minus.c
if [ "$rc" -eq 0 ]; then check_ok "50000 unary minus signs: exit 0 in ${secs}s"
else check_bad "50000 unary minus signs: want exit 0"; fi

finish
