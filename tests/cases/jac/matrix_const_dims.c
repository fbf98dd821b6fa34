/* jac/matrix_const_dims (probe5): jacfwd, jacrev and hessian of functions
** whose parameters have constant dimensions, const double a[2][3] and
** double r[2][3] (the VLA form X[n][p] was right: jac/matrix_param). The
** drivers sized their lane buffers by the outer dimension (double
** d_a[2][2] for 6 x 2 lanes) and kept r's old values in 6 rows of
** sizeof(*r) bytes copied into keep_r[2][3]: stack buffer overflows
** (wrong values or a crash; gcc -O1 -Werror failed on them). Matrix
** parameters' lane buffers now go to the heap like the VLA form's, and the
** kept copy counts rows. Oracle: the closed forms below, entry by entry. */
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

#include "matrix_const_dims.ad.h"

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
