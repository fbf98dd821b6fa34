// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/goto_forward: jacfwd, hessian and vmap of the functions of
** grad/goto_forward (forward gotos out of loops, to error paths, to the end
** of a loop body, past declarations used after the label). gcc -O1 said
** 't may be used uninitialized' of a declaration the goto skips, hoisted
** before the guard without a value: such a scalar now starts at 0.
** Oracles: grad (checked against differences in grad/goto_forward) to
** 1e-12; the Hessian against central differences of grad (h = 1e-6,
** rtol 1e-5); vmap against the function, bit for bit.
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

static double search(const double *x, int n, double lim)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            s += x[i] * x[j] * 0.1;
            if (s > lim) goto found;
        }
    s = -s;
found:
    return s * s;
}

static double with_cleanup(const double *x, int n)
{
    double r = 0.0;
    double *buf = malloc((size_t)n * sizeof *buf);
    if (!buf) goto out;
    for (int i = 0; i < n; i++) {
        buf[i] = sin(x[i]);
        if (buf[i] < -0.9) goto fail;
    }
    for (int i = 0; i < n; i++) {
        if (buf[i] > 0.8) goto next;
        r += buf[i] * x[(i + 1) % n];
    next:
        r += 0.01 * buf[i];
    }
    free(buf);
    goto out;
fail:
    free(buf);
    r = -1.0;
out:
    return r;
}

static double sw(const double *x, int n)
{
    double t = 0.0;
    for (int i = 0; i < n; i++) {
        switch (i % 3) {
        case 0: t += x[i]; break;
        case 1: if (x[i] > 0.5) goto big; t -= x[i] * x[i]; break;
        default: t *= 1.0 + 0.1 * x[i];
        }
        continue;
    big:
        t += exp(x[i]);
    }
    return t;
}

/* declarations the goto skips, used after the label where it was not taken */
static double skip_decls(const double *x, int n)
{
    double r = 0.0;
    if (n < 2 || x[0] > 1.0) goto out;
    double t = x[0] * x[1];
    const double arr[2] = {t, sin(t)};
    r = arr[0] + arr[1];
out:
    return r + (n < 2 || x[0] > 1.0 ? 0.0 : t * t);
}

double f(const double *x, int n)
{
    return search(x, n, 1.0) + with_cleanup(x, n) + sw(x, n) + skip_decls(x, n);
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])
#pragma ad vmap(f) batch(x[n])
#include "goto_forward.ad.h"
#define N 6
int main(void)
{
    double xs[3][N] = {{0.1, 0.2, 0.3, 0.1, 0.2, 0.1}, {1.2, 0.9, 1.5, 0.7, 1.1, 1.3}, {-0.5, 0.7, 0.2, 0.1, 0.9, -0.4}};
    double r[3];
    f_vmap(3, &xs[0][0], N, r);
    for (int c = 0; c < 3; c++) {
        double *x = xs[c], g[N], J[N], H[N * N];
        CHECK_CLOSE("vmap", r[c], f(x, N), 0, 0);
        f_grad(x, g, N);
        f_jacfwd(x, N, J);
        CHECK_VEC_CLOSE("jacfwd = grad", J, g, N, 1e-12, 1e-14);
        f_hessian(x, N, H);
        for (int j = 0; j < N; j++) {
            double s = x[j], h = 1e-6, gp[N], gm[N];
            x[j] = s + h; f_grad(x, gp, N); x[j] = s - h; f_grad(x, gm, N); x[j] = s;
            for (int i = 0; i < N; i++) CHECK_CLOSE("H fd", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
        }
    }
    return oracle_result();
}
