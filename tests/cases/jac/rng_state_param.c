/* jac/rng_state_param: drivers over functions that draw noise with
** rand_r(seed) from a generator state passed by pointer (unsigned *seed,
** the re-entrant idiom), a parameter in no clause. jacfwd over 12 columns
** runs f once per sweep of 8, jacrev over a vector output a vjp per row:
** each sweep would draw other numbers (before: columns 8..11 of jacfwd 7
** to 11% off, jacrev's rows off by up to 0.5, *seed advanced by a call
** per sweep). The drivers put *seed back before each sweep (f hands it
** whole to rand_r, whose state is one unsigned) and leave it as one call
** leaves it, as they do a generator in a global (jac/rng_sweeps).
** hessian over 20 inputs (two sweeps of 16) likewise.
** Oracles: grad (one sweep); hessian: its closed-form diagonal; a one-sweep jacfwd (4 columns) for jacrev;
** the state after each driver against one call of f. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include "ccad.h"
#include "ccad_oracle.h"

double noisy(const double *x, int n, unsigned *seed)
{
    double e = 0;
    for (int i = 0; i < n; i++) {
        double eps = rand_r(seed) / (double)RAND_MAX;
        e += (1 + eps) * x[i] * x[i];
    }
    return e;
}

void noisy2(const double *x, double *y, int n, unsigned *seed)
{
    for (int i = 0; i < n; i++) {
        double eps = rand_r(seed) / (double)RAND_MAX;
        y[i] = (1 + eps) * x[i] * x[(i + 1) % n];
    }
}

#pragma ad jacfwd(noisy) wrt(x[n]) out(return)
#pragma ad jacrev(noisy2) wrt(x[n]) out(y[n])
#pragma ad jacfwd(noisy2) wrt(x[4]) out(y[n])
#pragma ad grad(noisy) wrt(x[n])
#pragma ad hessian(noisy) wrt(x[n])

#include "rng_state_param.ad.h"
#define N 12

int main(void)
{
    double x[N], g[N], J[N];
    for (int i = 0; i < N; i++) x[i] = 0.1 * i - 0.4;
    unsigned s0 = 42, s1 = 42;
    noisy(x, N, &s0);                       /* the state one call leaves */
    noisy_grad(x, g, N, &s1);
    CHECK_EQ_INT("grad leaves *seed as one call", (long)s1, (long)s0);
    s1 = 42;
    noisy_jacfwd(x, N, &s1, J);
    CHECK_VEC_CLOSE("jacfwd == grad", J, g, N, 1e-13, 1e-13);
    CHECK_EQ_INT("jacfwd leaves *seed as one call", (long)s1, (long)s0);
    double x4[4] = {0.5, 1, 1.5, 2}, y[4], Jr[16], Jf[16];
    unsigned a = 42, b = 42, c = 42;
    noisy2(x4, y, 4, &c);
    noisy2_jacfwd(x4, y, 4, &a, Jf);        /* 4 columns: one sweep */
    CHECK_EQ_INT("one-sweep jacfwd leaves *seed as one call", (long)a, (long)c);
    noisy2_jacrev(x4, y, 4, &b, Jr);
    CHECK_VEC_CLOSE("jacrev == one-sweep jacfwd", Jr, Jf, 16, 1e-13, 1e-13);
    CHECK_EQ_INT("jacrev leaves *seed as one call", (long)b, (long)c);
    /* hessian over 20 inputs: two sweeps of 16 columns */
    double x20[20];
    static double H[400];
    unsigned h = 42, r = 42;
    for (int i = 0; i < 20; i++) x20[i] = 0.05 * i;
    noisy_hessian(x20, 20, &h, H);
    for (int i = 0; i < 20; i++) {
        double eps = rand_r(&r) / (double)RAND_MAX;
        CHECK_CLOSE("hessian diagonal 2 (1 + eps_i)", H[i * 20 + i], 2 * (1 + eps), 1e-13, 0);
    }
    CHECK_EQ_INT("hessian leaves *seed as one call", (long)h, (long)r);
    return oracle_result();
}
