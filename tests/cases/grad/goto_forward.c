/*
** grad/goto_forward: forward gotos as C code uses them: out of nested
** loops (goto found), error paths that free scratch (goto fail; goto out),
** a label at the end of a loop body (goto next: a continue), a goto out of
** a switch to the end of a loop body, two labels in one block, a goto
** past declarations that the code after the label uses. They were
** all refused ("goto and labels cannot be differentiated"); the contract
** refuses only a goto into a loop. cc-ad makes each such goto a flag: the
** loops between are left, the statements up to the label skipped.
** Four inputs take the different paths (printed). Oracles: the original
** function's value, bit for bit, from grad and jvp; central differences
** (h = 1e-7, rtol 1e-5: the paths change only away from these points);
** jvp = <grad, v>.
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
#pragma ad vjp(f) wrt(x)
#pragma ad jvp(f) wrt(x)

#include "goto_forward.ad.h"


#define N 6
int main(void)
{
    double xs[4][N] = {{0.1, 0.2, 0.3, 0.1, 0.2, 0.1},        /* no jump in search; next taken? */
                       {1.2, 0.9, 1.5, 0.7, 1.1, 1.3},        /* found, next (sin > 0.8), big */
                       {0.3, 0.6, -1.3, 0.2, 0.4, 0.1},       /* fail (sin < -0.9) */
                       {-0.5, 0.7, 0.2, 0.1, 0.9, -0.4}};
    for (int c = 0; c < 4; c++) {
        double *x = xs[c], g[N], d, v[N] = {1, -0.5, 0.25, 0.3, -0.7, 0.2};
        double fx = f(x, N);
        printf("case %d: search %g cleanup %g sw %g skip %g\n", c, search(x, N, 1.0), with_cleanup(x, N), sw(x, N),
               skip_decls(x, N));
        CHECK_CLOSE("grad primal", f_grad(x, g, N), fx, 0, 0);
        CHECK_CLOSE("jvp primal", f_jvp(x, v, N, &d), fx, 0, 0);
        CHECK_CLOSE("jvp = grad.v", d, oracle_dot(g, v, N), 1e-12, 1e-14);
        for (int k = 0; k < N; k++) {
            double s = x[k], h = 1e-7;
            x[k] = s + h; double fp = f(x, N); x[k] = s - h; double fm = f(x, N); x[k] = s;
            CHECK_CLOSE("grad fd", g[k], (fp - fm) / (2 * h), 1e-5, 1e-7);
        }
    }
    return oracle_result();
}
