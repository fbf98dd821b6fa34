/* side effects run exactly as often as in the original (contract 1/4): a global
   counter incremented and a log line printed once per call of f, in every mode,
   including drivers that need several sweeps (jacfwd and hessian with 20 inputs,
   jacrev with 12 outputs) and vmap (once per element). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"

int calls;
int printed;

static void note(double v)
{
    char buf[64];
    printed += snprintf(buf, sizeof buf, "f: %.3f\n", v) > 0;
}

double f(const double *x, int n)
{
    calls++;
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(x[i]) * x[(i + 3) % n];
    note(s);
    return s;
}

void F(const double *x, int n, double *y, int m)
{
    calls++;
    for (int j = 0; j < m; j++) {
        y[j] = 0;
        for (int i = 0; i < n; i++) y[j] += cos(x[i] * (j + 1));
    }
    note(y[0]);
}

#pragma ad jvp(f) wrt(x)
#pragma ad grad(f) wrt(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad jacrev(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])
#pragma ad hvp(f) wrt(x[n])
#pragma ad jacfwd(F) wrt(x[n]) out(y[m])
#pragma ad jacrev(F) wrt(x[n]) out(y[m])
#pragma ad vmap(f) batch(x[n])
#pragma ad vmap(f_grad) batch(x[n])

#include "side_effects_once.ad.h"

enum { N = 20, M = 12 };
static double x[N], v[N], g[N], H[N * N], J[M * N], y[M], X[3 * N], XB[3 * N], R[3];

#define ONCE(label, call, want)                      \
    do {                                             \
        calls = printed = 0;                         \
        call;                                        \
        CHECK_EQ_INT(label " counter", calls, want); \
        CHECK_EQ_INT(label " log", printed, want);   \
    } while (0)

int main(void)
{
    double t;
    for (int i = 0; i < N; i++) { x[i] = 0.1 * i - 0.7; v[i] = 1; }
    for (int i = 0; i < 3 * N; i++) X[i] = 0.05 * i;
    ONCE("jvp", f_jvp(x, v, N, &t), 1);
    ONCE("grad", f_grad(x, g, N), 1);
    ONCE("jacfwd", f_jacfwd(x, N, g), 1);
    ONCE("jacrev", f_jacrev(x, N, g), 1);
    ONCE("hessian", f_hessian(x, N, H), 1);
    ONCE("hvp", f_hvp(x, v, g, N), 1);
    ONCE("jacfwd F", F_jacfwd(x, N, y, M, J), 1);
    ONCE("jacrev F", F_jacrev(x, N, y, M, J), 1);
    ONCE("vmap", f_vmap(3, X, N, R), 3);
    ONCE("vmap(grad)", f_grad_vmap(3, X, XB, N, R), 3);
    return oracle_result();
}
