/*
** jac/hvp_inout: hvp (and hessian) of a function that also overwrites its
** input array (a smoothing step in place, then an energy of the result),
** the way solvers update their state. The contract gives hvp the
** direction as 'const double *u_v'; the Hessian-vector sweep, a jvp of the
** gradient, writes the tangent of u's final value into the shadow of the
** in-out u, and the driver passed the caller's direction there: a const
** pointer where a writable one is needed (the generated code did not
** compile under -Werror), and the caller's direction overwritten.
** Oracles: the Hessian by central differences of grad (h = 1e-5: O(h^2)
** truncation ~1e-10 against entries of order 1, rtol 1e-6); hvp = H v to
** rounding; the direction unchanged; u left as the primal leaves it.
*/
#include <math.h>
#include <string.h>

#include "ccad_oracle.h"

double relax_energy(double *u, const double *c, int n)
{
    for (int i = 1; i + 1 < n; i++)
        u[i] = u[i] + 0.25 * c[i] * (u[i - 1] - 2.0 * u[i] + u[i + 1]);
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += cos(u[i]) + 0.5 * u[i] * u[i] * c[i];
    return e;
}

#pragma ad grad(relax_energy) wrt(u[n])
#pragma ad hvp(relax_energy) wrt(u[n])
#pragma ad hessian(relax_energy) wrt(u[n])

#include "hvp_inout.ad.h"

#define N 6

static const double V[N] = {0.3, -1.0, 0.5, 0.25, -0.75, 1.0}; /* read-only memory */

int main(void)
{
    double u0[N] = {0.1, 0.7, -0.3, 0.9, 0.2, -0.5}, c[N] = {1.0, 0.8, 1.2, 0.9, 1.1, 1.0};
    double u[N], ue[N], hv[N], H[N * N];
    memcpy(ue, u0, sizeof ue);
    double f = relax_energy(ue, c, N);
    memcpy(u, u0, sizeof u);
    CHECK_CLOSE("hvp primal", relax_energy_hvp(u, V, hv, c, N), f, 0, 0);
    oracle_check_identical("hvp leaves u", u, ue, N);
    double v0[N] = {0.3, -1.0, 0.5, 0.25, -0.75, 1.0};
    oracle_check_identical("direction unchanged", V, v0, N);
    memcpy(u, u0, sizeof u);
    CHECK_CLOSE("hessian primal", relax_energy_hessian(u, c, N, H), f, 0, 0);
    oracle_check_identical("hessian leaves u", u, ue, N);
    for (int j = 0; j < N; j++) {
        double up[N], um[N], gp[N], gm[N], h = 1e-5;
        memcpy(up, u0, sizeof up);
        memcpy(um, u0, sizeof um);
        up[j] += h;
        um[j] -= h;
        relax_energy_grad(up, gp, c, N);
        relax_energy_grad(um, gm, c, N);
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("hessian vs differences of grad", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-9);
    }
    for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < N; j++)
            s += H[i * N + j] * V[j];
        CHECK_CLOSE("hvp = H v", hv[i], s, 1e-12, 1e-14);
    }
    return oracle_result();
}
