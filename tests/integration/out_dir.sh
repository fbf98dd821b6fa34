#!/usr/bin/env bash
# out_dir.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# cc-ad -o into another directory than FILE.c's (contract section 1: the
# generated .ad.c "compiles on its own with the same flags"): src/model.c
# includes "params.h" and "sub/tab.h" from beside itself, which the
# compiler finds in the includer's directory, with no -I. FILE.ad.c and
# FILE.ad.h, written to out/ and to out/deep/er/, must spell those includes
# relative to their own directory; a header found through -I (inc/) keeps
# its spelling, and so does everything when the output sits beside FILE.c.
# They were copied as FILE.c spells them, and out/model.ad.c did not
# compile with model.c's flags. The program built from out/ (main.c in yet
# another directory includes the header) checks the gradient.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init out_dir "$@"
runtime=${CCAD_RUNTIME:-}
[ -n "$runtime" ] || runtime=$(find "$build_dir/runtime" -name libccad.a | head -n 1)
[ -f "$runtime" ] || fail "runtime library not found (set CCAD_RUNTIME): '$runtime'"

cd "$work"
mkdir -p src/sub inc out/deep/er app
cat > src/params.h <<'EOF'
#ifndef PARAMS_H
#define PARAMS_H
typedef struct Params { double a, b; } Params;
#endif
EOF
cat > src/sub/tab.h <<'EOF'
#ifndef TAB_H
#define TAB_H
#define NTAB 2
#endif
EOF
cat > inc/scale.h <<'EOF'
#ifndef SCALE_H
#define SCALE_H
#define SCALE 2.0
#endif
EOF
cat > src/model.c <<'EOF'
#include <math.h>
#include "params.h"
#include "sub/tab.h"
#include "scale.h"
double model(const Params *p, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += SCALE * p->a * sin(p->b * x[i]) / NTAB;
    return s;
}
#pragma ad grad(model) wrt(p[1], x[n])
EOF
cat > app/main.c <<'EOF'
#include <math.h>
#include <stdio.h>
#include "model.ad.h"
int main(void)
{
    Params p = {1.5, 0.5}, pb;
    double x[2] = {0.2, 0.4}, xb[2];
    model_grad(&p, &pb, x, xb, 2);
    double want = 1.5 * 0.5 * cos(0.1);   /* SCALE / NTAB * a * b * cos(b x0) */
    printf("%.17g %.17g\n", xb[0], want);
    return fabs(xb[0] - want) < 1e-14 ? 0 : 1;
}
EOF
# (a sanitizer build's runtime links with its flags)
# shellcheck disable=SC2206
flags=(-std=c11 -Wall -Wextra -Werror -Wno-unknown-pragmas -I inc -I "$source_dir/include" ${CCAD_EXTRA_CFLAGS:-})
for out in out/model.ad.c out/deep/er/model.ad.c src/model.ad.c; do
    must ccad.log "$ccad" -o "$out" src/model.c -- -std=c11 -I inc
    dir=$(dirname "$out")
    rel=$(realpath --relative-to="$dir" src)
    for f in "$out" "${out%.c}.h"; do
        if grep -qx "#include \"$( [ "$dir" = src ] && echo params.h || echo "$rel/params.h")\"" "$f" &&
           grep -qx "#include \"$( [ "$dir" = src ] && echo sub/tab.h || echo "$rel/sub/tab.h")\"" "$f" &&
           grep -qx '#include "scale.h"' "$f"; then
            check_ok "$f: includes found beside model.c relative to $dir, scale.h as written"
        else
            check_bad "$f: include lines"
            grep '#include' "$f"
        fi
    done
    # the same flags as model.c's compile, and a program in app/
    if run_logged build.log "${CC:-cc}" "${flags[@]}" -I "$dir" src/model.c "$out" app/main.c "$runtime" -lm -o prog &&
       [ "$rc" -eq 0 ] && ./prog > run.txt; then
        check_ok "$out compiles with model.c's flags; gradient right ($(cat run.txt))"
    else
        check_bad "$out: build or run"
    fi
done
finish
