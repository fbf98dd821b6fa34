// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_guarded_rows: a parallel loop over rows x = inp + b * C whose
** body has a cutoff `if (r > 0.05) { w = sqrt(r); l = log(r); ... } else
** { v = 1 / (r * r); ... }` on r = cut[b] - a (memory the loop does not
** write) (probe20): the backward iteration sets the arm's locals again
** under the condition evaluated again (adjoint_recompute.c, guard_again),
** so sqrt and log of r <= 0.05 are never evaluated; the reads x[0], x[1]
** beside the row loop make inp_bar's rows apart only where C >= 2, a
** run-time test (omp_rows_apart_cond). r takes both signs over the rows.
** Oracles: no FE_INVALID / FE_DIVBYZERO (the original raises none), J^T w
** against central differences of <w, f(x)>, 1 to 4 threads (TSan twin).
*/
#include <fenv.h>
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

/* a cutoff kernel: rows of inp at i * C, the guard on a parameter array the
 * loop does not write, else arm dividing */
void layer(double *out, const double *inp, const double *cut, double a, int B, int C)
{
#pragma omp parallel for
    for (int b = 0; b < B; b++) {
        const double *x = inp + b * C;
        double s = 0.0;
        for (int i = 0; i < C; i++) s += x[i] * x[i];
        double r = cut[b] - a;
        if (r > 0.05) {
            double w = sqrt(r);
            double l = log(r);
            out[b] = s * w + l * x[0];
        } else {
            double v = 1.0 / (r * r);
            out[b] = s + (r < 0.0 ? v * 0.001 * x[1] : x[1]);
        }
    }
}

enum { B = 12, C = 4, NX = B * C + 1 };
#pragma ad vjp(layer) wrt(inp[B*C], a) out(out[B])
#include "omp_guarded_rows.ad.h"

static double cut[B], W[B];
static double loss(const double *xa)
{
    double out[B];
    layer(out, xa, cut, xa[B * C], B, C);
    return oracle_dot(out, W, B);
}

int main(void)
{
    OracleRng r = oracle_rng(31);
    double xa[NX], g[NX], want[NX];
    oracle_fill_uniform(&r, xa, NX, -1.0, 1.0);
    oracle_fill_normal(&r, W, B);
    for (int b = 0; b < B; b++) cut[b] = 0.3 * (b % 5) - 0.45;
    xa[B * C] = 0.2;
    cut[3] = 0.5;
    feclearexcept(FE_ALL_EXCEPT);
    loss(xa);
    CHECK_TRUE("the original raises no FE_INVALID, FE_DIVBYZERO", !fetestexcept(FE_INVALID | FE_DIVBYZERO));
    for (int j = 0; j < NX; j++) {
        double xp[NX];
        memcpy(xp, xa, sizeof xp);
        double h = oracle_fd_step(xa[j], DBL_EPSILON);
        xp[j] += h;
        double fp = loss(xp);
        xp[j] = xa[j] - h;
        want[j] = (fp - loss(xp)) / (2 * h);
    }
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        double out[B], ob[B];
        memcpy(ob, W, sizeof ob);
        memset(g, 0, sizeof g);
        feclearexcept(FE_ALL_EXCEPT);
        layer_vjp(out, ob, xa, g, cut, xa[B * C], &g[B * C], B, C);
        CHECK_TRUE("no FE_INVALID, FE_DIVBYZERO (sqrt, log of r <= 0.05 not evaluated)", !fetestexcept(FE_INVALID | FE_DIVBYZERO));
        CHECK_VEC_CLOSE("layer: J^T w vs differences", g, want, NX, ORACLE_RTOL_FD, 1e-9);
    }
    return oracle_result();
}
