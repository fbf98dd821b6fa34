#!/usr/bin/env bash
# line_directives.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# #line in the generated code (issue 5, item 5): a diagnostic of the C
# compiler about generated code names the user's source line.
# model.c (written into a temporary directory) has three marked statements
# in the differentiated loop:
#   NARROW  float t = x[i] * 0.5;   an implicit double -> float conversion
#   USE     s += t * x[i];          its adjoint, t_bar += ..., narrows too
#   SINE    s += sin(x[i]);         the only sin/cos of the function
# Checks:
#   1. the generated model.ad.c has `#line N "model.c"` directives (`#line N`
#      while the file stays model.c), each N inside the function, among them
#      the lines of the three statements;
#   2. following the directives as the compiler does (after `#line N`, the
#      next line is N, the one after it N + 1, ...), every generated line
#      that computes sin(x[i]) or cos(x[i]) is at SINE, and every line with
#      the constant 0.5 (x[i] * 0.5 and its adjoint) is at NARROW;
#   3. compiling model.ad.c with -Wfloat-conversion gives warnings, all at
#      model.c:NARROW or model.c:USE, one at NARROW;
#   4. with --no-line there is no #line directive.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init line_directives "$@"
include_dir=$source_dir/include

cd "$work"
cat > model.c <<'EOF'
#include <math.h>

#pragma ad grad(loss) wrt(x[n])
double loss(const double *x, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        float t = x[i] * 0.5; /* NARROW */
        s += t * x[i];        /* USE */
        s += sin(x[i]);       /* SINE */
    }
    return s;
}
EOF
line_of() { grep -n -F "$1" model.c | head -n 1 | cut -d: -f1; }
l_narrow=$(line_of '/* NARROW */')
l_use=$(line_of '/* USE */')
l_sine=$(line_of '/* SINE */')
l_first=$(line_of 'double loss(')
l_last=$(wc -l < model.c)
echo "$name: model.c: NARROW at $l_narrow, USE at $l_use, SINE at $l_sine, loss at $l_first..$l_last"

must "$work/ccad.log" "$ccad" model.c
show model.ad.c

# 1. the directives
# the file a directive without a name keeps is the one named before
awk '/^#line [0-9]+/ { if (NF > 2) f = $3; if (f == "\"model.c\"") print $2 }' model.ad.c > lines.txt
[ -s lines.txt ] || fail "model.ad.c has no #line N \"model.c\" directive"
bad_lines=$(awk -v a="$l_first" -v b="$l_last" '$1 < a || $1 > b' lines.txt | sort -un | tr '\n' ' ')
if [ -z "$bad_lines" ]; then
    check_ok "every #line N \"model.c\" has N inside loss ($l_first..$l_last)"
else
    check_bad "#line directives name lines outside loss ($l_first..$l_last): $bad_lines"
fi
for l in "$l_narrow" "$l_use" "$l_sine"; do
    if grep -q -x "$l" lines.txt; then
        check_ok "there is a #line $l \"model.c\""
    else
        check_bad "no #line $l \"model.c\" for the statement at model.c:$l"
    fi
done

# 2. where each generated line lands, as the compiler counts
awk '
    FNR == 1 { f = FILENAME; n = 1 }
    /^#line [0-9]+/ { n = $2; if (NF > 2) { f = $3; gsub(/"/, "", f) } next }
    { print f ":" n ":" $0; n++ }
' model.ad.c > mapped.txt
echo "--- model.ad.c lines with the source line the compiler gives them:"
sed 's/^/  | /' mapped.txt
check_mapped() { # PATTERN WANT-LINE WHAT
    local wrong
    wrong=$(grep -E "^[^:]*:[0-9]+:.*$1" mapped.txt | grep -v -E "^model\.c:$2:" || true)
    if ! grep -q -E "^[^:]*:[0-9]+:.*$1" mapped.txt; then
        check_bad "test setup: no generated line matches $1"
    elif [ -z "$wrong" ]; then
        check_ok "every generated line with $3 is at model.c:$2"
    else
        check_bad "generated lines with $3 are not at model.c:$2 but at:"
        printf '    %s\n' "$wrong" >&2
    fi
}
check_mapped '(sin|cos)\(x\[i\]\)' "$l_sine" 'sin(x[i]) or cos(x[i])'
check_mapped '0\.5' "$l_narrow" 'the constant 0.5'

# 3. the compiler's warnings about the generated code
run_logged "$work/cc.log" "$CC" -std=c11 -c -Wfloat-conversion -I "$work" -I "$include_dir" \
    model.ad.c -o model.ad.o
[ "$rc" -eq 0 ] || fail "model.ad.c does not compile"
grep -E ':[0-9]+:[0-9]+: warning:' "$work/cc.log" | sed -E 's/^([^:]*:[0-9]+):.*/\1/' | sort -u > warned.txt
[ -s warned.txt ] || fail "test setup: $CC gives no -Wfloat-conversion warning for model.ad.c"
wrong=$(grep -v -x -E "model\.c:($l_narrow|$l_use)" warned.txt || true)
if [ -z "$wrong" ]; then
    check_ok "the compiler's warnings about model.ad.c are at model.c:$l_narrow or model.c:$l_use"
else
    check_bad "the compiler's warnings about model.ad.c are at ${wrong//$'\n'/ }, want model.c:$l_narrow or model.c:$l_use only"
fi
if grep -q -x "model.c:$l_narrow" warned.txt; then
    check_ok "the double -> float conversion is reported at model.c:$l_narrow"
else
    check_bad "no warning at model.c:$l_narrow, the line of the double -> float conversion"
fi

# 4. --no-line
mkdir -p noline
must "$work/ccad-noline.log" "$ccad" --no-line model.c -o noline/model.ad.c
if grep -q '^#line' noline/model.ad.c; then
    check_bad "--no-line output has #line directives"
else
    check_ok "--no-line output has no #line directive"
fi

finish
