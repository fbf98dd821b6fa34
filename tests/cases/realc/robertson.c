// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/robertson_bdf: implicit Euler on the stiff Robertson kinetics,
** each step solved by Newton's method with a dense LU (partial pivoting,
** row swaps through a permutation vector, as Numerical Recipes' ludcmp/lubksb
** do) and a data-dependent Newton loop (converged when the update norm is
** below tol, at most 20 iterations). Rate constants k[3] are the inputs,
** y(T)[0] + 2 y(T)[1] weighted sum the output.
** Oracles: grad against central differences in log k (h relative), jvp dot
** grad (1e-12), jacfwd vs jacrev of the full final state.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NEQ 3
static void rhs(const double *k, const double *y, double *f)
{
    f[0] = -k[0] * y[0] + k[2] * y[1] * y[2];
    f[1] = k[0] * y[0] - k[2] * y[1] * y[2] - k[1] * y[1] * y[1];
    f[2] = k[1] * y[1] * y[1];
}
static void jac(const double *k, const double *y, double J[NEQ][NEQ])
{
    J[0][0] = -k[0]; J[0][1] = k[2] * y[2]; J[0][2] = k[2] * y[1];
    J[1][0] = k[0]; J[1][1] = -k[2] * y[2] - 2.0 * k[1] * y[1]; J[1][2] = -k[2] * y[1];
    J[2][0] = 0.0; J[2][1] = 2.0 * k[1] * y[1]; J[2][2] = 0.0;
}
static int ludcmp(double a[NEQ][NEQ], int n, int *indx)
{
    for (int j = 0; j < n; j++) {
        int imax = j; double big = fabs(a[j][j]);
        for (int i = j + 1; i < n; i++) if (fabs(a[i][j]) > big) { big = fabs(a[i][j]); imax = i; }
        if (big == 0.0) return -1;
        if (imax != j) for (int c = 0; c < n; c++) { double t = a[j][c]; a[j][c] = a[imax][c]; a[imax][c] = t; }
        indx[j] = imax;
        for (int i = j + 1; i < n; i++) {
            a[i][j] /= a[j][j];
            for (int c = j + 1; c < n; c++) a[i][c] -= a[i][j] * a[j][c];
        }
    }
    return 0;
}
static void lubksb(double a[NEQ][NEQ], int n, const int *indx, double *b)
{
    for (int j = 0; j < n; j++) if (indx[j] != j) { double t = b[j]; b[j] = b[indx[j]]; b[indx[j]] = t; }
    for (int i = 0; i < n; i++) for (int j = 0; j < i; j++) b[i] -= a[i][j] * b[j];
    for (int i = n - 1; i >= 0; i--) { for (int j = i + 1; j < n; j++) b[i] -= a[i][j] * b[j]; b[i] /= a[i][i]; }
}
/* one implicit Euler step: solve z - y - h f(z) = 0 */
static int beuler_step(const double *k, double h, const double *y, double *z)
{
    double A[NEQ][NEQ], r[NEQ], J[NEQ][NEQ], f[NEQ];
    int indx[NEQ], it;
    memcpy(z, y, NEQ * sizeof(double));
    for (it = 0; it < 20; it++) {
        rhs(k, z, f);
        jac(k, z, J);
        for (int i = 0; i < NEQ; i++) {
            r[i] = -(z[i] - y[i] - h * f[i]);
            for (int j = 0; j < NEQ; j++) A[i][j] = (i == j ? 1.0 : 0.0) - h * J[i][j];
        }
        if (ludcmp(A, NEQ, indx)) return -1;
        lubksb(A, NEQ, indx, r);
        double nrm = 0.0;
        for (int i = 0; i < NEQ; i++) { z[i] += r[i]; nrm += r[i] * r[i]; }
        if (sqrt(nrm) < 1e-13) break;
    }
    return it;
}
void robertson(const double *k, int nsteps, double tend, double *yout)
{
    double y[NEQ] = {1.0, 0.0, 0.0}, z[NEQ];
    double h = tend / nsteps;
    for (int s = 0; s < nsteps; s++) {
        beuler_step(k, h, y, z);
        memcpy(y, z, sizeof y);
    }
    memcpy(yout, y, sizeof y);
}
double robertson_obj(const double *k, int nsteps, double tend)
{
    double y[NEQ];
    robertson(k, nsteps, tend, y);
    return y[0] + 1e4 * y[1] + 0.5 * y[2];
}
#pragma ad grad(robertson_obj) wrt(k[3])
#pragma ad jvp(robertson_obj) wrt(k)
#pragma ad jacfwd(robertson) wrt(k[3]) out(yout[3])
#pragma ad jacrev(robertson) wrt(k[3]) out(yout[3])
#include "robertson.ad.h"

int main(void)
{
    double k[3] = {0.04, 3e7, 1e4};
    int ns = 40; double T = 4.0;
    double g[3], base = robertson_obj(k, ns, T);
    double val = robertson_obj_grad(k, g, ns, T);
    CHECK_CLOSE("primal", val, base, 0, 0);
    for (int i = 0; i < 3; i++) {
        double kp[3], km[3]; memcpy(kp, k, sizeof k); memcpy(km, k, sizeof k);
        double hh = 1e-6 * k[i]; kp[i] += hh; km[i] -= hh;
        double fd = (robertson_obj(kp, ns, T) - robertson_obj(km, ns, T)) / (2 * hh);
        char lab[32]; snprintf(lab, sizeof lab, "grad[%d]", i);
        /* relative step 1e-6: truncation ~1e-12*f''' k^2, rounding ~eps|f|/h; scale by k_i */
        CHECK_CLOSE(lab, g[i] * k[i], fd * k[i], 1e-6, 1e-9 * fabs(base));
    }
    double v[3] = {0.3 * k[0], -0.2 * k[1], 0.7 * k[2]}, jv;
    robertson_obj_jvp(k, v, ns, T, &jv);
    CHECK_CLOSE("jvp.grad", jv, oracle_dot(g, v, 3), 1e-12, 0);
    double Jf[9], Jr[9];
    robertson_jacfwd(k, ns, T, (double[3]){0}, Jf);
    robertson_jacrev(k, ns, T, (double[3]){0}, Jr);
    for (int i = 0; i < 9; i++) CHECK_CLOSE("jacfwd=jacrev", Jf[i], Jr[i], 1e-10, 1e-14 * (fabs(Jf[i]) + 1e-300));
    return oracle_result();
}
