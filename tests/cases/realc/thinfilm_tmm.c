// CFLAGS: -fopenmp -D_DEFAULT_SOURCE
// LIBS: -fopenmp
/*
** realc/thinfilm_tmm: thin-film optics by the transfer-matrix method as
** optical-design C writes it: C99 double complex refractive indices (an
** absorbing layer with k > 0), the characteristic 2 x 2 complex matrix of each
** layer (ccos, csin of the complex phase), matrix products in a loop over
** layers, the amplitude reflection coefficient and R = |r|^2 by cabs.
** Requests: grad of the reflectance wrt the layer thicknesses; jvp; vmap over
** a batch of wavelengths (a spectrum), and vmap of the gradient.
** Oracles: central differences (h = 1e-6 nm, rtol 1e-6); jvp by dot product
** (1e-12); vmap = the scalar calls (1e-14); the primal against the closed
** form of a lossless quarter-wave stack (H L)^3 at its design wavelength,
** R = ((n0 - Y)/(n0 + Y))^2 with Y = (nH/nL)^6 ns (1e-12).
*/
#include <complex.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef double complex cplx;

double reflectance(const double *d, const double *nr, const double *ki, int L, double lambda, double n0, double ns)
{
    cplx M[2][2] = {{1, 0}, {0, 1}};
    for (int l = 0; l < L; l++) {
        cplx N = nr[l] + I * ki[l];
        cplx delta = 2.0 * M_PI * N * d[l] / lambda;
        cplx c = ccos(delta), s = csin(delta);
        cplx A[2][2] = {{c, I * s / N}, {I * N * s, c}};
        cplx T[2][2];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) T[i][j] = M[i][0] * A[0][j] + M[i][1] * A[1][j];
        memcpy(M, T, sizeof M);
    }
    cplx B = M[0][0] + M[0][1] * ns, C = M[1][0] + M[1][1] * ns;
    cplx r = (n0 * B - C) / (n0 * B + C);
    return cabs(r) * cabs(r);
}
#pragma ad grad(reflectance) wrt(d[L])
#pragma ad jvp(reflectance) wrt(d[L])
#pragma ad vmap(reflectance) batch(lambda)
#pragma ad vmap(reflectance_grad) batch(d[L], lambda)

#include "thinfilm_tmm.ad.h"

#define NL 6
int main(void)
{
    double d[NL], nr[NL], ki[NL], g[NL], lam = 550.0, n0 = 1.0, ns = 1.52, h = 1e-6;
    for (int l = 0; l < NL; l++) { nr[l] = l % 2 ? 1.46 : 2.35; ki[l] = l == 3 ? 0.05 : 0.0; d[l] = lam / (4 * nr[l]) * (1 + 0.03 * l); }
    double R0 = reflectance(d, nr, ki, NL, lam, n0, ns), R1 = reflectance_grad(d, g, nr, ki, NL, lam, n0, ns);
    CHECK_CLOSE("primal", R1, R0, 1e-15, 0);
    for (int j = 0; j < NL; j++) {
        double dp[NL], dm[NL]; memcpy(dp, d, sizeof d); memcpy(dm, d, sizeof d); dp[j] += h; dm[j] -= h;
        CHECK_CLOSE("dR/dd vs fd", g[j], (reflectance(dp, nr, ki, NL, lam, n0, ns) - reflectance(dm, nr, ki, NL, lam, n0, ns)) / (2 * h), 1e-6, 1e-10);
    }
    double v[NL], Rd = 0;
    for (int j = 0; j < NL; j++) v[j] = cos(1.0 + j);
    reflectance_jvp(d, v, nr, ki, NL, lam, n0, ns, &Rd);
    CHECK_CLOSE("jvp . dot", Rd, oracle_dot(v, g, NL), 1e-12, 1e-14);
    /* quarter-wave stack, lossless, at its design wavelength: Y = (nH/nL)^(2p) nH^2... here p = 3 pairs (H L)^3 on the substrate */
    double dq[NL], kz[NL] = {0}, Rq;
    for (int l = 0; l < NL; l++) dq[l] = lam / (4 * nr[l]);
    Rq = reflectance(dq, nr, kz, NL, lam, n0, ns);
    double Y = pow(2.35 / 1.46, 2 * 3) * ns;   /* (H L)^3 then substrate: admittance (nH/nL)^(2p) ns */
    CHECK_CLOSE("quarter-wave stack", Rq, pow((n0 - Y) / (n0 + Y), 2), 1e-12, 1e-14);
    enum { B = 7 };
    double lams[B], Rs[B], ds[B * NL], gs[B * NL], rets[B];
    for (int b = 0; b < B; b++) { lams[b] = 400 + 50 * b; memcpy(ds + b * NL, d, sizeof d); }
    reflectance_vmap(B, d, nr, ki, NL, lams, n0, ns, Rs);
    reflectance_grad_vmap(B, ds, gs, nr, ki, NL, lams, n0, ns, rets);
    for (int b = 0; b < B; b++) {
        double gg[NL];
        CHECK_CLOSE("vmap", Rs[b], reflectance(d, nr, ki, NL, lams[b], n0, ns), 1e-14, 0);
        CHECK_CLOSE("vmap(grad) ret", rets[b], reflectance_grad(d, gg, nr, ki, NL, lams[b], n0, ns), 1e-14, 0);
        CHECK_VEC_CLOSE("vmap(grad)", gs + b * NL, gg, NL, 1e-14, 1e-16);
    }
    return oracle_result();
}
