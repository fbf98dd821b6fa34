/* A `#pragma ad checkpoint` loop whose body stores into a pointer parameter
** with memcpy(y, ynew, n * sizeof(double)) (an integrator accepting a step, as
** realc/rkf45_adaptive does): the memcpy names the extent it writes, so the
** loop is checkpointed (no "taped in full" warning), as with the loop
** for (i = 0; i < n; i++) y[i] = ynew[i]. Oracle: central differences of f
** (h = 1e-6, rtol 1e-6). */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static void step(const double *y, double *ynew, const double *p, int n)
{
    for (int i = 0; i < n; i++) ynew[i] = y[i] + 0.01 * sin(p[i] * y[i]);
}
static void integrate(const double *p, double *y, int n, int nsteps)
{
    double ynew[n];
#pragma ad checkpoint
    for (int k = 0; k < nsteps; k++) {
        step(y, ynew, p, n);
        memcpy(y, ynew, n * sizeof(double));
    }
}
double f(const double *p, int n)
{
    double y[4] = {0.1, 0.2, 0.3, 0.4}, s = 0;
    integrate(p, y, n, 50);
    for (int i = 0; i < n; i++) s += y[i] * y[i];
    return s;
}
#pragma ad grad(f) wrt(p[n])

#include "ckpt_memcpy_write.ad.h"

int main(void)
{
    double p[4] = {1.0, 2.0, 3.0, 4.0}, g[4], h = 1e-6;
    f_grad(p, g, 4);
    for (int j = 0; j < 4; j++) {
        double pp[4], pm[4]; memcpy(pp, p, sizeof p); memcpy(pm, p, sizeof p); pp[j] += h; pm[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (f(pp, 4) - f(pm, 4)) / (2 * h), 1e-6, 1e-9);
    }
    return oracle_result();
}
