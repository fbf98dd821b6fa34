// CFLAGS: -D_GNU_SOURCE
/* grad/sincos_rotation: GNU's sincos(x, &s, &c) (glibc <math.h> with
** _GNU_SOURCE), as rotation and FFT-twiddle code calls it for speed: the
** energy of a chain of planar links, each turned by its angle, the
** cosine and sine of every angle from one sincos call whose outputs are
** an array's elements (s + i, &c[i]); and float twiddles by sincosf. Both
** results carry derivatives (s' = c x', c' = -s x'); cc-ad used to refuse
** the call as a function whose body it cannot see. Oracles: the closed
** form of the gradient (the chain's end point in closed form: every
** link's angle is the sum of the angles before it) and central
** differences through ORACLE_XN_CASE (grad, vjp, jvp). */
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

/* end point of the chain; its squared distance to (1, 1) */
double chain(const double *th, int n)
{
    double s[16], c[16], ang = 0, px = 0, py = 0;
    for (int i = 0; i < n; i++) {
        ang += th[i];
        sincos(ang, s + i, &c[i]);
        px += c[i];
        py += s[i];
    }
    return (px - 1) * (px - 1) + (py - 1) * (py - 1);
}

/* float twiddles: sum of sin(w_k) cos(w_k) */
float spin(const float *w, int n)
{
    float r = 0;
    for (int k = 0; k < n; k++) {
        float sf, cf;
        sincosf(w[k], &sf, &cf);
        r += sf * cf;
    }
    return r;
}

#pragma ad grad(chain) wrt(th[n])
#pragma ad vjp(chain) wrt(th[n])
#pragma ad jvp(chain) wrt(th[n])
#pragma ad grad(spin) wrt(w[n])

#include "sincos_rotation.ad.h"

ORACLE_XN_WRAPPERS(chain, 5)

int main(void)
{
    double th[5] = {0.3, -0.2, 0.5, 0.1, -0.4}, g[5];
    double val = chain_grad(th, g, 5);
    /* closed form: angle a_k = th_0 + .. + th_k; dpx/dth_j = -sum_{k>=j} sin a_k */
    double a[5], px = 0, py = 0, acc = 0;
    for (int k = 0; k < 5; k++) {
        acc += th[k];
        a[k] = acc;
        px += cos(acc);
        py += sin(acc);
    }
    for (int j = 0; j < 5; j++) {
        double dpx = 0, dpy = 0;
        for (int k = j; k < 5; k++) {
            dpx -= sin(a[k]);
            dpy += cos(a[k]);
        }
        double want = 2 * (px - 1) * dpx + 2 * (py - 1) * dpy;
        CHECK_CLOSE("chain_grad closed form", g[j], want, 1e-6, 1e-9);
    }
    CHECK_CLOSE("chain_grad value", val, chain(th, 5), 0, 0);
    /* d/dw sin w cos w = cos 2w */
    float w[3] = {0.2f, -0.7f, 1.1f}, gw[3];
    spin_grad(w, gw, 3);
    for (int k = 0; k < 3; k++)
        CHECK_CLOSE("spin_grad closed form", gw[k], cos(2.0 * w[k]), 1e-6, 1e-6);
    OracleRng rng = oracle_rng(3);
    ORACLE_XN_CHECKS(chain, 5, rng);
    return oracle_result();
}
