/* jac/call_generated_more (probe6): functions of the file that call
** functions cc-ad generates (as jvp/call_generated_grad, in more shapes):
** grad of a loss plus a penalty on its directional derivative (reverse
** over a call of loss_jvp, which uses no tape), jacfwd and vmap of one
** gradient step (forward over a call of loss_grad), jvp of a Newton-like
** step that calls loss_grad and loss_hvp. Oracles: central differences
** of the original functions (1e-6 relative); vmap against the unbatched
** calls bitwise.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

double loss(const double *w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += cosh(w[i] - 0.1 * i) + 0.3 * w[i] * w[(i + 1) % n];
    return s;
}
#pragma ad grad(loss) wrt(w[n])
#pragma ad jvp(loss) wrt(w[n])
#pragma ad hvp(loss) wrt(w[n])

double loss_grad(const double *w, double *w_bar, int n);
double loss_jvp(const double *w, const double *w_dot, int n, double *ret_dot);
double loss_hvp(const double *w, const double *w_v, double *w_hv, int n);

/* loss plus a penalty on the directional derivative along d */
double penal(const double *w, const double *d, int n)
{
    double dd;
    double l = loss_jvp(w, d, n, &dd);
    return l + 0.5 * dd * dd;
}
#pragma ad grad(penal) wrt(w[n])

/* one gradient step, then loss */
double step1(const double *w0, double lr, int n)
{
    double w[8], g[8];
    loss_grad(w0, g, n);
    for (int i = 0; i < n; i++) w[i] = w0[i] - lr * g[i];
    return loss(w, n);
}
#pragma ad jacfwd(step1) wrt(w0[n], lr)
#pragma ad vmap(step1) batch(w0[n], lr)

/* a damped Newton-like step along g using hvp */
double newton1(const double *w0, int n)
{
    double g[8], hg[8], w[8];
    loss_grad(w0, g, n);
    loss_hvp(w0, g, hg, n);
    double num = 0, den = 0;
    for (int i = 0; i < n; i++) { num += g[i] * g[i]; den += g[i] * hg[i]; }
    double a = num / den;
    for (int i = 0; i < n; i++) w[i] = w0[i] - a * g[i];
    return loss(w, n);
}
#pragma ad jvp(newton1) wrt(w0[n])

#include "call_generated_more.ad.h"

#define N 4
static double D[N] = {0.3, -0.7, 0.2, 0.5};
static void P(void *c, const double *x, double *y) { (void)c; y[0] = penal(x, D, N); }
static void S(void *c, const double *x, double *y) { (void)c; y[0] = step1(x, x[N], N); }
static void NW(void *c, const double *x, double *y) { (void)c; y[0] = newton1(x, N); }

int main(void)
{
    OracleRng rng = oracle_rng(41);
    double w[N + 1], g[N + 1], fd[N + 1], v[N];
    oracle_fill_uniform(&rng, w, N, -0.5, 0.5);
    w[N] = 0.1;
    double f0 = penal(w, D, N);
    CHECK_CLOSE("penal primal", penal_grad(w, g, D, N), f0, 1e-14, 0);
    oracle_fd_grad(P, NULL, N, w, fd);
    CHECK_VEC_CLOSE("grad(penal)", g, fd, N, 1e-6, oracle_fd_atol(f0));
    double J[N + 1];
    step1_jacfwd(w, w[N], N, J);
    oracle_fd_grad(S, NULL, N + 1, w, fd);
    CHECK_VEC_CLOSE("jacfwd(step1)", J, fd, N + 1, 1e-6, 1e-8);
    double W[3 * N], LR[3] = {0.1, 0.2, 0.05}, R[3];
    for (int b = 0; b < 3; b++) memcpy(W + b * N, w, sizeof(double) * N), W[b * N] += b * 0.1;
    step1_vmap(3, W, LR, N, R);
    for (int b = 0; b < 3; b++) CHECK_CLOSE("vmap(step1)", R[b], step1(W + b * N, LR[b], N), 1e-15, 0);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    double d;
    double nv = newton1_jvp(w, v, N, &d);
    CHECK_CLOSE("newton primal", nv, newton1(w, N), 1e-14, 0);
    double dfd;
    oracle_fd_jvp(NW, NULL, N, 1, w, v, &dfd);
    CHECK_CLOSE("jvp(newton1)", d, dfd, 1e-6, 1e-8);
    return oracle_result();
}
