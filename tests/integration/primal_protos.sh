#!/usr/bin/env bash
# primal_protos.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# FILE.ad.h declares the functions of FILE.c that requests derive from
# (issue 14), so a driver that calls both f and f_grad includes FILE.ad.h
# alone. model.c declares its array parameters as arrays (x[static 3],
# M[n][4], a typedef'd vec3, z[]), which the header must repeat as written:
# gcc's -Warray-parameter (in -Wall) rejects a prototype that says pointer.
# Checks, with gcc and clang (where installed) at -Wall -Wextra -Werror:
#   1. main.c, which includes only model.ad.h, compiles, links and prints
#      model's value from both functions;
#   2. model.c including its own model.ad.h after its definitions compiles;
#   3. a static function and a K&R-style one get no prototype;
#   4. with -o naming another file (deriv.c), the generated deriv.c does not
#      include model_self.ad.h, the header model_self.c includes (which
#      that run does not write), and compiles;
#   5. model.c including its own header compiles under -std=c99 -pedantic
#      too (C99 forbids repeating FILE.c's typedef vec3).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init primal_protos "$@"
runtime=${CCAD_RUNTIME:-$build_dir/runtime/libccad.a}

cd "$work"
cat > model.c <<'C'
#include <math.h>

typedef double vec3[3];

static double sq(double v) { return v * v; }

double old_style() { return 2.0; }

double model(int n, const double x[static 3], double M[n][4], const vec3 w, float z[], double *y)
{
    double s = old_style();
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            s += M[i][j] * sin(x[j % 3]) * w[j % 3] + z[0];
    *y = s;
    return sq(s);
}

#pragma ad grad(model) wrt(x[3], M[n][4])
#pragma ad jvp(sq)
C
cat > main.c <<'C'
#include <stdio.h>
#include "model.ad.h"

int main(void)
{
    double x[3] = {0.1, 0.2, 0.3}, M[2][4] = {{1, 0, 0, 1}, {0.5, 0.5, 0.5, 0.5}}, w[3] = {1, 2, 3};
    double gx[3], gM[2][4], y;
    float z[1] = {0.25f};
    double a = model(2, x, M, w, z, &y);
    double b = model_grad(2, x, gx, M, gM, w, z, &y);
    printf("%.17g %.17g\n", a, b);
    return a == b ? 0 : 1;
}
C
cp model.c model_self.c
echo '#include "model_self.ad.h"' >> model_self.c
must ccad.log "$ccad" model.c -- -std=c11
must ccad_self.log "$ccad" model_self.c -- -std=c11
mkdir -p other
must ccad_other.log "$ccad" model_self.c -o other/deriv.c -- -std=c11
if grep -q 'model_self.ad.h' other/deriv.c other/deriv.h; then check_bad "-o other/deriv.c includes model_self.ad.h"; show other/deriv.c; else
    check_ok "-o other/deriv.c: no include of model_self.ad.h"; fi
grep -q "^double model(int n, const double x\[static 3\], double M\[n\]\[4\], const vec3 w, float z\[\], double \*y);" model.ad.h &&
    check_ok "model.ad.h declares model with its array parameters as written" ||
    { check_bad "model.ad.h lacks model's prototype as written"; show model.ad.h; }
if grep -q "sq(\|old_style" model.ad.h; then check_bad "a static or K&R function declared"; show model.ad.h; else
    check_ok "no prototype of the static sq nor of the K&R old_style"; fi
# (a sanitizer build's runtime links with its flags, and with its compiler only)
compilers=("${CC:-cc}")
[ -n "${CCAD_EXTRA_CFLAGS:-}" ] || compilers+=(clang)
for cc in "${compilers[@]}"; do
    command -v "$cc" > /dev/null || continue
    # shellcheck disable=SC2206
    flags=(-std=c11 -Wall -Wextra -Werror -Wno-unknown-pragmas -I "$source_dir/include" ${CCAD_EXTRA_CFLAGS:-})
    if run_logged build.log "$cc" "${flags[@]}" main.c model.c model.ad.c "$runtime" -lm -o prog &&
       [ "$rc" -eq 0 ] && ./prog > out.txt; then
        check_ok "$cc: main.c with model.ad.h alone builds and runs ($(cat out.txt))"
    else
        check_bad "$cc: main.c with model.ad.h alone"
    fi
    run_logged self.log "$cc" "${flags[@]}" -c model_self.c -o model_self.o
    [ "$rc" -eq 0 ] && check_ok "$cc: model.c including its own header" || check_bad "$cc: model.c including its own header"
    run_logged c99.log "$cc" "${flags[@]}" -std=c99 -pedantic -c model_self.c -o model_self.o
    [ "$rc" -eq 0 ] && check_ok "$cc: -std=c99 -pedantic, model.c including its own header" ||
        { check_bad "$cc: -std=c99 -pedantic, model.c including its own header"; show c99.log; }
    run_logged other.log "$cc" "${flags[@]}" -c other/deriv.c -o deriv.o
    [ "$rc" -eq 0 ] && check_ok "$cc: -o other/deriv.c compiles" || { check_bad "$cc: -o other/deriv.c"; show other.log; }
done
finish
