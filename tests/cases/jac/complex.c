/*
** jac/complex: jacfwd, jacrev, hessian and hvp with complex inputs and
** outputs. A complex number counts as two real entries, its real part then
** its imaginary part (the manual's layout), so the matrices are real:
**   wrt(z[n], c)   columns  Re z0, Im z0, ..., Re c, Im c
**   out(w[n])      rows     Re w0, Im w0, ...
** and the 2x2 block of a holomorphic map w = f(z) is [[a, -b], [b, a]]
** with f'(z) = a + i b. hvp: the direction and the result of a complex
** input are complex ((Re, Im) of the flat vector). Oracles: jacfwd against
** central differences of flat wrappers written here (ORACLE_RTOL_FD), the
** Cauchy-Riemann block of w_i = z_i^2 c against the closed form 2 z_i c,
** jacrev == jacfwd, the Hessian against central differences of the
** gradient (which grad checks against differences too), hvp == H v (1e-12).
*/
#include <complex.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

#define N 3

void rotate(const double complex *z, double complex c, double complex *w, int n)
{
    for (int i = 0; i < n; i++)
        w[i] = z[i] * z[i] * c;
}

double energy(const double complex *z, double complex c, int n)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        double complex d = z[i] - c;
        e += creal(d * conj(d)) * cabs(z[(i + 1) % n]) + cimag(csin(z[i] * c));
    }
    return e;
}

#pragma ad jacfwd(rotate) wrt(z[n], c) out(w[n])
#pragma ad jacrev(rotate) wrt(z[n], c) out(w[n])
#pragma ad grad(energy) wrt(z[n], c)
#pragma ad hessian(energy) wrt(z[n], c)
#pragma ad hvp(energy) wrt(z[n], c)

#include "complex.ad.h"

enum { NI = 2 * N + 2, NO = 2 * N };

static void rotate_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double complex z[N], w[N];
    for (int i = 0; i < N; i++)
        z[i] = CMPLX(x[2 * i], x[2 * i + 1]);
    rotate(z, CMPLX(x[2 * N], x[2 * N + 1]), w, N);
    for (int i = 0; i < N; i++) {
        y[2 * i] = creal(w[i]);
        y[2 * i + 1] = cimag(w[i]);
    }
}

static void grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    double complex z[N], zb[N], cb;
    for (int i = 0; i < N; i++)
        z[i] = CMPLX(x[2 * i], x[2 * i + 1]);
    energy_grad(z, zb, CMPLX(x[2 * N], x[2 * N + 1]), &cb, N);
    for (int i = 0; i < N; i++) {
        g[2 * i] = creal(zb[i]);
        g[2 * i + 1] = cimag(zb[i]);
    }
    g[2 * N] = creal(cb);
    g[2 * N + 1] = cimag(cb);
}

static void energy_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    double complex z[N];
    for (int i = 0; i < N; i++)
        z[i] = CMPLX(x[2 * i], x[2 * i + 1]);
    y[0] = energy(z, CMPLX(x[2 * N], x[2 * N + 1]), N);
}

int main(void)
{
    OracleRng rng = oracle_rng(5);
    double x[NI];
    oracle_fill_uniform(&rng, x, NI, -1.0, 1.0);
    double complex z[N], c = CMPLX(x[2 * N], x[2 * N + 1]), w[N], w0[N];
    for (int i = 0; i < N; i++)
        z[i] = CMPLX(x[2 * i], x[2 * i + 1]);
    rotate(z, c, w0, N);

    double jf[NO * NI], jr[NO * NI], fd[NO * NI], col[NO], e[NI];
    rotate_jacfwd(z, c, w, N, jf);
    for (int i = 0; i < N; i++) {
        CHECK_CLOSE("jacfwd primal re", creal(w[i]), creal(w0[i]), 1e-15, 0);
        CHECK_CLOSE("jacfwd primal im", cimag(w[i]), cimag(w0[i]), 1e-15, 0);
    }
    for (int j = 0; j < NI; j++) {
        memset(e, 0, sizeof e);
        e[j] = 1.0;
        oracle_fd_jvp(rotate_flat, NULL, NI, NO, x, e, col);
        for (int i = 0; i < NO; i++)
            fd[i * NI + j] = col[i];
    }
    CHECK_VEC_CLOSE("jacfwd vs FD", jf, fd, NO * NI, ORACLE_RTOL_FD, oracle_fd_atol(4.0));
    for (int i = 0; i < N; i++) {
        double complex d = 2.0 * z[i] * c; /* dw_i/dz_i, holomorphic */
        CHECK_CLOSE("jacfwd dRe w/dRe z", jf[2 * i * NI + 2 * i], creal(d), 1e-13, 1e-15);
        CHECK_CLOSE("jacfwd dRe w/dIm z", jf[2 * i * NI + 2 * i + 1], -cimag(d), 1e-13, 1e-15);
        CHECK_CLOSE("jacfwd dIm w/dRe z", jf[(2 * i + 1) * NI + 2 * i], cimag(d), 1e-13, 1e-15);
        CHECK_CLOSE("jacfwd dIm w/dIm z", jf[(2 * i + 1) * NI + 2 * i + 1], creal(d), 1e-13, 1e-15);
    }
    rotate_jacrev(z, c, w, N, jr);
    CHECK_VEC_CLOSE("jacrev == jacfwd", jr, jf, NO * NI, 1e-13, 1e-14);

    double g[NI], gfd[NI], h[NI * NI], hfd[NI * NI], gp[NI], gm[NI], xp[NI];
    grad_flat(NULL, x, g);
    oracle_fd_grad(energy_flat, NULL, NI, x, gfd);
    CHECK_VEC_CLOSE("grad vs FD", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(4.0));
    double e0 = energy(z, c, N);
    CHECK_CLOSE("hessian primal", energy_hessian(z, c, N, h), e0, 1e-15, 0);
    for (int j = 0; j < NI; j++) {
        double step = oracle_fd_step(x[j], DBL_EPSILON);
        memcpy(xp, x, sizeof xp);
        xp[j] = x[j] + step;
        grad_flat(NULL, xp, gp);
        xp[j] = x[j] - step;
        grad_flat(NULL, xp, gm);
        for (int i = 0; i < NI; i++)
            hfd[i * NI + j] = (gp[i] - gm[i]) / (2 * step);
    }
    CHECK_VEC_CLOSE("hessian vs FD of grad", h, hfd, NI * NI, ORACLE_RTOL_FD, oracle_fd_atol(10.0));

    double v[NI], hv[NI], want[NI];
    oracle_fill_normal(&rng, v, NI);
    double complex zv[N], zhv[N], chv;
    for (int i = 0; i < N; i++)
        zv[i] = CMPLX(v[2 * i], v[2 * i + 1]);
    CHECK_CLOSE("hvp primal", energy_hvp(z, zv, zhv, c, CMPLX(v[2 * N], v[2 * N + 1]), &chv, N), e0, 1e-15, 0);
    for (int i = 0; i < N; i++) {
        hv[2 * i] = creal(zhv[i]);
        hv[2 * i + 1] = cimag(zhv[i]);
    }
    hv[2 * N] = creal(chv);
    hv[2 * N + 1] = cimag(chv);
    for (int i = 0; i < NI; i++) {
        want[i] = 0.0;
        for (int j = 0; j < NI; j++)
            want[i] += h[i * NI + j] * v[j];
    }
    CHECK_VEC_CLOSE("hvp == H v", hv, want, NI, 1e-12, 1e-12);
    return oracle_result();
}
