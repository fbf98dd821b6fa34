/*
** jac/fwd_condarms: math calls in the arms of ?: (and on the right of &&
** and ||) stay under their condition in the forward modes too. jvp
** computed sqrt(h), log(h), acos(h - 1) into temporaries before the ?:,
** whichever arm was taken: an FE_INVALID or FE_DIVBYZERO the original
** never raises, and calls it never makes. jacfwd widens that jvp code,
** hessian and hvp run it over the reverse sweep, whose partials stay in
** their arms (grad/condarms), so all four took the untaken arms.
**   arms:     s += h > 0 ? sqrt(h) : h * h, log in an arm, nested calls
**             under a factor, sqrt on the right of &&, log on the right of
**             ||, a helper with pow in an arm (a lane variant under
**             jacfwd), a ?: nested in an arm;
**   arms_vec: y[i] = h > 0 ? sqrt(h) * x[i+1] : h * h, an output array.
** Oracles: jvp and jacfwd against central differences of the original,
** hessian against central differences of arms_grad (and symmetric), hvp
** against H v, at a point where no condition is within 1e-2 of its switch
** (the FD step is ~6e-6); fetestexcept(FE_INVALID | FE_DIVBYZERO) clear
** after each generated call at points where the untaken arms would raise
** (the original raises nothing there).
*/
#include <fenv.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 8

static double soft(double h, double k)
{
    return h > 0 ? pow(h, 0.5) * k : h * k;
}

double arms(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        double h = x[i], k = x[(i + 1) % n];
        s += h > 0 ? sqrt(h) : h * h;
        double l = h > 0.05 ? log(h) * k : 0.5 * h * k;
        s += l;
        s += 2.0 * (h < 0 ? exp(sin(h)) * h : cos(h) * k);
        s += (h > 0 && sqrt(h) > 0.5) ? h * h : 0.1 * h;
        s += (h <= 0 || log(h) < -1.0) ? k * h : h * h * k;
        s += soft(h, k);
        s += h > -0.5 ? (h > 0 ? acos(h - 1.0) : 1.0 / (1.0 - h)) * k : h;
    }
    return s;
}

void arms_vec(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) {
        double h = x[i];
        y[i] = h > 0 ? sqrt(h) * x[(i + 1) % n] : h * h;
    }
}

#pragma ad jvp(arms) wrt(x[n])
#pragma ad grad(arms) wrt(x[n])
#pragma ad jacfwd(arms) wrt(x[n])
#pragma ad hessian(arms) wrt(x[n])
#pragma ad hvp(arms) wrt(x[n])
#pragma ad jvp(arms_vec) wrt(x[n]) out(y[n])
#pragma ad jacfwd(arms_vec) wrt(x[n]) out(y[n])

#include "fwd_condarms.ad.h"

static void arms_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = arms(x, N);
}

static void arms_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    arms_grad(x, g, N);
}

static void arms_vec_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    arms_vec(x, y, N);
}

/* no FP exception the original would not raise (it raises none here) */
static void no_fp_exception(const char *what)
{
    int e = fetestexcept(FE_INVALID | FE_DIVBYZERO);
    CHECK_TRUE(what, e == 0);
}

static void check_derivatives(OracleRng *rng)
{
    /* every condition more than 1e-2 away from its switch
     * (0, 0.05, sqrt(h) = 0.5, log(h) = -1, -0.5) */
    const double x0[N] = {0.8, -0.6, 0.3, -0.9, 0.02, -0.3, 1.3, 0.12};
    double v[N], y[N], yd[N], fd[N], J[N * N], g[N], H[N * N], Ht[N * N], Hv[N], hv[N], e[N];
    const double f0 = arms(x0, N);
    oracle_fill_normal(rng, v, N);

    double fdot, fjvp = arms_jvp(x0, v, N, &fdot);
    CHECK_CLOSE("arms_jvp returns f", fjvp, f0, 0.0, 0.0);
    oracle_fd_jvp(arms_flat, NULL, N, 1, x0, v, fd);
    CHECK_CLOSE("arms_jvp vs central differences", fdot, fd[0], ORACLE_RTOL_FD, oracle_fd_atol(fabs(f0)));

    CHECK_CLOSE("arms_jacfwd returns f", arms_jacfwd(x0, N, J), f0, 0.0, 0.0);
    oracle_fd_grad(arms_flat, NULL, N, x0, fd);
    CHECK_VEC_CLOSE("arms_jacfwd vs central differences", J, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(fabs(f0)));
    arms_grad(x0, g, N);
    CHECK_VEC_CLOSE("arms_grad vs central differences", g, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(fabs(f0)));

    CHECK_CLOSE("arms_hessian returns f", arms_hessian(x0, N, H), f0, 0.0, 0.0);
    const double hs = oracle_norm_inf(H, N * N);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            Ht[i * N + j] = H[j * N + i];
    CHECK_VEC_CLOSE("arms_hessian symmetric", H, Ht, N * N, 1e-13, 1e-13 * hs);
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++)
            e[i] = i == j;
        double col[N];
        oracle_fd_jvp(arms_grad_flat, NULL, N, N, x0, e, col);
        for (int i = 0; i < N; i++)
            Ht[i * N + j] = col[i];
    }
    CHECK_VEC_CLOSE("arms_hessian vs central differences of arms_grad", H, Ht, N * N, ORACLE_RTOL_FD,
                    oracle_fd_atol(fmax(oracle_norm_inf(g, N), hs)));

    for (int i = 0; i < N; i++) {
        Hv[i] = oracle_dot(&H[i * N], v, N);
        hv[i] = NAN; /* overwritten */
    }
    CHECK_CLOSE("arms_hvp returns f", arms_hvp(x0, v, hv, N), f0, 0.0, 0.0);
    CHECK_VEC_CLOSE("arms_hvp = H v", hv, Hv, N, 1e-12, 1e-13 * hs * oracle_norm_inf(v, N) * N);

    double y0[N];
    arms_vec(x0, y0, N);
    arms_vec_jvp(x0, v, y, yd, N);
    CHECK_VEC_CLOSE("arms_vec_jvp primal", y, y0, N, 0.0, 0.0);
    oracle_fd_jvp(arms_vec_flat, NULL, N, N, x0, v, fd);
    CHECK_VEC_CLOSE("arms_vec_jvp vs central differences", yd, fd, N, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(y0, N)));
    arms_vec_jacfwd(x0, y, N, J);
    CHECK_VEC_CLOSE("arms_vec_jacfwd primal", y, y0, N, 0.0, 0.0);
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++)
            e[i] = i == j;
        oracle_fd_jvp(arms_vec_flat, NULL, N, N, x0, e, fd);
        for (int i = 0; i < N; i++)
            Ht[i * N + j] = fd[i];
    }
    CHECK_VEC_CLOSE("arms_vec_jacfwd vs central differences", J, Ht, N * N, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_TRUE("tape empty", ccad_tape_empty());
}

int main(void)
{
    OracleRng rng = oracle_rng(23);
    check_derivatives(&rng);

    /* the untaken arms would take sqrt, log and acos of negatives, log(0) */
    const double xneg[N] = {-0.5, -1.5, 0.0, -2.0, -0.25, 0.0, -0.75, -0.1};
    double v[N], y[N], yd[N], J[N * N], H[N * N], hv[N], fdot;
    oracle_fill_normal(&rng, v, N);
    feclearexcept(FE_ALL_EXCEPT);
    arms(xneg, N);
    arms_vec(xneg, y, N);
    no_fp_exception("the originals raise no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_jvp(xneg, v, N, &fdot);
    no_fp_exception("arms_jvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_jacfwd(xneg, N, J);
    no_fp_exception("arms_jacfwd: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_hessian(xneg, N, H);
    no_fp_exception("arms_hessian: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_hvp(xneg, v, hv, N);
    no_fp_exception("arms_hvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_vec_jvp(xneg, v, y, yd, N);
    no_fp_exception("arms_vec_jvp: no FP exception");
    feclearexcept(FE_ALL_EXCEPT);
    arms_vec_jacfwd(xneg, y, N, J);
    no_fp_exception("arms_vec_jacfwd: no FP exception");
    CHECK_TRUE("tape empty after the calls at xneg", ccad_tape_empty());
    return oracle_result();
}
