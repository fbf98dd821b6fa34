// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/nested_shared: nested spellings that imply the same inner request
** share it (contract section 2: jvp(grad(f)) is grad(f) and jvp(f_grad)).
** jvp(grad(energy)) wrt(x[n]), vmap(grad(energy)) wrt(x[n]) batch(x[n])
** and an explicit grad(energy) wrt(x[n]) all mean one energy_grad.
** Regression: the second spelling was "another request already generates
** 'energy_grad'; choose another with name(...)", advice a nested spelling
** cannot follow.
** Oracles: jvp(grad) against central differences of the gradient
** (ORACLE_RTOL_FD); the gradient against the closed form; the batched
** gradient bitwise against energy_grad per element.
*/
#include <math.h>

#include "ccad_oracle.h"

double energy(const double *x, int n, double k)
{
    double e = 0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += 0.5 * k * d * d + cos(x[i]);
    }
    return e;
}

#pragma ad jvp(grad(energy)) wrt(x[n])
#pragma ad vmap(grad(energy)) wrt(x[n]) batch(x[n])
#pragma ad grad(energy) wrt(x[n])

#include "nested_shared.ad.h"

enum { N = 6, B = 3 };

int main(void)
{
    OracleRng rng = oracle_rng(7);
    double x[N], v[N], g[N], gd[N], want[N];
    double k = 1.7;
    oracle_fill_uniform(&rng, x, N, -1, 1);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    /* closed form: dE/dx_i = k (x_i - x_{i-1}) - k (x_{i+1} - x_i) - sin(x_i) (i < n-1) */
    for (int i = 0; i < N; i++) {
        want[i] = 0;
        if (i > 0) want[i] += k * (x[i] - x[i - 1]);
        if (i + 1 < N) want[i] += -k * (x[i + 1] - x[i]) - sin(x[i]);
    }
    double e = energy_grad(x, g, N, k);
    CHECK_CLOSE("energy_grad primal", e, energy(x, N, k), ORACLE_RTOL_EXACT, 0.0);
    oracle_check_vec("energy_grad closed form", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    energy_grad_jvp(x, v, g, gd, N, k);
    double xp[N], xm[N], gp[N], gm[N], fd[N];
    double h = 1e-6;
    for (int i = 0; i < N; i++) {
        xp[i] = x[i] + h * v[i];
        xm[i] = x[i] - h * v[i];
    }
    energy_grad(xp, gp, N, k);
    energy_grad(xm, gm, N, k);
    for (int i = 0; i < N; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
    oracle_check_vec("jvp(grad) vs differences of grad", gd, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    double X[B * N], G[B * N], E[B];
    for (int b = 0; b < B; b++)
        for (int i = 0; i < N; i++) X[b * N + i] = x[i] * (b + 1) * 0.5;
    energy_grad_vmap(B, X, G, N, k, E);
    for (int b = 0; b < B; b++) {
        double gb[N];
        double eb = energy_grad(X + b * N, gb, N, k);
        oracle_check_identical("vmap(grad) element", G + b * N, gb, N);
        CHECK_CLOSE("vmap(grad) primal", E[b], eb, 0.0, 0.0);
    }
    return oracle_result();
}
