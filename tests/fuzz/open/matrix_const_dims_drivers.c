/* OPEN (probe5): stack buffer overflow in the generated drivers (jacfwd,
** jacrev, hessian; memory corruption: wrong values or a crash depending on
** the stack), and -O2 -Wall -Werror fails on them. The parameter has
** array-of-array type with constant dimensions, const double a[2][3]
** (the VLA form X[n][p] works: jac/matrix_param):
**   s2_jacfwd:  double d_a[2][2] = {{0}};      (wants 6 x 2 lanes)
**               memset(d_a, 0, 6 * sizeof(*d_a));   d_a[j][lane] = 1.0 (j < 6)
**               s2_jacfwd_sweep_w2(a, (void *)d_a, ...) takes double (*)[3][2]
**   o2_jacfwd (out(r[2][3])): double keep_r[2][3];
**               memcpy(keep_r, r, 6 * sizeof(*r));  (6 rows of 3: 144 bytes
**               into 48)
**   hessian:    d_a / d_a_bar double[2][2] likewise.
** ASan: stack-buffer-overflow in memcpy; gcc -O2: "iteration 2 invokes
** undefined behavior", "memcpy forming offset [48, 143] is out of the
** bounds [0, 48] of object 'keep_r'". Found with a 2D heat stencil
** (evolve(const double u0[NX][NY], double r[NX][NY], ...), sparse jacrev
** and jacfwd, #define NX 3, NY 4). Expected: buffers of the flattened
** count (rows * cols) and sizes in elements of the innermost type.
** Where: the driver generator (tool/transform/jacobian.c), which sizes the
** lane and keep buffers from the parameter's outer dimension and
** sizeof(*p) (a row) instead of the flattened element count.
** Self-checking. run_case.sh fails at step 2 (the generated file warns
** under -O1 -Wall -Werror already); built without -Werror at -O0 it dies
** with SIGSEGV in s2_jacfwd, and ASan reports the stack-buffer-overflow:
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/matrix_const_dims_drivers.c
**   gcc -O0 -std=c11 -w -I /tmp/w -I include -I tests/oracle \
**     tests/fuzz/open/matrix_const_dims_drivers.c /tmp/w/matrix_const_dims_drivers.ad.c \
**     build/runtime/libccad.a -lm -o /tmp/m && /tmp/m                      */
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double s2(const double a[2][3])
{
    double s = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            s += a[i][j] * a[i][j] * a[0][0];
    return s;
}

void o2(const double *x, double r[2][3])
{
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            r[i][j] = x[j] * x[i];
}

#pragma ad jacfwd(s2) wrt(a[2][3])
#pragma ad jacrev(s2) wrt(a[2][3])
#pragma ad hessian(s2) wrt(a[2][3])
#pragma ad jacfwd(o2) wrt(x[3]) out(r[2][3])
#pragma ad jacrev(o2) wrt(x[3]) out(r[2][3])

#include "matrix_const_dims_drivers.ad.h"

int main(void)
{
    const double a[2][3] = {{0.5, -1.0, 2.0}, {0.25, 1.5, -0.75}};
    const double *f = &a[0][0];
    double g[6], J[6], H[36];
    /* s = a00 * S, S = sum a_ij^2: ds/da00 = S + 2 a00^2, ds/da_k = 2 a00 a_k */
    double S = 0.0;
    for (int k = 0; k < 6; k++) S += f[k] * f[k];
    for (int k = 0; k < 6; k++) g[k] = k == 0 ? S + 2.0 * f[0] * f[0] : 2.0 * f[0] * f[k];
    s2_jacfwd(a, J);
    CHECK_VEC_CLOSE("s2 jacfwd", J, g, 6, ORACLE_RTOL_EXACT, 1e-14);
    s2_jacrev(a, J);
    CHECK_VEC_CLOSE("s2 jacrev", J, g, 6, ORACLE_RTOL_EXACT, 1e-14);
    s2_hessian(a, H);
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
            double want = i == 0 && j == 0 ? 6.0 * f[0]
                        : i == 0 ? 2.0 * f[j] : j == 0 ? 2.0 * f[i] : i == j ? 2.0 * f[0] : 0.0;
            CHECK_CLOSE("s2 hessian", H[i * 6 + j], want, ORACLE_RTOL_EXACT, 1e-14);
        }
    double x[3] = {0.3, -0.7, 1.1}, r[2][3], Jo[18];
    for (int q = 0; q < 2; q++) {
        if (q == 0) o2_jacfwd(x, r, Jo); else o2_jacrev(x, r, Jo);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) {
                    double want = (k == j ? x[i] : 0.0) + (k == i ? x[j] : 0.0);
                    CHECK_CLOSE(q ? "o2 jacrev" : "o2 jacfwd", Jo[(i * 3 + j) * 3 + k], want, ORACLE_RTOL_EXACT, 1e-14);
                }
    }
    return oracle_result();
}
