/*
** grad/loss: seed 001's comparison of the modes on R^10000 -> R:
**     loss(x) = sin(exp(<x_star, x> / sqrt(n))),  n = 10000,
** with x_star a constant parameter (not in wrt) and x, x_star drawn normal
** as in the seed. The gradient is known in closed form,
**     grad = cos(e) e x_star / sqrt(n),  e = exp(<x_star, x> / sqrt(n)),
** and must come out of one reverse sweep (grad, vjp); forward mode (jvp)
** gives the same components one direction at a time (checked for the
** first 200, which is where reverse mode wins: one sweep for all n). The
** times of both are printed, not asserted.
*/
#include <math.h>
#include <time.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double loss(const double *x, const double *x_star, int n)
{
    double d = 0.0;
    for (int i = 0; i < n; i++)
        d += x_star[i] * x[i];
    return sin(exp(d / sqrt((double)n)));
}

#pragma ad grad(loss) wrt(x[n])
#pragma ad vjp(loss) wrt(x[n])
#pragma ad jvp(loss) wrt(x[n])

#include "loss.ad.h"

#define N 10000
#define NFWD 200

static double x_star[N];

static void loss_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = loss(x, x_star, N);
}

static void loss_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = loss_jvp(x, v, x_star, N, ydot);
}

static void loss_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = loss_vjp(x, xbar, x_star, N, w[0]);
    w[0] = 0.0;
}

static double loss_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return loss_grad(x, g, x_star, N);
}

static double x[N], g[N], want[N], e_i[N];

int main(void)
{
    OracleRng rng = oracle_rng(42);
    oracle_fill_normal(&rng, x_star, N);
    /* scaled so that <x_star, x>/sqrt(n) is O(1) and the gradient is not tiny */
    oracle_fill_normal(&rng, x, N);
    double d = 0.0;
    for (int i = 0; i < N; i++)
        d += x_star[i] * x[i];
    d /= sqrt((double)N);
    double e = exp(d), c = cos(e) * e / sqrt((double)N), gmax = 0.0;
    for (int i = 0; i < N; i++) {
        want[i] = c * x_star[i];
        gmax = fmax(gmax, fabs(want[i]));
    }

    clock_t t0 = clock();
    double r = loss_grad(x, g, x_star, N);
    clock_t t1 = clock();
    CHECK_CLOSE("loss primal", r, sin(e), 1e-13, 1e-15);
    /* d is a sum of 1e4 products: its rounding (~1e-14 relative to the sum
    ** of |terms|) enters e and cos(e), hence 1e-11 relative per component */
    CHECK_VEC_CLOSE("loss_grad closed form", g, want, N, 1e-11, 1e-11 * gmax);
    CHECK_TRUE("tape empty after loss_grad", ccad_tape_empty());

    /* forward mode, one unit direction per component */
    double fwd[NFWD];
    clock_t t2 = clock();
    for (int j = 0; j < NFWD; j++) {
        double rd = NAN;
        e_i[j] = 1.0;
        loss_jvp(x, e_i, x_star, N, &rd);
        e_i[j] = 0.0;
        fwd[j] = rd;
    }
    clock_t t3 = clock();
    CHECK_VEC_CLOSE("jvp (first 200 unit directions) = grad", fwd, g, NFWD, 1e-12, 1e-12 * gmax);
    printf("loss: reverse, all %d components: %.3g s; forward, %d components: %.3g s\n", N,
           (double)(t1 - t0) / CLOCKS_PER_SEC, NFWD, (double)(t3 - t2) / CLOCKS_PER_SEC);

    OracleProblem p = {.name = "loss", .n = N, .m = 1, .f = loss_flat, .jvp = loss_jvp_flat,
                       .vjp = loss_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, NULL, x, loss_grad_flat, 0);
    oracle_check_vjp(&p, NULL, x, &rng, 2, 0);
    oracle_check_jvp(&p, NULL, x, &rng, 2, 0);
    return oracle_result();
}
