// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-STDERR: writes a variable the primal shares
/* grad/omp_jvp_grad_shared_max (campaign r58, seed 958061; was silently
** wrong): grad(jvp(f)) of a function whose `#pragma omp parallel for`
** keeps a running maximum and a count in shared locals under `#pragma omp
** critical` (m = fmax(m, 0.1 * i), pos++: values without derivative)
** beside a store of w[i] from x[i]. The reverse-mode transform of f_jvp
** decides a loop's clauses from the variables of its primal, f_jvp, and
** tells a shared local of the primal from a temporary of its own by the
** primal's list of locals; f_jvp's list held only the tangents it made,
** not f's locals its body shares, so m became firstprivate in the forward
** sweep of f_jvp_grad: every thread updated its own copy, the shared m
** stayed -5, and the value f_jvp_grad returned (and its derivatives) were
** wrong on any number of threads (primal -0.39 instead of 0.50 in the
** campaign's program). Now a jvp function lists the locals it shares with
** f, and the loop's sweeps run on one thread with a note, as grad(f)'s
** do (a shared variable written under critical).
** Oracles: f's own value, f_jvp's tangent, and the gradient of that
** tangent against central differences of f_jvp, at 1, 2 and 4 threads. */
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

double f(const double *x, double a, int n)
{
    double w[64], m = -5.0;
    int pos = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        w[i] = sin(x[i]) * a;
#pragma omp critical
        {
            m = fmax(m, 0.1 * i);   /* a value without derivative */
            if (x[i] > 0) pos++;    /* and a count */
        }
    }
    double r = x[0] * x[0];
    for (int i = 0; i < n; i++) r += w[i] * w[i];
    return r + 0.3 * m + 0.01 * pos;
}
#pragma ad jvp(f) wrt(x[n], a)
#pragma ad grad(jvp(f)) wrt(x[n], a)

#include "omp_jvp_grad_shared_max.ad.h"

enum { N = 6 };
static const double XD[N] = {1.0, 0.5, -0.25, 0.3, -0.7, 0.2}, AD = 0.3;
/* the tangent of f in the direction (XD, AD), over (x, a) */
static void tangent_flat(void *ctx, const double *v, double *y)
{
    (void)ctx;
    f_jvp(v, XD, v[N], AD, N, y);
}
int main(void)
{
    double v[N + 1] = {0.3, -0.2, 0.9, 0.1, 0.6, -0.4, 0.8}, fd[N + 1];
    oracle_fd_grad(tangent_flat, NULL, N + 1, v, fd);
    for (int th = 1; th <= 4; th *= 2) {
        omp_set_num_threads(th);
        double xb[N] = {0}, ab = 0, rd, rd_ref, g[N + 1];
        double y = f_jvp_grad(v, xb, XD, v[N], &ab, AD, N, &rd);
        f_jvp(v, XD, v[N], AD, N, &rd_ref);
        CHECK_CLOSE("f_jvp_grad's value is f's", y, f(v, v[N], N), 1e-14, 0);
        CHECK_CLOSE("f_jvp_grad's tangent is f_jvp's", rd, rd_ref, 1e-14, 0);
        for (int i = 0; i < N; i++) g[i] = xb[i];
        g[N] = ab;
        CHECK_VEC_CLOSE("gradient of the tangent vs differences", g, fd, N + 1, ORACLE_RTOL_FD, 1e-9);
    }
    return oracle_result();
}
