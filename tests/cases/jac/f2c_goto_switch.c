/*
** jac/f2c_goto_switch: an f2c-translated residual as f2c writes it: every
** argument by pointer (sizes in the request through them: x[*n],
** fvec[*m]), 1-based shifts of parameters and of a malloc'd work array,
** an early return on *iflag == 0, a `while` whose condition assigns
** ((d = x[k] - t) < 2.0), a `switch` with a fall-through case and a
** `continue` out of it, and a `goto done` that skips the rest of the loop
** to the cleanup (free(w + 1)).
** Requests: jacfwd, jacrev (sized through *n, *m), jvp, vjp (unsized).
** Oracles: jacfwd against central differences (h = 1e-6, rtol 1e-6);
** jacrev equal to jacfwd to rounding; vjp against jvp by the dot product.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* f2c style: everything by pointer, 1-based, goto cleanup */
int fcn_(const int *m, const int *n, const double *x, double *fvec, int *iflag)
{
    int i, k;
    double d, t, *w;
    --fvec; --x;
    if (*iflag == 0) return 0;
    w = (double *)malloc((size_t)*n * sizeof(double));
    if (!w) { *iflag = -1; return -1; }
    --w;
    for (k = 1; k <= *n; ++k) w[k] = x[k] * x[k];
    for (i = 1; i <= *m; ++i) {
        t = (double)i / *m;
        fvec[i] = 0.0;
        k = 1;
        while ((d = x[k] - t) < 2.0 && k < *n) {
            switch (k % 3) {
            case 0: fvec[i] += d * w[k]; break;
            case 1: fvec[i] += sin(d);        /* fall through */
            case 2: if (d < 0) { k++; continue; } fvec[i] += d * d; break;
            }
            ++k;
        }
        if (fvec[i] > 5.0) goto done;
        fvec[i] -= w[*n] * t;
    }
done:
    free(w + 1);
    return 0;
}

#pragma ad jacfwd(fcn_) wrt(x[*n]) out(fvec[*m])
#pragma ad jacrev(fcn_) wrt(x[*n]) out(fvec[*m])
#pragma ad jvp(fcn_) wrt(x) out(fvec)
#pragma ad vjp(fcn_) wrt(x) out(fvec)

#include "f2c_goto_switch.ad.h"
#define M 5
#define N 4
int main(void)
{
    int m = M, n = N, iflag = 1;
    /* point 0 runs every row; point 1 leaves by `goto done` after row 1
    ** (fvec[1] > 5): rows 2..5 are not written, so their derivatives are 0
    ** (outputs start zeroed here, for f and for the differences) */
    const double pts[2][N] = {{0.3, -0.2, 0.8, 0.55}, {1.9, 1.5, 1.8, 1.2}};
    for (int pt = 0; pt < 2; pt++) {
        double x[N], fv[M] = {0}, J1[M * N], J2[M * N], Jd[M * N];
        memcpy(x, pts[pt], sizeof x);
        fcn__jacfwd(&m, &n, x, fv, &iflag, J1);
        fcn__jacrev(&m, &n, x, fv, &iflag, J2);
        for (int j = 0; j < N; j++) {
            double a[N], b[N], fa[M] = {0}, fb[M] = {0}, h = 1e-6;
            memcpy(a, x, sizeof a); memcpy(b, x, sizeof b); a[j] += h; b[j] -= h;
            fcn_(&m, &n, a, fa, &iflag); fcn_(&m, &n, b, fb, &iflag);
            for (int i = 0; i < M; i++) Jd[i * N + j] = (fa[i] - fb[i]) / (2 * h);
        }
        CHECK_VEC_CLOSE("jacfwd", J1, Jd, M * N, 1e-6, 1e-8);
        CHECK_VEC_CLOSE("jacrev", J2, J1, M * N, 1e-12, 1e-14);
        double v[N] = {1, -2, 0.5, 0.25}, fd[M] = {0}, wb[M] = {0.1, 0.2, -0.3, 0.4, 1.0}, xb[N] = {0};
        fcn__jvp(&m, &n, x, v, fv, fd, &iflag);
        double lhs = oracle_dot(fd, wb, M);
        fcn__vjp(&m, &n, x, xb, fv, wb, &iflag);
        CHECK_CLOSE("dot", lhs, oracle_dot(xb, v, N), 1e-12, 1e-14);
    }
    return oracle_result();
}
