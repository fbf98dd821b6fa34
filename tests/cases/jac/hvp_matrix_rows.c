// CFLAGS: -O2
/* hessian and hvp over x[n], a scalar and a matrix M[n][PP] declared without const
** (double M[NN][PP]): hvp passed its const direction M_v straight to the sweep,
** whose M_dot is not const (-Wdiscarded-array-qualifiers); it now gets a copy, as
** a 1-D input does. Helpers with an early return and a while loop, malloc scratch,
** 1-based loops. Compiled with -O2, where gcc took the jacfwd sweep's
** double (*M_dot)[2][16] reads of the driver's flat lane buffer, passed as
** (void *)d_M, for reads past an object of its type (-Warray-bounds): the
** sweep now gets the allocation as calloc returned it. Oracles: H column
** by column against hvp, and central differences of grad. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

#define NN 3
#define PP 2

static double softplus(double t)
{
    if (t > 30.0)
        return t;
    return log1p(exp(t));
}

static double rownorm(const double *row, int p)
{
    double s = 0.0;
    int j = 0;
    while (j < p) {
        s += row[j] * row[j];
        j++;
    }
    return sqrt(s + 1e-3);
}

double energy(const double *x, double a, double M[NN][PP], int n, int p)
{
    double *t = malloc(n * sizeof(double));
    double e = 0.0;
    for (int i = 1; i <= n; i++) {
        t[i - 1] = a * x[i - 1] + rownorm(M[i - 1], p);
    }
    int k = 0;
    while (k < n && t[k] < 50.0) {
        e += softplus(t[k]) * x[k];
        k++;
    }
    e += a * a * M[0][1];
    free(t);
    return e;
}

#pragma ad grad(energy) wrt(x[n], a, M[n][PP])
#pragma ad hessian(energy) wrt(x[n], a, M[n][PP])
#pragma ad hvp(energy) wrt(x[n], a, M[n][PP])

#include "hvp_matrix_rows.ad.h"

#define NV (NN + 1 + NN * PP)
static void pack(double *v, const double *x, double a, double M[NN][PP])
{
    for (int i = 0; i < NN; i++) v[i] = x[i];
    v[NN] = a;
    for (int i = 0; i < NN; i++) for (int j = 0; j < PP; j++) v[NN + 1 + i * PP + j] = M[i][j];
}
static void unpack(const double *v, double *x, double *a, double M[NN][PP])
{
    for (int i = 0; i < NN; i++) x[i] = v[i];
    *a = v[NN];
    for (int i = 0; i < NN; i++) for (int j = 0; j < PP; j++) M[i][j] = v[NN + 1 + i * PP + j];
}
static void gradv(const double *v, double *g)
{
    double x[NN], a, M[NN][PP], xb[NN], ab = 0, Mb[NN][PP];
    unpack(v, x, &a, M);
    energy_grad(x, xb, a, &ab, M, Mb, NN, PP);
    pack(g, xb, ab, Mb);
}

int main(void)
{
    double v[NV] = {0.3, -0.7, 1.1, 0.8, 0.5, -0.2, 0.9, 0.4, -1.3, 0.6};
    double x[NN], a, M[NN][PP];
    unpack(v, x, &a, M);
    double H[NV * NV];
    double e = energy_hessian(x, a, M, NN, PP, H);
    CHECK_CLOSE("primal", e, energy(x, a, M, NN, PP), 1e-14, 0);
    for (int c = 0; c < NV; c++) {
        double vp[NV], vm[NV], gp[NV], gm[NV];
        double h = 1e-5;
        for (int i = 0; i < NV; i++) vp[i] = vm[i] = v[i];
        vp[c] += h; vm[c] -= h;
        gradv(vp, gp); gradv(vm, gm);
        double dir[NV] = {0};
        dir[c] = 1;
        double xv[NN], av, Mv[NN][PP], xhv[NN], ahv, Mhv[NN][PP], col[NV];
        unpack(dir, xv, &av, Mv);
        energy_hvp(x, xv, xhv, a, av, &ahv, M, Mv, Mhv, NN, PP);
        pack(col, xhv, ahv, Mhv);
        for (int r = 0; r < NV; r++) {
            char lab[64];
            snprintf(lab, sizeof lab, "H[%d][%d] fd", r, c);
            CHECK_CLOSE(lab, H[r * NV + c], (gp[r] - gm[r]) / (2 * h), 1e-6, 1e-7);
            snprintf(lab, sizeof lab, "H[%d][%d] hvp", r, c);
            CHECK_CLOSE(lab, H[r * NV + c], col[r], 1e-12, 1e-14);
        }
    }
    return oracle_result();
}
