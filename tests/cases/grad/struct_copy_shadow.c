/*
** grad/struct_copy_shadow: helpers that copy a struct holding pointers
** into a local (Grid g = *gp; Grid g = gv; g = *gp;) and then compute
** through the copy's pointers, as code that caches a struct does. The
** copy's shadow must get the shadow's pointers (g_bar.u = gp_bar->u) in
** the forward sweep, as a pointer assignment does; its floating fields
** start at zero. They were left null, and the backward sweep wrote
** through a null pointer (a crash in every reverse mode).
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); vjp against
** jvp by the dot-product test; the primal's final u bit for bit.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double *u;
    const double *c;
    int n;
    double h;
} Grid;

/* a copy of *gp, then in-place smoothing through the copy */
static void smooth(const Grid *gp)
{
    Grid g = *gp;
    for (int i = 1; i + 1 < g.n; i++)
        g.u[i] = g.u[i] + g.h * g.c[i] * (g.u[i - 1] - 2.0 * g.u[i] + g.u[i + 1]);
}

/* a copy of a struct passed by value, assigned after its declaration */
static double energy(Grid gv, double w)
{
    Grid g;
    g = gv;
    double e = 0.0;
    for (int i = 0; i < g.n; i++)
        e += w * g.u[i] * g.u[i] + sin(g.c[i] * g.u[i]);
    return e;
}

double relax(double *u, const double *c, int n, double w)
{
    Grid g = {u, c, n, 0.2};
    double e = 0.0;
    for (int s = 0; s < 3; s++) {
        smooth(&g);
        e += energy(g, w);
    }
    return e;
}

#pragma ad grad(relax) wrt(u[n], c[n], w)
#pragma ad vjp(relax) wrt(u[n], c[n], w) out(u[n], return)
#pragma ad jvp(relax) wrt(u, c, w) out(u, return)

#include "struct_copy_shadow.ad.h"

#define N 6

int main(void)
{
    OracleRng rng = {77};
    double u0[N], c[N], u[N], ue[N], w = 0.3;
    oracle_fill_uniform(&rng, u0, N, -1, 1);
    oracle_fill_uniform(&rng, c, N, 0.5, 1.5);
    memcpy(ue, u0, sizeof ue);
    double e = relax(ue, c, N, w);

    double ub[N], cb[N], wb;
    memcpy(u, u0, sizeof u);
    CHECK_CLOSE("grad primal", relax_grad(u, ub, c, cb, N, w, &wb), e, 0, 0);
    oracle_check_identical("grad leaves u", u, ue, N);
    for (int j = 0; j <= 2 * N; j++) {
        double x[2 * N + 1], t[N];
        memcpy(x, u0, sizeof u0);
        memcpy(x + N, c, sizeof c);
        x[2 * N] = w;
        double x0 = x[j], h = oracle_fd_step(x0, DBL_EPSILON);
        x[j] = x0 + h;
        memcpy(t, x, sizeof t);
        double fp = relax(t, x + N, N, x[2 * N]);
        x[j] = x0 - h;
        memcpy(t, x, sizeof t);
        double fm = relax(t, x + N, N, x[2 * N]);
        double got = j < N ? ub[j] : j < 2 * N ? cb[j - N] : wb;
        CHECK_CLOSE("grad vs differences", got, (fp - fm) / (2 * h), ORACLE_RTOL_FD, oracle_fd_atol(e));
    }

    double ud0[N], ud[N], cd[N], wd = -0.4, wu[N], wr = 1.3, rd;
    oracle_fill_uniform(&rng, ud0, N, -1, 1);
    oracle_fill_uniform(&rng, cd, N, -1, 1);
    oracle_fill_uniform(&rng, wu, N, -1, 1);
    memcpy(u, u0, sizeof u);
    memcpy(ud, ud0, sizeof ud);
    CHECK_CLOSE("jvp primal", relax_jvp(u, ud, c, cd, N, w, wd, &rd), e, 0, 0);
    double lhs = oracle_dot(ud, wu, N) + rd * wr;
    double cb2[N] = {0}, wb2 = 0;
    memcpy(u, u0, sizeof u);
    memcpy(ub, wu, sizeof ub);
    CHECK_CLOSE("vjp primal", relax_vjp(u, ub, c, cb2, N, w, &wb2, wr), e, 0, 0);
    oracle_check_identical("vjp leaves u", u, ue, N);
    double rhs = oracle_dot(ud0, ub, N) + oracle_dot(cd, cb2, N) + wd * wb2;
    oracle_check_dot("dot test", lhs, rhs, oracle_dot_abs(ud0, ub, N) + oracle_dot_abs(cd, cb2, N) + fabs(wd * wb2));
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
