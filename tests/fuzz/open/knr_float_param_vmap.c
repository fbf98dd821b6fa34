/* OPEN (probe8): SILENTLY WRONG: a K&R definition with a float parameter,
** `double fk(a, b) float a; double b; {...}`, is called by f_vmap through
** the prototype `double fk(float a, double b);` that cc-ad writes in
** FILE.ad.h/FILE.ad.c. A K&R function receives its float argument promoted
** to double, so the call passes it in the wrong form: fk_vmap returns 0
** where fk gives a*sin(b) (want 0.3221, got 0), with no warning at any step.
** K&R definitions are C99/C11 (obsolescent, not removed); contract section
** 1: "cc-ad reads one C translation unit (C99/C11 ...)", section 3: vmap
** "Element b of the result is what a call of FUNC on element b of the
** inputs gives" (manual); section 4: "The tool never emits code that
** silently computes a wrong derivative". Expected: f_vmap right (declare the
** original with its promoted parameter types, double fk(double, double), or
** without a prototype, or call a copy), or an error at the K&R definition.
** This case does not include FILE.ad.h (see knr_header_conflict.c).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w knr_float_param_vmap.c */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include "ccad_oracle.h"

double fk(a, b)
    float a;
    double b;
{
    return a * sin(b);
}

#pragma ad vmap(fk) batch(a, b)

void fk_vmap(int batch, const float *a, const double *b, double *ret);

int main(void)
{
    float a[2] = {0.5f, 1.5f};
    double b[2] = {0.7, -0.2}, r[2];
    fk_vmap(2, a, b, r);
    for (int k = 0; k < 2; k++)
        CHECK_CLOSE("fk_vmap", r[k], a[k] * sin(b[k]), 1e-7, 0);
    return oracle_result();
}
