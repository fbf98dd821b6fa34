/*
** jac/scratch_clause: scratch(state[n]) in every mode. A recurrent model
** keeps its state in a buffer the caller owns and reads it back between
** steps (the shape of an LSTM's state array); the state is neither an input
** nor an output of the derivative, so no shadow parameter appears: the
** generated functions allocate its derivative storage and free it. The
** state's initial values are constants of the derivative; every generated
** function leaves the state as the primal does.
** Oracles: run_jvp and run_grad against central differences of run (state
** reset before each evaluation; h ~ 1e-6, error O(h^2) ~ 1e-11, so
** ORACLE_RTOL_FD); vjp against jvp by the dot-product test (1e-12);
** jacfwd/jacrev equal to the gradient (one row); hessian against central
** differences of run_grad, hvp against H v.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 5

/* one step of the cell, in a helper: reads and writes the state */
static void cell(const double *w, double *state, double *h, int n)
{
    for (int i = 0; i < n; i++)
        h[i] = tanh(w[i] * state[i] + 0.5 * state[(i + 1) % n]);
    for (int i = 0; i < n; i++)
        state[i] = 0.9 * state[i] + 0.1 * h[i];
}

double run(const double *w, double *state, double *h, int n, int steps)
{
    double loss = 0;
    for (int t = 0; t < steps; t++) {
        cell(w, state, h, n);
        for (int i = 0; i < n; i++)
            loss += h[i] * state[i];
        if (loss > 1e300)
            return 0; /* an early return: the shadows are freed there too */
    }
    return loss;
}

#pragma ad jvp(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad vjp(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad grad(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad jacfwd(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad jacrev(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad hessian(run) wrt(w[n]) scratch(state[n], h[n])
#pragma ad hvp(run) wrt(w[n]) scratch(state[n], h[n])
/* the state as an input instead: f writes an input, which the drivers put
 * back before each sweep (regression: the Hessian's columns after the
 * first started from the state the previous sweep left) */
#pragma ad hessian(run) wrt(w[n], state[n], h[n]) name(run_hessian_all)
#pragma ad jacfwd(run) wrt(w[n], state[n]) scratch(h[n]) name(run_jacfwd_all)

#include "scratch_clause.ad.h"

static const double s0[N] = {0.3, -0.2, 0.5, 0.1, -0.4};
static const int steps = 4;

static double run_at(const double *w)
{
    double st[N], h[N];
    memcpy(st, s0, sizeof st);
    return run(w, st, h, N, steps);
}

static void grad_at(const double *w, double *g)
{
    double st[N], h[N];
    memcpy(st, s0, sizeof st);
    run_grad(w, g, st, h, N, steps);
}

int main(void)
{
    OracleRng rng = oracle_rng(13);
    double w[N], v[N], st[N], h[N], want_state[N], g[N], fd[N];
    oracle_fill_uniform(&rng, w, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    memcpy(st, s0, sizeof st);
    double f0 = run(w, st, h, N, steps);
    memcpy(want_state, st, sizeof st);

    /* grad against differences, and the state the primal leaves */
    memcpy(st, s0, sizeof st);
    double fg = run_grad(w, g, st, h, N, steps);
    CHECK_CLOSE("grad primal", fg, f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("grad state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    for (int j = 0; j < N; j++) {
        double wp[N], wm[N];
        memcpy(wp, w, sizeof w);
        memcpy(wm, w, sizeof w);
        double e = oracle_fd_step(w[j], DBL_EPSILON);
        wp[j] += e;
        wm[j] -= e;
        fd[j] = (run_at(wp) - run_at(wm)) / (2 * e);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_TRUE("tape empty after grad", ccad_tape_empty());

    /* jvp: the directional derivative */
    double fdot = 0;
    memcpy(st, s0, sizeof st);
    double fj = run_jvp(w, v, st, h, N, steps, &fdot);
    CHECK_CLOSE("jvp primal", fj, f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jvp state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("jvp vs grad", fdot, oracle_dot(g, v, N), ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    /* vjp: accumulates into w_bar; dot-product test against jvp */
    double wb[N];
    for (int j = 0; j < N; j++) wb[j] = 1.0;
    memcpy(st, s0, sizeof st);
    double fv = run_vjp(w, wb, st, h, N, steps, 0.75);
    CHECK_CLOSE("vjp primal", fv, f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("vjp state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    for (int j = 0; j < N; j++) wb[j] -= 1.0;
    CHECK_CLOSE("dot test", oracle_dot(wb, v, N), 0.75 * fdot, ORACLE_RTOL_DOT, 1e-14);

    /* jacfwd, jacrev: one row, the gradient */
    double jf[N], jr[N];
    memcpy(st, s0, sizeof st);
    CHECK_CLOSE("jacfwd primal", run_jacfwd(w, st, h, N, steps, jf), f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jacfwd state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jacfwd", jf, g, N, ORACLE_RTOL_EXACT, 1e-14);
    memcpy(st, s0, sizeof st);
    CHECK_CLOSE("jacrev primal", run_jacrev(w, st, h, N, steps, jr), f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jacrev state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jacrev", jr, g, N, ORACLE_RTOL_EXACT, 1e-14);

    /* hessian against differences of the gradient; hvp against H v */
    double H[N * N], Hv[N], hv[N];
    memcpy(st, s0, sizeof st);
    CHECK_CLOSE("hessian primal", run_hessian(w, st, h, N, steps, H), f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("hessian state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    for (int j = 0; j < N; j++) {
        double wp[N], wm[N], gp[N], gm[N], col[N];
        memcpy(wp, w, sizeof w);
        memcpy(wm, w, sizeof w);
        double e = oracle_fd_step(w[j], DBL_EPSILON);
        wp[j] += e;
        wm[j] -= e;
        grad_at(wp, gp);
        grad_at(wm, gm);
        for (int i = 0; i < N; i++) {
            col[i] = H[i * N + j];
            fd[i] = (gp[i] - gm[i]) / (2 * e);
        }
        CHECK_VEC_CLOSE("hessian column vs fd", col, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    for (int i = 0; i < N; i++) {
        Hv[i] = 0;
        for (int j = 0; j < N; j++) Hv[i] += H[i * N + j] * v[j];
    }
    memcpy(st, s0, sizeof st);
    CHECK_CLOSE("hvp primal", run_hvp(w, v, hv, st, h, N, steps), f0, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("hvp state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("hvp", hv, Hv, N, 1e-10, 1e-13);
    /* with the state an input: the w block is the same Hessian */
    double Ha[3 * N * 3 * N], ja[2 * N];
    memcpy(st, s0, sizeof st);
    run_hessian_all(w, st, h, N, steps, Ha);
    CHECK_VEC_CLOSE("hessian_all state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    for (int i = 0; i < N; i++)
        CHECK_VEC_CLOSE("hessian_all w block", &Ha[i * 3 * N], &H[i * N], N, 1e-12, 1e-15);
    memcpy(st, s0, sizeof st);
    run_jacfwd_all(w, st, h, N, steps, ja);
    CHECK_VEC_CLOSE("jacfwd_all state", st, want_state, N, ORACLE_RTOL_EXACT, 0);
    CHECK_VEC_CLOSE("jacfwd_all w part", ja, g, N, 1e-12, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
