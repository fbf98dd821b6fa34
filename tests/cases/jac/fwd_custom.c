/*
** jac/fwd_custom: jacfwd through helpers with hand-written derivatives
** (custom_jvp), one returning a value stored straight into an array
** element, one updating an array in place:
**     softplus(u) = log(1 + e^u), rule: u_dot / (1 + e^-u)      (by value)
**     rescale(p, m): p_j <- 2 p_j + p_0 p_j, rule written by hand  (in place)
**     f: q_j = x_j x_{j+1} (j < 3); rescale(q, 3);
**        y_i = softplus(x_i x_{i+1 mod n}) + q_{i mod 3}         (n = 10)
** The hand rule computes one tangent direction; under jacfwd each direction
** needs its own call's result, and the in-place update must still happen
** exactly once; g uses softplus alone. Oracles: the closed form (ORACLE_RTOL_EXACT), central
** differences (ORACLE_RTOL_FD), jacfwd = jacrev (softplus by its custom_vjp
** rule, rescale differentiated), y equals f's.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double softplus(double u) { return log1p(exp(u)); }

double my_softplus_jvp(double u, double u_dot, double *ret_dot)
{
    *ret_dot = u_dot / (1.0 + exp(-u));
    return softplus(u);
}

double my_softplus_vjp(double u, double *u_bar, double ret_bar)
{
    *u_bar += ret_bar / (1.0 + exp(-u));
    return softplus(u);
}

void rescale(double *p, int m)
{
    double p0 = p[0];
    for (int j = 0; j < m; j++)
        p[j] = 2.0 * p[j] + p0 * p[j];
}

void my_rescale_jvp(double *p, double *p_dot, int m)
{
    double p0 = p[0], d0 = p_dot[0];
    for (int j = 0; j < m; j++) {
        p_dot[j] = (2.0 + p0) * p_dot[j] + d0 * p[j];
        p[j] = 2.0 * p[j] + p0 * p[j];
    }
}

#pragma ad custom_jvp(softplus, my_softplus_jvp)
#pragma ad custom_vjp(softplus, my_softplus_vjp)
#pragma ad custom_jvp(rescale, my_rescale_jvp)

void f(const double *x, double *y, int n)
{
    double q[3];
    for (int j = 0; j < 3; j++)
        q[j] = x[j] * x[j + 1];
    rescale(q, 3);
    for (int i = 0; i < n; i++)
        y[i] = softplus(x[i] * x[(i + 1) % n]) + q[i % 3];
}

/* softplus alone: its rule runs once per direction, each into its own slot */
void g(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = softplus(x[i] * x[(i + 1) % n]);
}

#pragma ad jacfwd(f) wrt(x[n]) out(y[n])
#pragma ad jacrev(f) wrt(x[n]) out(y[n])
#pragma ad jacfwd(g) wrt(x[n]) out(y[n])

#include "fwd_custom.ad.h"

#define N 10

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    f(x, y, N);
}

int main(void)
{
    double x[N], y0[N], y[N], jf[N * N], jr[N * N], want[N * N], fd[N * N], e[N], col[N];
    OracleRng rng = oracle_rng(12);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    f(x, y0, N);

    /* q_j = (2 + q0) r_j with r_j = x_j x_{j+1}, r_0 = q0 = x_0 x_1 */
    memset(want, 0, sizeof want);
    for (int i = 0; i < N; i++) {
        int a = (i + 1) % N, j = i % 3;
        double s = 1.0 / (1.0 + exp(-x[i] * x[a])), r0 = x[0] * x[1], rj = x[j] * x[j + 1];
        want[i * N + i] += s * x[a];
        want[i * N + a] += s * x[i];
        want[i * N + j] += (2.0 + r0) * x[j + 1];
        want[i * N + j + 1] += (2.0 + r0) * x[j];
        want[i * N + 0] += rj * x[1];
        want[i * N + 1] += rj * x[0];
    }
    for (int j = 0; j < N; j++) {
        for (int k = 0; k < N; k++)
            e[k] = k == j;
        oracle_fd_jvp(f_flat, NULL, N, N, x, e, col);
        for (int i = 0; i < N; i++)
            fd[i * N + j] = col[i];
    }

    f_jacfwd(x, y, N, jf);
    CHECK_VEC_CLOSE("f_jacfwd: y is f's (rescale ran once)", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    f_jacrev(x, y, N, jr);
    CHECK_VEC_CLOSE("f_jacrev: y is f's", y, y0, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("jacfwd closed form", jf, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacrev closed form", jr, want, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, N * N, ORACLE_RTOL_FD, oracle_fd_atol(oracle_norm_inf(y0, N)));
    CHECK_VEC_CLOSE("jacfwd = jacrev", jf, jr, N * N, ORACLE_RTOL_EXACT, 1e-15);

    /* g: the softplus part of f's Jacobian */
    double gy0[N], gy[N], gj[N * N], gwant[N * N];
    g(x, gy0, N);
    memset(gwant, 0, sizeof gwant);
    for (int i = 0; i < N; i++) {
        int a = (i + 1) % N;
        double s = 1.0 / (1.0 + exp(-x[i] * x[a]));
        gwant[i * N + i] += s * x[a];
        gwant[i * N + a] += s * x[i];
    }
    g_jacfwd(x, gy, N, gj);
    CHECK_VEC_CLOSE("g_jacfwd: y is g's", gy, gy0, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("g_jacfwd closed form", gj, gwant, N * N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
