// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_private_adjoint: scalars that a parallel loop makes each thread's
** own, declared outside it. In C89 style a temporary t is set before the
** loop, used after it, and private(t) in the loop, whose copies leave the
** outer t as it was; firstprivate(c) gives each thread a copy of c that its
** iterations update (a per-thread running state: the result depends on the
** schedule, fixed here by schedule(static) and the number of threads, the
** same for f and its derivatives). The adjoints of those copies are each
** thread's own: they start at zero in each thread, and a firstprivate
** copy's adjoint at the end is the adjoint of the shared value it was
** copied from, added to it. cc-ad made them firstprivate: every thread
** started from the adjoint of the outer variable (the use after the loop,
** counted once per thread) and the firstprivate copies' parts were dropped.
** Shapes: pv, a region form (the iterations keep sin values), pl, the plain
** form (they keep nothing), fp, a firstprivate chain; pa and fa the same
** with arrays declared outside the loop, which the forward sweep also
** shared between the threads (a race; the primal's tmp, private in f, was
** changed by the loop). Oracles: central
** differences of f under the same schedule (ORACLE_RTOL_FD), the
** dot-product test of vjp with jvp (1e-12), grad = vjp with seed 1, and
** hvp against differences of grad (step 1e-5 along v: rtol 1e-6), under 1,
** 2 and 3 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double pv(const double *x, int n, double c)
{
    double a = 0.0, t;
    int i;
    t = x[0] * c;
#pragma omp parallel for private(t) reduction(+:a)
    for (i = 0; i < n; i++) {
        t = sin(x[i]) * c;
        a += t * t;
    }
    return a + t * x[1];
}

double pl(const double *x, double *y, int n, double c)
{
    double t = c * x[n - 1];
#pragma omp parallel for private(t)
    for (int i = 0; i < n; i++) {
        t = 2.0 * x[i] + c;
        y[i] = 3.0 * t;
    }
    return t * t;
}

double fp(const double *x, int n, double c)
{
    double a = 0.0;
#pragma omp parallel for firstprivate(c) reduction(+:a) schedule(static)
    for (int i = 0; i < n; i++) {
        double d = c;
        c = 0.5 * c + x[i];
        a += x[i] * d * d;
    }
    return a + c;
}

/* arrays declared outside the loop, private(tmp) and firstprivate(tmp):
 * the forward sweep shared them between the threads (a race, and the
 * primal's tmp changed by the loop), and their adjoints as the scalars' */
double pa(const double *x, int n, double c)
{
    double tmp[2], a = 0.0;
    tmp[0] = x[0] * c;
    tmp[1] = x[1] * x[1];
#pragma omp parallel for private(tmp) reduction(+:a)
    for (int i = 0; i < n; i++) {
        tmp[0] = sin(x[i]) * c;
        tmp[1] = tmp[0] * x[i];
        a += tmp[0] * tmp[1];
    }
    return a + tmp[0] * tmp[1];
}

double fa(const double *x, int n, double c)
{
    double tmp[2], a = 0.0;
    tmp[0] = x[0];
    tmp[1] = x[1] * c;
#pragma omp parallel for firstprivate(tmp) reduction(+:a) schedule(static)
    for (int i = 0; i < n; i++) {
        a += tmp[0] * x[i];
        tmp[0] = tmp[1] * 0.5 + x[i];
    }
    return a;
}

#pragma ad grad(pv) wrt(x[n], c)
#pragma ad vjp(pv) wrt(x[n], c)
#pragma ad jvp(pv) wrt(x[n], c)
#pragma ad hvp(pv) wrt(x[n], c)
#pragma ad vjp(pl) wrt(x[n], c) out(y[n], return)
#pragma ad jvp(pl) wrt(x[n], c) out(y[n], return)
#pragma ad grad(fp) wrt(x[n], c)
#pragma ad jvp(fp) wrt(x[n], c)
#pragma ad grad(pa) wrt(x[n], c)
#pragma ad jvp(pa) wrt(x[n], c)
#pragma ad hvp(pa) wrt(x[n], c)
#pragma ad grad(fa) wrt(x[n], c)
#pragma ad jvp(fa) wrt(x[n], c)

#include "omp_private_adjoint.ad.h"

enum { N = 11 };

static double pv_z(const double *z) { return pv(z, N, z[N]); }
static double fp_z(const double *z) { return fp(z, N, z[N]); }
static double pa_z(const double *z) { return pa(z, N, z[N]); }
static double fa_z(const double *z) { return fa(z, N, z[N]); }
static double pl_z(const double *z) /* <w, y> + 0.7 ret, w_i = 0.1 i - 0.4 */
{
    double y[N], s = 0.7 * pl(z, y, N, z[N]);
    for (int i = 0; i < N; i++) s += (0.1 * i - 0.4) * y[i];
    return s;
}

static void fd(double (*f)(const double *), const double *z, double *g)
{
    double zp[N + 1];
    for (int j = 0; j <= N; j++) {
        memcpy(zp, z, sizeof zp);
        double h = oracle_fd_step(z[j], DBL_EPSILON);
        zp[j] = z[j] + h;
        double fp_ = f(zp);
        zp[j] = z[j] - h;
        g[j] = (fp_ - f(zp)) / (2 * h);
    }
}

int main(void)
{
    OracleRng r = oracle_rng(6011);
    double z[N + 1], v[N + 1], g[N + 1], want[N + 1];
    char label[96];
    oracle_fill_uniform(&r, z, N + 1, -1.0, 1.0);
    oracle_fill_normal(&r, v, N + 1);
    for (int th = 1; th <= 3; th++) {
        omp_set_num_threads(th);
        /* pv */
        fd(pv_z, z, want);
        CHECK_CLOSE("pv grad value", pv_grad(z, g, N, z[N], &g[N]), pv_z(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: pv grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(pv_z(z)));
        double rd, gb[N + 1];
        for (int i = 0; i <= N; i++) gb[i] = 1.0;
        pv_jvp(z, v, N, z[N], v[N], &rd);
        pv_vjp(z, gb, N, z[N], &gb[N], 0.75);
        for (int i = 0; i <= N; i++) gb[i] -= 1.0;
        snprintf(label, sizeof label, "%d threads: pv <J v, w> = <v, J^T w>", th);
        CHECK_CLOSE(label, 0.75 * rd, oracle_dot(gb, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        {
            double hv[N + 1], zp[N + 1], gp[N + 1], gm[N + 1], h = 1e-5;
            pv_hvp(z, v, hv, N, z[N], v[N], &hv[N]);
            for (int i = 0; i <= N; i++) zp[i] = z[i] + h * v[i];
            pv_grad(zp, gp, N, zp[N], &gp[N]);
            for (int i = 0; i <= N; i++) zp[i] = z[i] - h * v[i];
            pv_grad(zp, gm, N, zp[N], &gm[N]);
            for (int i = 0; i <= N; i++) want[i] = (gp[i] - gm[i]) / (2 * h);
            snprintf(label, sizeof label, "%d threads: pv hvp vs fd of grad", th);
            CHECK_VEC_CLOSE(label, hv, want, N + 1, 1e-6, 1e-8);
        }
        /* pl: vjp with seeds w on y and 0.7 on the result */
        {
            double y[N], yb[N], xb[N + 1] = {0}, yd[N];
            for (int i = 0; i < N; i++) yb[i] = 0.1 * i - 0.4;
            fd(pl_z, z, want);
            pl_vjp(z, xb, y, yb, N, z[N], &xb[N], 0.7);
            snprintf(label, sizeof label, "%d threads: pl vjp vs fd", th);
            CHECK_VEC_CLOSE(label, xb, want, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(pl_z(z)));
            pl_jvp(z, v, y, yd, N, z[N], v[N], &rd);
            double jw = 0.7 * rd;
            for (int i = 0; i < N; i++) jw += (0.1 * i - 0.4) * yd[i];
            snprintf(label, sizeof label, "%d threads: pl <J v, w> = <v, J^T w>", th);
            CHECK_CLOSE(label, jw, oracle_dot(xb, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        }
        /* fp */
        fd(fp_z, z, want);
        fp_grad(z, g, N, z[N], &g[N]);
        snprintf(label, sizeof label, "%d threads: fp grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(fp_z(z)));
        fp_jvp(z, v, N, z[N], v[N], &rd);
        snprintf(label, sizeof label, "%d threads: fp <J v, 1> = <v, grad>", th);
        CHECK_CLOSE(label, rd, oracle_dot(g, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        /* pa, fa: grad against differences, jvp against grad; pa's hvp */
        fd(pa_z, z, want);
        CHECK_CLOSE("pa grad value", pa_grad(z, g, N, z[N], &g[N]), pa_z(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: pa grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(pa_z(z)));
        CHECK_CLOSE("pa jvp value", pa_jvp(z, v, N, z[N], v[N], &rd), pa_z(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: pa <J v, 1> = <v, grad>", th);
        CHECK_CLOSE(label, rd, oracle_dot(g, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        {
            double hv[N + 1], zp[N + 1], gp[N + 1], gm[N + 1], h = 1e-5, hw[N + 1];
            pa_hvp(z, v, hv, N, z[N], v[N], &hv[N]);
            for (int i = 0; i <= N; i++) zp[i] = z[i] + h * v[i];
            pa_grad(zp, gp, N, zp[N], &gp[N]);
            for (int i = 0; i <= N; i++) zp[i] = z[i] - h * v[i];
            pa_grad(zp, gm, N, zp[N], &gm[N]);
            for (int i = 0; i <= N; i++) hw[i] = (gp[i] - gm[i]) / (2 * h);
            snprintf(label, sizeof label, "%d threads: pa hvp vs fd of grad", th);
            CHECK_VEC_CLOSE(label, hv, hw, N + 1, 1e-6, 1e-8);
        }
        fd(fa_z, z, want);
        CHECK_CLOSE("fa grad value", fa_grad(z, g, N, z[N], &g[N]), fa_z(z), 1e-15, 0);
        snprintf(label, sizeof label, "%d threads: fa grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, want, N + 1, ORACLE_RTOL_FD, oracle_fd_atol(fa_z(z)));
        fa_jvp(z, v, N, z[N], v[N], &rd);
        snprintf(label, sizeof label, "%d threads: fa <J v, 1> = <v, grad>", th);
        CHECK_CLOSE(label, rd, oracle_dot(g, v, N + 1), ORACLE_RTOL_DOT, 1e-14);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
