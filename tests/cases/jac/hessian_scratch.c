/*
** jac/hessian_scratch: second derivatives (forward over reverse) through a
** helper whose reverse sweep accumulates into a local array, the shape of a
** force computation in a time-stepping loop:
**     static void step(System *s, double dt, int mode) { double f[3]; ... }
** The reverse code keeps f and f_bar in frames (ccad_frame_push); the
** Hessian's forward-over-reverse code must give f_bar a tangent block even
** though the forward sweep never reads f_bar (regression: f_bar_dot was
** taped as a null pointer and the Hessian crashed; f_dot was used undeclared).
** Oracles: F_grad against central differences of F (h ~ 1e-6 |x|, error
** O(h^2 f''') ~ 1e-10, so ORACLE_RTOL_FD), F_hessian against central
** differences of F_grad (same argument), F_hessian symmetric, and F_hvp
** equal to H v up to rounding.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double x, v;
    int id;
} Particle;

typedef struct {
    Particle p[3];
    double k;
} System;

static const double weights[3] = {1.0, 0.5, 2.0};

static void step(System *s, double dt, int mode)
{
    double f[3];
    memset(f, 0, sizeof f);
    for (int i = 0; i + 1 < 3; i++) {
        double d = s->p[i + 1].x - s->p[i].x;
        f[i] += s->k * d * d;
        f[i + 1] -= s->k * d;
    }
    for (int i = 0; i < 3; i++) {
        switch (mode) {
        case 0: s->p[i].v += dt * f[i]; break;
        case 1: s->p[i].v += dt * f[i] * weights[i]; break;
        default: s->p[i].v = s->p[i].v * 0.99 + dt * f[i];
        }
        s->p[i].x += dt * s->p[i].v;
    }
}

/* x[0..2]: initial positions, x[3]: stiffness */
double F(const double *x, int steps)
{
    System s;
    s.k = x[3];
    for (int i = 0; i < 3; i++) {
        s.p[i].x = x[i];
        s.p[i].v = 0;
        s.p[i].id = i;
    }
    int t = 0;
    while (t < steps) {
        step(&s, 0.05, t % 3);
        t++;
    }
    return s.p[0].x * s.p[2].x + sin(s.p[1].x) * s.p[1].v;
}

#pragma ad grad(F) wrt(x[4])
#pragma ad hessian(F) wrt(x[4])
#pragma ad hvp(F) wrt(x[4])

#include "hessian_scratch.ad.h"

static int steps = 40;

static void f_wrap(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = F(x, steps);
}

static void g_wrap(void *ctx, const double *x, double *g)
{
    (void)ctx;
    F_grad(x, g, steps);
}

int main(void)
{
    const double x[4] = {0.1, 0.6, 1.3, 0.8};
    const double v[4] = {0.3, -1.1, 0.7, 0.2};
    double g[4], gfd[4], H[16], Hfd[16], hv[4], Hv[4], e[4], col[4];

    F_grad(x, g, steps);
    oracle_fd_grad(f_wrap, NULL, 4, x, gfd);
    CHECK_VEC_CLOSE("F_grad vs central differences", g, gfd, 4, ORACLE_RTOL_FD,
                    oracle_fd_atol(fabs(F(x, steps))));
    CHECK_TRUE("tape empty after F_grad", ccad_tape_empty());

    F_hessian(x, steps, H);
    CHECK_TRUE("tape empty after F_hessian", ccad_tape_empty());
    for (int j = 0; j < 4; j++) { /* column j = d grad / d x_j */
        for (int i = 0; i < 4; i++)
            e[i] = i == j;
        oracle_fd_jvp(g_wrap, NULL, 4, 4, x, e, col);
        for (int i = 0; i < 4; i++)
            Hfd[i * 4 + j] = col[i];
    }
    CHECK_VEC_CLOSE("F_hessian vs central differences of F_grad", H, Hfd, 16, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, 4)));
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < i; j++)
            CHECK_CLOSE("F_hessian symmetric", H[i * 4 + j], H[j * 4 + i], ORACLE_RTOL_EXACT, 1e-14);

    F_hvp(x, v, hv, steps);
    for (int i = 0; i < 4; i++)
        Hv[i] = oracle_dot(&H[i * 4], v, 4);
    CHECK_VEC_CLOSE("F_hvp = H v", hv, Hv, 4, ORACLE_RTOL_EXACT, 1e-14 * oracle_norm_inf(Hv, 4));
    CHECK_TRUE("tape empty after F_hvp", ccad_tape_empty());
    return oracle_result();
}
