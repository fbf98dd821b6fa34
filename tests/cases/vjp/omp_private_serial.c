// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_private_serial: private(t) and firstprivate(c) of variables
** declared outside a parallel loop whose body calls a function of the
** file, so that the reverse-mode sweeps run on one thread (a note says
** so). Run serially without the clauses, the loop changed the outer t,
** which f's parallel loop leaves as it was: grad returned another value
** than f and a wrong gradient. The loop is now lowered onto copies made
** for it (double t_2; Pt q_2 = q;), which keep the clauses' meaning on one
** thread too. Shapes: a scalar and an array set before the loop and read
** after it (private), a struct only read in the loop and another changed
** in it (firstprivate, no state carried between iterations).
** Oracles: central differences of f (ORACLE_RTOL_FD), the dot-product test
** of vjp with jvp (1e-12), grad's value against f's, under 1, 2 and 3
** threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct {
    double w, b;
} Pt;

static double sq(double v) { return v * v; }

double fit(const double *x, double *y, int n, double c)
{
    double t, acc[2], a = 0.0;
    Pt p = {c, 0.5}, q = {c * c, 0.25};
    int i;
    t = x[0] * c;
    acc[0] = x[1];
    acc[1] = x[2] * c;
#pragma omp parallel for private(t, acc) firstprivate(p, q) reduction(+:a)
    for (i = 0; i < n; i++) {
        t = sin(x[i]) * p.w;
        acc[0] = t * x[i];
        acc[1] = acc[0] + p.b;
        q.b = x[i] * q.w;
        y[i] = sq(acc[1]) + q.b;
        a += sq(t);
    }
    return a + t * x[1] + acc[0] * acc[1] + q.b;
}

#pragma ad vjp(fit) wrt(x[n], c) out(y[n], return)
#pragma ad jvp(fit) wrt(x[n], c) out(y[n], return)
#pragma ad grad(fit) wrt(x[n], c) scratch(y[n]) name(fit_g)

#include "omp_private_serial.ad.h"

enum { N = 9 };

static double wsum(const double *z) /* <w, y> + 0.6 ret, w_i = 0.1 i - 0.3 */
{
    double y[N], s = 0.6 * fit(z, y, N, z[N]);
    for (int i = 0; i < N; i++) s += (0.1 * i - 0.3) * y[i];
    return s;
}

static double ret(const double *z)
{
    double y[N];
    return fit(z, y, N, z[N]);
}

int main(void)
{
    OracleRng r = oracle_rng(77);
    double z[N + 1], v[N + 1], fd[N + 1], zp[N + 1], y[N], yb[N], yd[N], zb[N + 1], g[N + 1], rd;
    char label[96];
    oracle_fill_uniform(&r, z, N + 1, -1.0, 1.0);
    oracle_fill_normal(&r, v, N + 1);
    for (int th = 1; th <= 3; th++) {
        omp_set_num_threads(th);
        for (int j = 0; j <= N; j++) {
            memcpy(zp, z, sizeof zp);
            double h = oracle_fd_step(z[j], DBL_EPSILON);
            zp[j] = z[j] + h;
            double fp = wsum(zp);
            zp[j] = z[j] - h;
            fd[j] = (fp - wsum(zp)) / (2 * h);
        }
        memset(zb, 0, sizeof zb);
        for (int i = 0; i < N; i++) yb[i] = 0.1 * i - 0.3;
        snprintf(label, sizeof label, "%d threads: vjp value", th);
        CHECK_CLOSE(label, fit_vjp(z, zb, y, yb, N, z[N], &zb[N], 0.6), ret(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: vjp vs fd", th);
        CHECK_VEC_CLOSE(label, zb, fd, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(wsum(z)));
        fit_jvp(z, v, y, yd, N, z[N], v[N], &rd);
        double jw = 0.6 * rd;
        for (int i = 0; i < N; i++) jw += (0.1 * i - 0.3) * yd[i];
        snprintf(label, sizeof label, "%d threads: <J v, w> = <v, J^T w>", th);
        CHECK_CLOSE(label, jw, oracle_dot(zb, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        for (int j = 0; j <= N; j++) {
            memcpy(zp, z, sizeof zp);
            double h = oracle_fd_step(z[j], DBL_EPSILON);
            zp[j] = z[j] + h;
            double fp = ret(zp);
            zp[j] = z[j] - h;
            fd[j] = (fp - ret(zp)) / (2 * h);
        }
        snprintf(label, sizeof label, "%d threads: grad value", th);
        CHECK_CLOSE(label, fit_g(z, g, y, N, z[N], &g[N]), ret(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, fd, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(ret(z)));
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
