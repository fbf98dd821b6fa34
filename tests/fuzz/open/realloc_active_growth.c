/* OPEN (probe12): VALID CODE REFUSED: a buffer of active values grown by
** realloc (doubling when full, the usual way to collect a trajectory whose
** length the data decides: while (energy > tol) { if (n == cap) { cap *= 2;
** xs = realloc(xs, cap * sizeof *xs); } xs[n++] = x; ... }) is refused in
** both modes: "error: realloc is not supported in reverse mode for a buffer
** that carries derivatives; allocate the final size with malloc" and "realloc
** of a buffer that carries derivatives is not supported" (the same line
** twice). The final size is not known before the loop runs. Forward mode
** could realloc the tangent buffer beside the primal one (contents copied by
** realloc alike); reverse mode could keep the old block until the backward
** sweep, as it keeps freed ones.
** Expected: accepted, derivatives right (same trip count under the FD step);
** got: exit 1. Run: run_case.sh ... realloc_active_growth.c */
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
    return oracle_result();
}
