/*
** jac/hessian_checkpoint: second derivatives through checkpointed loops.
** The hessian and hvp are jvp sweeps over the gradient, whose backward code
** saves and loads the loops' states (snapshots): each state's tangent must
** travel with it. Each function exists with and without the pragma (same
** body): the Hessians and Hessian-vector products must agree bit for bit,
** and the Hessian must match central differences of the gradient. Shapes:
** a counted loop over a local array and a while loop left by break.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

enum { N = 4 };

double orbit(const double *x, int steps)
{
    double u[N];
    for (int i = 0; i < N; i++)
        u[i] = x[i];
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < N; i++)
            u[i] = u[i] + 0.1 * sin(u[(i + 1) % N] * x[i]);
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += u[i] * u[i];
    double g = x[0];
    int it = 0;
#pragma ad checkpoint(snapshots=3)
    while (it < 50) {
        g = g - 0.2 * (g * g - x[1] - 2.0);
        if (fabs(g * g - x[1] - 2.0) < 1e-6)
            break;
        it++;
    }
    return s + g;
}

double orbit_taped(const double *x, int steps)
{
    double u[N];
    for (int i = 0; i < N; i++)
        u[i] = x[i];
    for (int t = 0; t < steps; t++)
        for (int i = 0; i < N; i++)
            u[i] = u[i] + 0.1 * sin(u[(i + 1) % N] * x[i]);
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += u[i] * u[i];
    double g = x[0];
    int it = 0;
    while (it < 50) {
        g = g - 0.2 * (g * g - x[1] - 2.0);
        if (fabs(g * g - x[1] - 2.0) < 1e-6)
            break;
        it++;
    }
    return s + g;
}

#pragma ad grad(orbit) wrt(x[4])
#pragma ad hessian(orbit) wrt(x[4])
#pragma ad hvp(orbit) wrt(x[4])
#pragma ad hessian(orbit_taped) wrt(x[4])
#pragma ad hvp(orbit_taped) wrt(x[4])

#include "hessian_checkpoint.ad.h"

int main(void)
{
    double x[N] = {0.3, 0.7, -0.4, 0.9}, v[N] = {0.5, -1.0, 0.25, 2.0};
    int counts[] = {0, 1, 2, 3, 9};
    for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
        int steps = counts[c];
        double H[N * N], Ht[N * N], hv[N], hvt[N];
        char label[64];
        orbit_hessian(x, steps, H);
        orbit_taped_hessian(x, steps, Ht);
        snprintf(label, sizeof label, "steps=%d hessian bitwise", steps);
        CHECK_TRUE(label, memcmp(H, Ht, sizeof H) == 0);
        orbit_hvp(x, v, hv, steps);
        orbit_taped_hvp(x, v, hvt, steps);
        snprintf(label, sizeof label, "steps=%d hvp bitwise", steps);
        CHECK_TRUE(label, memcmp(hv, hvt, sizeof hv) == 0);
        /* central differences of the (checkpointed) gradient */
        for (int j = 0; j < N; j++) {
            double xp[N], xm[N], gp[N], gm[N];
            double h = 1e-5;
            memcpy(xp, x, sizeof x);
            memcpy(xm, x, sizeof x);
            xp[j] += h;
            xm[j] -= h;
            orbit_grad(xp, gp, steps);
            orbit_grad(xm, gm, steps);
            for (int i = 0; i < N; i++) {
                snprintf(label, sizeof label, "steps=%d H[%d][%d] vs differences", steps, i, j);
                CHECK_CLOSE(label, H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
            }
        }
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
