// NO-STANDALONE-HEADER: Params is an untagged struct typedef of this file, which its own included header cannot declare a second time
/* Second derivatives of a time-stepping objective whose helper runs a
** checkpointed while loop around a checkpointed call (rhs writes the
** helper's malloc'd du): hessian, hvp, and grad of the jvp. In the jvp
** the tangent buffer is declared null and calloc'd after
** (double *du_dot = 0; ... du_dot = calloc(...)), which counted as two
** writes, so grad(f_jvp) dropped the call checkpoint with a warning about
** 'du_dot'. Oracles: central differences of grad, H against hvp and
** against grad(f_jvp), column by column. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double k, c; } Params;

static void rhs(const double *u, double *du, int n, const Params *p)
{
    for (int i = 0; i < n; i++) {
        double l = i > 0 ? u[i - 1] : 0.0, r = i + 1 < n ? u[i + 1] : 0.0;
        du[i] = p->k * (l - 2.0 * u[i] + r) - p->c * u[i] * u[i] * u[i];
    }
}

static void integrate(double *u, int n, const Params *p, double tend)
{
    double t = 0.0, dt = 0.05;
    double *du = malloc(n * sizeof(double));
#pragma ad checkpoint(snapshots=3)
    while (t < tend) {
#pragma ad checkpoint
        rhs(u, du, n, p);
        for (int i = 0; i < n; i++) u[i] += dt * du[i];
        t += dt;
    }
    free(du);
}

double final_energy(const double *u0, int n, Params p, double tend)
{
    double *u = malloc(n * sizeof(double));
    memcpy(u, u0, n * sizeof(double));
    integrate(u, n, &p, tend);
    double e = 0.0;
    for (int i = 0; i < n; i++) e += u[i] * u[i];
    free(u);
    return e;
}

#pragma ad grad(final_energy) wrt(u0[n], p)
#pragma ad hvp(final_energy) wrt(u0[n], p)
#pragma ad hessian(final_energy) wrt(u0[n], p)
#pragma ad jvp(final_energy) wrt(u0[n], p)
#pragma ad grad(final_energy_jvp) wrt(u0[n], p) out(ret_dot[1]) name(fe_hv)


#include "compose_checkpoint_scratch.ad.h"

#define N 5
#define NV (N + 2)
static void gv(const double *v, double *g)
{
    Params p = {v[N], v[N + 1]}, pb;
    final_energy_grad(v, g, N, p, &pb, 1.0);
    g[N] = pb.k; g[N + 1] = pb.c;
}

int main(void)
{
    double v[NV] = {0.4, -0.2, 0.7, 0.1, -0.5, 0.8, 0.3};
    Params p = {v[N], v[N + 1]};
    double H[NV * NV];
    final_energy_hessian(v, N, p, 1.0, H);
    for (int c = 0; c < NV; c++) {
        double vp[NV], vm[NV], gp[NV], gm[NV], h = 1e-5, dir[NV] = {0}, hv[NV], hv2[NV];
        for (int i = 0; i < NV; i++) vp[i] = vm[i] = v[i];
        vp[c] += h; vm[c] -= h;
        gv(vp, gp); gv(vm, gm);
        dir[c] = 1;
        Params pv = {dir[N], dir[N + 1]}, phv, pb;
        final_energy_hvp(v, dir, hv, N, p, &pv, &phv, 1.0);
        hv[N] = phv.k; hv[N + 1] = phv.c;
        double rd = 0;
        fe_hv(v, hv2, dir, N, p, &pb, pv, 1.0, &rd);
        hv2[N] = pb.k; hv2[N + 1] = pb.c;
        for (int r = 0; r < NV; r++) {
            CHECK_CLOSE("H fd", H[r * NV + c], (gp[r] - gm[r]) / (2 * h), 1e-6, 1e-7);
            CHECK_CLOSE("H hvp", H[r * NV + c], hv[r], 1e-12, 1e-13);
            CHECK_CLOSE("H grad(jvp)", H[r * NV + c], hv2[r], 1e-12, 1e-13);
        }
    }
    return oracle_result();
}
