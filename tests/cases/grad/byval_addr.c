/*
** grad/byval_addr: helpers that take the address of a parameter passed by
** value and work through the pointer, as C code that reuses an in-place
** routine does: damp(x, s) scales x through double *p = &x; advance(st, k)
** steps a State by value through State *s = &st (whose u points at the
** caller's array). In reverse mode such a helper is split into _fwd and
** _bwd; the pointer (and its shadow, which pointed at a local adjoint of
** the parameter) went on the tape and was read by _bwd after _fwd's stack
** frame was gone: a silently wrong gradient for damp, a crash for advance.
** cc-ad now copies such a parameter into a local at entry, which the split
** helper keeps in its frame.
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); vjp against jvp
** by the dot-product test; the primal's final u bit for bit.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double *u;
    int n;
    double dt;
} State;

static void scale_in_place(double *p, double s) { *p = *p * s; }

static double damp(double x, double s)
{
    double *p = &x;
    scale_in_place(p, s);
    return sin(*p) * x;
}

static void advance(State st, const double *k)
{
    State *s = &st;
    for (int i = 0; i < s->n; i++)
        s->u[i] = s->u[i] - s->dt * k[i] * s->u[i] * s->u[i];
}

double model(double *u, const double *k, int n)
{
    State st = {u, n, 0.1};
    double r = 0.0;
    for (int t = 0; t < 3; t++) {
        advance(st, k);
        for (int i = 0; i < n; i++)
            r += damp(u[i], 1.5 + 0.1 * i);
    }
    return r;
}

#pragma ad grad(model) wrt(u[n], k[n])
#pragma ad vjp(model) wrt(u[n], k[n]) out(u[n], return)
#pragma ad jvp(model) wrt(u, k) out(u, return)

#include "byval_addr.ad.h"

#define N 5

int main(void)
{
    OracleRng rng = {31};
    double u0[N], k[N], u[N], ue[N];
    oracle_fill_uniform(&rng, u0, N, 0.2, 1.0);
    oracle_fill_uniform(&rng, k, N, 0.5, 1.5);
    memcpy(ue, u0, sizeof ue);
    double f = model(ue, k, N);

    double ub[N], kb[N];
    memcpy(u, u0, sizeof u);
    CHECK_CLOSE("grad primal", model_grad(u, ub, k, kb, N), f, 0, 0);
    oracle_check_identical("grad leaves u", u, ue, N);
    for (int j = 0; j < 2 * N; j++) {
        double x[2 * N], t[N];
        memcpy(x, u0, sizeof u0);
        memcpy(x + N, k, sizeof k);
        double x0 = x[j], h = oracle_fd_step(x0, DBL_EPSILON);
        x[j] = x0 + h;
        memcpy(t, x, sizeof t);
        double fp = model(t, x + N, N);
        x[j] = x0 - h;
        memcpy(t, x, sizeof t);
        double fm = model(t, x + N, N);
        CHECK_CLOSE("grad vs differences", j < N ? ub[j] : kb[j - N], (fp - fm) / (2 * h), ORACLE_RTOL_FD,
                    oracle_fd_atol(f));
    }

    double ud0[N], ud[N], kd[N], wu[N], wr = 0.6, rd;
    oracle_fill_uniform(&rng, ud0, N, -1, 1);
    oracle_fill_uniform(&rng, kd, N, -1, 1);
    oracle_fill_uniform(&rng, wu, N, -1, 1);
    memcpy(u, u0, sizeof u);
    memcpy(ud, ud0, sizeof ud);
    CHECK_CLOSE("jvp primal", model_jvp(u, ud, k, kd, N, &rd), f, 0, 0);
    double lhs = oracle_dot(ud, wu, N) + rd * wr;
    double kb2[N] = {0};
    memcpy(u, u0, sizeof u);
    memcpy(ub, wu, sizeof ub);
    CHECK_CLOSE("vjp primal", model_vjp(u, ub, k, kb2, N, wr), f, 0, 0);
    oracle_check_identical("vjp leaves u", u, ue, N);
    double rhs = oracle_dot(ud0, ub, N) + oracle_dot(kd, kb2, N);
    oracle_check_dot("dot test", lhs, rhs, oracle_dot_abs(ud0, ub, N) + oracle_dot_abs(kd, kb2, N));
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
