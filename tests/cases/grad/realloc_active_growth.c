/* grad/realloc_active_growth: a buffer of active values grown by realloc
** (doubling when full, the usual way to collect a trajectory whose length
** the data decides: if (n == cap) { cap *= 2; xs = realloc(xs, ..); }
** xs[n++] = x;), in reverse and forward mode (cc-ad before this refused
** both, the error printed once per mode). Forward mode reallocs the tangent
** block beside the primal one. Reverse mode follows the block's size
** (xs_bytes), moves the values to a new block and gives the adjoint a new
** zeroed one, keeping the old blocks (their frees deferred) for the
** backward sweep, which adds the new adjoint of the kept values into the
** old one and points xs, xs_bar back there. traj_loss also runs as a split
** callee of f2 (its old blocks and sizes on the tape between the sweeps).
** Oracles: central differences (h = 1e-7, the trip count the same under the
** step; rtol 1e-5); jvp against central differences and against the
** gradient by dot product (1e-12); f2's gradient = traj_loss's at tol plus
** half of it at 2 tol (1e-12); the hessian (jvp of the gradient: the old
** blocks' tangents taped beside them) against central differences of the
** gradient (1e-5). Clean under ASan (no block lost or read
** after its free). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"
/* a damped oscillator integrated until its energy falls below tol, the
   trajectory collected in a buffer grown by realloc (doubling) */
double traj_loss(const double *p, double tol)
{
    size_t cap = 4, n = 0;
    double *xs = malloc(cap * sizeof *xs);
    double x = p[0], v = p[1], k = p[2], c = p[3], dt = 0.05, loss = 0;
    while (0.5 * v * v + 0.5 * k * x * x > tol && n < 10000) {
        if (n == cap) { cap *= 2; xs = realloc(xs, cap * sizeof *xs); }
        xs[n++] = x;
        double a = -k * x - c * v;
        v += dt * a;
        x += dt * v;
    }
    for (size_t i = 0; i < n; i++) loss += xs[i] * xs[i] * exp(-0.01 * (double)i);
    free(xs);
    return loss;
}
#pragma ad grad(traj_loss) wrt(p[4])
#pragma ad jvp(traj_loss) wrt(p[4])
double f2(const double *p, double tol) { return traj_loss(p, tol) + 0.5 * traj_loss(p, 2 * tol); }
#pragma ad grad(f2) wrt(p[4])
#pragma ad hessian(traj_loss) wrt(p[4])
#include "realloc_active_growth.ad.h"
int main(void)
{
    double p[4] = {1.0, 0.2, 4.0, 0.3}, g[4], h = 1e-7;
    double L = traj_loss_grad(p, g, 1e-3);
    CHECK_CLOSE("primal", L, traj_loss(p, 1e-3), 1e-15, 0);
    for (int j = 0; j < 4; j++) {
        double pp[4], pm[4]; memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p); pp[j] += h; pm[j] -= h;
        CHECK_CLOSE("grad vs fd (same trip count)", g[j], (traj_loss(pp, 1e-3) - traj_loss(pm, 1e-3)) / (2 * h), 1e-5, 1e-8);
    }
    double v[4] = {0.1, -0.2, 0.3, 0.4}, fd = 0;
    traj_loss_jvp(p, v, 1e-3, &fd);
    CHECK_CLOSE("jvp . dot", fd, oracle_dot(v, g, 4), 1e-12, 1e-14);
    for (int j = 0; j < 4; j++) {
        double pp[4], pm[4], e[4] = {0}, t = 0; memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p); pp[j] += h; pm[j] -= h; e[j] = 1;
        traj_loss_jvp(p, e, 1e-3, &t);
        CHECK_CLOSE("jvp vs fd", t, (traj_loss(pp, 1e-3) - traj_loss(pm, 1e-3)) / (2 * h), 1e-5, 1e-8);
    }
    double g2[4], gb[4];
    f2_grad(p, g2, 1e-3);
    traj_loss_grad(p, gb, 2e-3);
    for (int j = 0; j < 4; j++) CHECK_CLOSE("f2 grad = g(tol) + g(2 tol) / 2", g2[j], g[j] + 0.5 * gb[j], 1e-12, 1e-14);
    double H[16];
    traj_loss_hessian(p, 1e-3, H);
    for (int j = 0; j < 4; j++) {
        double pp[4], pm[4], gp[4], gm[4], hh = 1e-6; memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p); pp[j] += hh; pm[j] -= hh;
        traj_loss_grad(pp, gp, 1e-3); traj_loss_grad(pm, gm, 1e-3);
        for (int i = 0; i < 4; i++) CHECK_CLOSE("hessian vs fd of grad", H[i * 4 + j], (gp[i] - gm[i]) / (2 * hh), 1e-5, 1e-7);
    }
    return oracle_result();
}
