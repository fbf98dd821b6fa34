// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/nested_shadows: a shadow follows its primal. Batching a derivative
** batches the shadows of the batched parameters without naming them:
** vmap(grad(f)) batch(x[n], a) batches x_bar[n] and a_bar[1] too (it was
** an error: "x_bar is shared by every batch element but may be written"),
** vmap(jvp(f)) batches x_dot, a_dot and ret_dot, vmap(vjp(f)) the seed
** ret_bar, vmap(hvp(f)) the directions and products. The nested spelling
** also takes a derivative outside: jvp(grad(g)) and jacfwd(grad(h))
** differentiate the gradient with respect to the gradient's inputs, as
** JAX's jvp(grad(f)) and jacfwd(grad(f)) do; grad(jvp(q)) differentiates
** the tangent (ret_dot[1]) with respect to q's inputs: H v again.
** Oracles: each batch element equals the unbatched generated function on
** that element (bitwise, the same code runs); the gradient against central
** differences; jvp(grad) and jacfwd(grad) against f_hvp (rounding only).
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { N = 4, B = 3 };

double f(const double *x, double a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sin(a * x[i]) * x[i] + 0.5 * x[i] * x[(i + 1) % n];
    return s;
}

double g(const double *x, double a, int n) { return f(x, a, n); }

double h(const double *x, double a, int n) { return f(x, a, n); }

double q(const double *x, double a, int n) { return f(x, a, n); }

#pragma ad vmap(grad(f)) wrt(x[n], a) batch(x[n], a)
#pragma ad vmap(jvp(f)) wrt(x[n], a) batch(x[n], a)
#pragma ad vmap(vjp(f)) wrt(x[n], a) batch(x[n], a)
#pragma ad vmap(hvp(f)) wrt(x[n], a) batch(x[n], a)
#pragma ad jvp(grad(g)) wrt(x[n], a)
#pragma ad jacfwd(grad(h)) wrt(x[n])
#pragma ad grad(jvp(q)) wrt(x[n], a)

#include "nested_shadows.ad.h"

static double a_now;

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, a_now, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(11);
    double x[B * N], a[B], xd[B * N], ad[B], seed[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.5, 1.5);
    oracle_fill_uniform(&rng, xd, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, ad, B, -1.0, 1.0);
    oracle_fill_uniform(&rng, seed, B, -1.0, 1.0);

    double gx[B * N], ga[B], ret[B];
    f_grad_vmap(B, x, gx, a, ga, N, ret);
    double tx[B], tret[B];
    f_jvp_vmap(B, x, xd, a, ad, N, tx, tret);
    double vx[B * N] = {0}, va[B] = {0}, vret[B];
    f_vjp_vmap(B, x, vx, a, va, N, seed, vret);
    double hx[B * N], ha[B], hret[B];
    f_hvp_vmap(B, x, xd, hx, a, ad, ha, N, hret);

    for (int b = 0; b < B; b++) {
        const double *xb = x + b * N;
        double y = f(xb, a[b], N);
        double g1[N], g1a, fd[N];
        CHECK_CLOSE("vmap(grad) returns f", ret[b], y, 0.0, 0.0);
        CHECK_CLOSE("f_grad returns f", f_grad(xb, g1, a[b], &g1a, N), y, 0.0, 0.0);
        CHECK_VEC_CLOSE("vmap(grad) x_bar = f_grad", gx + b * N, g1, N, 0.0, 0.0);
        CHECK_CLOSE("vmap(grad) a_bar = f_grad", ga[b], g1a, 0.0, 0.0);
        a_now = a[b];
        oracle_fd_grad(f_flat, NULL, N, xb, fd);
        CHECK_VEC_CLOSE("gradient vs central differences", g1, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(y));

        double t1;
        f_jvp(xb, xd + b * N, a[b], ad[b], N, &t1);
        CHECK_CLOSE("vmap(jvp) = f_jvp", tx[b], t1, 0.0, 0.0);
        CHECK_CLOSE("vmap(jvp) returns f", tret[b], y, 0.0, 0.0);
        CHECK_CLOSE("jvp = <grad, v>", t1, oracle_dot(g1, xd + b * N, N) + g1a * ad[b], ORACLE_RTOL_DOT, 1e-14);

        for (int i = 0; i < N; i++)
            CHECK_CLOSE("vmap(vjp) x_bar = seed * grad", vx[b * N + i], seed[b] * g1[i], ORACLE_RTOL_DOT, 1e-15);
        CHECK_CLOSE("vmap(vjp) a_bar = seed * grad", va[b], seed[b] * g1a, ORACLE_RTOL_DOT, 1e-15);

        double h1[N], h1a;
        CHECK_CLOSE("f_hvp returns f", f_hvp(xb, xd + b * N, h1, a[b], ad[b], &h1a, N), y, 0.0, 0.0);
        CHECK_VEC_CLOSE("vmap(hvp) = f_hvp", hx + b * N, h1, N, 0.0, 0.0);
        CHECK_CLOSE("vmap(hvp) a = f_hvp", ha[b], h1a, 0.0, 0.0);
        CHECK_CLOSE("vmap(hvp) returns f", hret[b], y, 0.0, 0.0);

        /* jvp(grad(g)): the gradient's tangent is H v */
        double gg[N], ggd[N], gga, ggad;
        CHECK_CLOSE("jvp(grad) returns f", g_grad_jvp(xb, xd + b * N, gg, ggd, a[b], ad[b], &gga, &ggad, N), y, 0.0, 0.0);
        CHECK_VEC_CLOSE("jvp(grad) gradient", gg, g1, N, 1e-14, 1e-15);
        CHECK_VEC_CLOSE("jvp(grad) = hvp", ggd, h1, N, 1e-13, 1e-14);
        CHECK_CLOSE("jvp(grad) a = hvp", ggad, h1a, 1e-13, 1e-14);

        /* grad(jvp(q)): the gradient of <grad q, v> is H v */
        double qb[N], qba, qdot = 0;
        CHECK_CLOSE("grad(jvp) returns q", q_jvp_grad(xb, qb, xd + b * N, a[b], &qba, ad[b], N, &qdot), y, 0.0, 0.0);
        CHECK_CLOSE("grad(jvp) tangent", qdot, t1, 1e-14, 1e-15);
        CHECK_VEC_CLOSE("grad(jvp) = hvp", qb, h1, N, 1e-13, 1e-14);
        CHECK_CLOSE("grad(jvp) a = hvp", qba, h1a, 1e-13, 1e-14);

        /* jacfwd(grad(h)) wrt x: the Hessian's x block, column j = H e_j */
        double jac[N * N], hb[N];
        h_grad_jacfwd(xb, hb, a[b], N, jac);
        CHECK_VEC_CLOSE("jacfwd(grad) gradient", hb, g1, N, 1e-14, 1e-15);
        for (int j = 0; j < N; j++) {
            double e[N] = {0}, col[N], hv[N], hva;
            e[j] = 1.0;
            f_hvp(xb, e, hv, a[b], 0.0, &hva, N);
            for (int i = 0; i < N; i++)
                col[i] = jac[i * N + j];
            CHECK_VEC_CLOSE("jacfwd(grad) column = H e_j", col, hv, N, 1e-13, 1e-14);
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
