// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_rows_sweeps: a serial loop of passes around a parallel loop over
** rows x[i * ld + j], j < n, with the stride shrinking after each pass
** (ld = n + 1 or n + 2 down to n - 1: apart in the first passes,
** overlapping in the last), y read and written by its own iteration
** (probe20). The backward loop's run-time test (omp_rows_apart_cond,
** ld >= n) must see each pass's ld again: plain accumulation into x_bar
** where it holds, per-thread copies where not. Oracles: J^T w against
** central differences of <w, f(x, y)> (on one thread), 1 to 4 threads,
** 20 calls each; TSan twin.
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

/* a serial sweep around a parallel loop whose stride shrinks each pass:
 * rows apart in the first passes, overlapping in the last */
void sweeps(double *y, const double *x, int m, int n, int ld, int P)
{
    for (int p = 0; p < P; p++) {
#pragma omp parallel for
        for (int i = 0; i < m; i++) {
            double s = 0.0;
            for (int j = 0; j < n; j++) s += sin(x[i * ld + j] + y[i]);
            y[i] = 0.5 * y[i] + s;
        }
        ld = ld - 1;
    }
}

enum { M = 7, N = 3, NX = 64 };
#pragma ad vjp(sweeps) wrt(x[NX], y[M]) out(y[M])
#include "omp_rows_sweeps.ad.h"

static double W[M];
static int LD;
static double loss(const double *xy)
{
    double y[M];
    memcpy(y, xy + NX, sizeof y);
    sweeps(y, xy, M, N, LD, 3);
    return oracle_dot(y, W, M);
}

int main(void)
{
    OracleRng r = oracle_rng(41);
    double xy[NX + M], want[NX + M], g[NX + M];
    oracle_fill_uniform(&r, xy, NX + M, -1.0, 1.0);
    oracle_fill_normal(&r, W, M);
    for (LD = N + 1; LD <= N + 2; LD++) {
        omp_set_num_threads(1);
        for (int j = 0; j < NX + M; j++) {
            double xp[NX + M];
            memcpy(xp, xy, sizeof xp);
            double h = oracle_fd_step(xy[j], DBL_EPSILON);
            xp[j] += h;
            double fp = loss(xp);
            xp[j] = xy[j] - h;
            want[j] = (fp - loss(xp)) / (2 * h);
        }
        for (int th = 1; th <= 4; th++) {
            omp_set_num_threads(th);
            for (int rep = 0; rep < 20; rep++) {
                double y[M], yb[M];
                memcpy(y, xy + NX, sizeof y);
                memcpy(yb, W, sizeof yb);
                memset(g, 0, sizeof g);
                sweeps_vjp(y, yb, xy, g, M, N, LD, 3);
                memcpy(g + NX, yb, sizeof yb);
                CHECK_VEC_CLOSE("sweeps, stride shrinking per pass: J^T w vs differences", g, want, NX + M, ORACLE_RTOL_FD, 1e-9);
            }
        }
    }
    return oracle_result();
}
