/*
** cuda/reverse: cuda() of reverse-mode functions (grad, vjp, hvp), whose
** code uses the tape: each element gets its own device tape. The
** per-element code runs on the CPU through f_cuda_host and must equal
** the unbatched f_grad / f_vjp / f_hvp element by element, bitwise. The
** loss has a data-dependent loop (its trip count is taped), a local
** array in a callee (a frame) and overwritten values; elements differ in
** trip counts, so their tapes differ in size.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad_oracle.h"

static void smooth(double *t, const double *x, int n)
{
    double w[4];
    for (int k = 0; k < 4; k++)
        w[k] = 0.25 * (k + 1);
    for (int i = 0; i < n; i++)
        t[i] = w[i % 4] * x[i] + sin(x[(i + 1) % n]);
}

double loss(const double *x, double a, int n)
{
    double *t = malloc((size_t)n * sizeof(double));
    smooth(t, x, n);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = t[i] * a;
        v = v * v + exp(-v);
        s += v;
    }
    free(t);
    /* refine until the value settles: the count depends on the data */
    double y = s;
    int it = 0;
    while (fabs(y * y - s) > 1e-12 * s && it < 60) {
        y = 0.5 * (y + s / y);
        it++;
    }
    return y;
}

/* functions whose gradients use the tape only through loss's sweeps,
** which the first cuda request of the two puts on the device */
double twice(const double *x, double a, int n)
{
    return 2.0 * loss(x, a, n);
}

double thrice(const double *x, double a, int n)
{
    return 3.0 * loss(x, a, n);
}

#pragma ad grad(loss) wrt(x[n], a)
#pragma ad grad(twice) wrt(x[n])
#pragma ad grad(thrice) wrt(x[n])
#pragma ad vjp(loss) wrt(x[n], a)
#pragma ad hvp(loss) wrt(x[n])
#pragma ad cuda(loss_grad) batch(x[n], a, x_bar[n], a_bar[1])
#pragma ad cuda(loss_vjp) batch(x[n], a, ret_bar, x_bar[n], a_bar[1])
#pragma ad cuda(loss_hvp) batch(x[n], a, x_v[n], x_hv[n])
#pragma ad vmap(loss_grad) batch(x[n], a, x_bar[n], a_bar[1])
#pragma ad cuda(twice_grad) batch(x[n], x_bar[n], a)
#pragma ad cuda(thrice_grad) batch(x[n], x_bar[n], a)

#include "reverse.ad.h"

enum { B = 48, N = 7 };

int main(void)
{
    OracleRng rng = oracle_rng(15);
    static double x[B * N], v[B * N], a[B], rb[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.2, 3.0);
    oracle_fill_uniform(&rng, rb, B, -2.0, 2.0);

    /* the oracle: the unbatched functions, element by element */
    static double gx[B * N], ga[B], gr[B], jx[B * N], ja[B], jr[B], hx[B * N], hr[B];
    for (int b = 0; b < B; b++) {
        gr[b] = loss_grad(x + b * N, gx + b * N, a[b], &ga[b], N);
        jx[b * N] = 0.5;  /* vjp accumulates: start from something */
        ja[b] = -1.0;
        jr[b] = loss_vjp(x + b * N, jx + b * N, a[b], &ja[b], N, rb[b]);
        hr[b] = loss_hvp(x + b * N, v + b * N, hx + b * N, a[b], N);
    }

    static double cx[B * N], ca[B], cr[B];
    loss_grad_cuda_host(B, x, cx, a, ca, N, cr);
    CHECK_VEC_CLOSE("loss_grad_cuda_host value", cr, gr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_cuda_host x_bar", cx, gx, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_cuda_host a_bar", ca, ga, B, 0.0, 0.0);

    static double vx[B * N], va[B], vr[B];
    loss_grad_vmap(B, x, vx, a, va, N, vr);
    CHECK_VEC_CLOSE("loss_grad_vmap value", vr, gr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_vmap x_bar", vx, gx, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_vmap a_bar", va, ga, B, 0.0, 0.0);

    static double kx[B * N], ka[B], kr[B];
    for (int b = 0; b < B; b++) {
        kx[b * N] = 0.5;
        ka[b] = -1.0;
    }
    loss_vjp_cuda_host(B, x, kx, a, ka, N, rb, kr);
    CHECK_VEC_CLOSE("loss_vjp_cuda_host value", kr, jr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_vjp_cuda_host x_bar", kx, jx, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_vjp_cuda_host a_bar", ka, ja, B, 0.0, 0.0);

    static double qx[B * N], qr[B];
    loss_hvp_cuda_host(B, x, v, qx, a, N, qr);
    CHECK_VEC_CLOSE("loss_hvp_cuda_host value", qr, hr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_hvp_cuda_host x_hv", qx, hx, B * N, 0.0, 0.0);

    static double tx[B * N], tr[B], ux[B * N], ur[B];
    twice_grad_cuda_host(B, x, tx, a, N, tr);
    for (int b = 0; b < B; b++)
        ur[b] = twice_grad(x + b * N, ux + b * N, a[b], N);
    CHECK_VEC_CLOSE("twice_grad_cuda_host value", tr, ur, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("twice_grad_cuda_host x_bar", tx, ux, B * N, 0.0, 0.0);
    thrice_grad_cuda_host(B, x, tx, a, N, tr);
    for (int b = 0; b < B; b++)
        ur[b] = thrice_grad(x + b * N, ux + b * N, a[b], N);
    CHECK_VEC_CLOSE("thrice_grad_cuda_host value", tr, ur, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("thrice_grad_cuda_host x_bar", tx, ux, B * N, 0.0, 0.0);

    /* long elements: blocks larger than a tape segment and region */
    enum { B2 = 3, N2 = 6000 };  /* 96 KB blocks: more than the first 64 KiB region */
    static double lx[B2 * N2], la[B2], lg[B2 * N2], lga[B2], lr[B2], mx[B2 * N2], ma[B2], mr[B2];
    oracle_fill_uniform(&rng, lx, B2 * N2, -1.0, 1.0);
    oracle_fill_uniform(&rng, la, B2, 0.2, 3.0);
    for (int b = 0; b < B2; b++)
        lr[b] = loss_grad(lx + b * N2, lg + b * N2, la[b], &lga[b], N2);
    loss_grad_cuda_host(B2, lx, mx, la, ma, N2, mr);
    CHECK_VEC_CLOSE("long elements: value", mr, lr, B2, 0.0, 0.0);
    CHECK_VEC_CLOSE("long elements: x_bar", mx, lg, B2 * N2, 0.0, 0.0);

    /* empty elements (n = 0): blocks of no values, reserved and released */
    double za[2] = {0.0, 0.0}, zr[2] = {-1.0, -1.0}, zw = loss_grad(x, cx, a[0], &za[0], 0);
    loss_grad_cuda_host(2, x, cx, a, za, 0, zr);
    CHECK_CLOSE("empty elements", zr[1], zw, 0.0, 0.0);

    /* an independent oracle for the gradient: central differences */
    for (int b = 0; b < B; b += 7) {
        double xp[N];
        for (int i = 0; i < N; i++) {
            double h = 1e-6, fp, fm;
            for (int j = 0; j < N; j++) xp[j] = x[b * N + j];
            xp[i] += h;
            fp = loss(xp, a[b], N);
            xp[i] -= 2 * h;
            fm = loss(xp, a[b], N);
            CHECK_CLOSE("loss_grad against central differences", gx[b * N + i], (fp - fm) / (2 * h), 1e-6, 1e-5);
        }
    }

    /* without a GPU (or with host pointers) an error code, never a crash */
    CHECK_TRUE("an empty batch succeeds", loss_grad_cuda(0, x, cx, a, ca, N, cr) == 0);
    int err = loss_grad_cuda(B, x, cx, a, ca, N, cr);
    CHECK_TRUE("host pointers give an error code", err != 0);
    return oracle_result();
}
