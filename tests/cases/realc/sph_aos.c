// CFLAGS: -fopenmp -D_DEFAULT_SOURCE
// LIBS: -fopenmp
/*
** realc/sph_aos: a smoothed-particle-hydrodynamics step as SPH tutorials write
** it (Matthias Mueller's 2003 kernels): particles as an array of structs
** (position, velocity, force, density, pressure, an int id), poly6 density
** and spiky-gradient pressure plus viscosity-Laplacian forces over all pairs
** with a cutoff branch (r < H), `#pragma omp parallel for` over particles,
** symplectic Euler integration and a reflecting wall (branch with damping).
** Requests: grad of the kinetic energy after nsteps wrt the particle array
** (Particle *ps_bar: only the floating fields carry adjoints); jvp.
** Oracles: central differences on positions and velocities (h = 1e-7, rtol
** 1e-5: pair cutoffs and walls do not switch for such h); jvp by dot product
** (1e-11); the int id field is left as the primal leaves it.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct Particle { double x[2], v[2], f[2], rho, p; int id; } Particle;

#define H 0.35
#define HSQ (H * H)
#define MASS 2.5
#define REST_DENS 300.0
#define GAS_CONST 2000.0
#define VISC 200.0
#define DT 0.0007
#define BOUND_DAMPING -0.5
static const double POLY6 = 4.0 / (M_PI * H * H * H * H * H * H * H * H);
static const double SPIKY_GRAD = -10.0 / (M_PI * H * H * H * H * H);
static const double VISC_LAP = 40.0 / (M_PI * H * H * H * H * H);

static void compute_density_pressure(Particle *ps, int n)
{
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++) {
        Particle *pi = &ps[i];
        pi->rho = 0.0;
        for (int j = 0; j < n; j++) {
            double dx = ps[j].x[0] - pi->x[0], dy = ps[j].x[1] - pi->x[1];
            double r2 = dx * dx + dy * dy;
            if (r2 < HSQ) pi->rho += MASS * POLY6 * pow(HSQ - r2, 3.0);
        }
        pi->p = GAS_CONST * (pi->rho - REST_DENS);
    }
}
static void compute_forces(Particle *ps, int n)
{
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++) {
        Particle *pi = &ps[i];
        double fpx = 0, fpy = 0, fvx = 0, fvy = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            Particle *pj = &ps[j];
            double dx = pj->x[0] - pi->x[0], dy = pj->x[1] - pi->x[1];
            double r = sqrt(dx * dx + dy * dy);
            if (r < H) {
                double c = -MASS * (pi->p + pj->p) / (2.0 * pj->rho) * SPIKY_GRAD * pow(H - r, 3.0);
                fpx += -dx / r * c; fpy += -dy / r * c;
                double l = VISC * MASS / pj->rho * VISC_LAP * (H - r);
                fvx += (pj->v[0] - pi->v[0]) * l; fvy += (pj->v[1] - pi->v[1]) * l;
            }
        }
        pi->f[0] = fpx + fvx;
        pi->f[1] = fpy + fvy - 9.8 * pi->rho;
    }
}
static void integrate(Particle *ps, int n)
{
    for (int i = 0; i < n; i++) {
        Particle *p = &ps[i];
        for (int k = 0; k < 2; k++) {
            p->v[k] += DT * p->f[k] / p->rho;
            p->x[k] += DT * p->v[k];
            if (p->x[k] < 0.0) { p->v[k] *= BOUND_DAMPING; p->x[k] = 0.0; }
            if (p->x[k] > 1.0) { p->v[k] *= BOUND_DAMPING; p->x[k] = 1.0; }
        }
    }
}
double simulate(Particle *ps, int n, int nsteps)
{
    for (int s = 0; s < nsteps; s++) {
        compute_density_pressure(ps, n);
        compute_forces(ps, n);
        integrate(ps, n);
    }
    double ke = 0.0;
    for (int i = 0; i < n; i++) ke += 0.5 * MASS * (ps[i].v[0] * ps[i].v[0] + ps[i].v[1] * ps[i].v[1]);
    return ke;
}
#pragma ad grad(simulate) wrt(ps[n])
#pragma ad jvp(simulate) wrt(ps[n])

#include "sph_aos.ad.h"

#define NPART 12
#define NS 4
static void init(Particle *ps)
{
    for (int i = 0; i < NPART; i++) {
        memset(&ps[i], 0, sizeof ps[i]);
        ps[i].x[0] = 0.3 + 0.11 * (i % 4) + 0.01 * sin(i); ps[i].x[1] = 0.05 + 0.12 * (i / 4) + 0.01 * cos(i);
        ps[i].v[0] = 0.5 * sin(2.0 * i); ps[i].v[1] = -0.3 * cos(3.0 * i); ps[i].id = 100 + i;
    }
}
int main(void)
{
    Particle ps[NPART], pb[NPART], pd[NPART], q[NPART];
    init(ps); double f0 = simulate(ps, NPART, NS);
    init(ps); memset(pb, 0, sizeof pb);
    double f1 = simulate_grad(ps, pb, NPART, NS);
    CHECK_CLOSE("primal", f1, f0, 1e-13, 0);
    init(q); simulate(q, NPART, NS);
    for (int i = 0; i < NPART; i++) {
        CHECK_CLOSE("state left as f leaves it", ps[i].x[0], q[i].x[0], 1e-13, 0);
        CHECK_EQ_INT("id untouched", ps[i].id, 100 + i);
    }
    for (int i = 0; i < NPART; i += 2) for (int k = 0; k < 2; k++) for (int w = 0; w < 2; w++) {
        double h = 1e-7, fp, fm, got = w ? pb[i].v[k] : pb[i].x[k];
        init(q); if (w) q[i].v[k] += h; else q[i].x[k] += h; fp = simulate(q, NPART, NS);
        init(q); if (w) q[i].v[k] -= h; else q[i].x[k] -= h; fm = simulate(q, NPART, NS);
        CHECK_CLOSE(w ? "grad v vs fd" : "grad x vs fd", got, (fp - fm) / (2 * h), 1e-5, 1e-7);
    }
    OracleRng r = oracle_rng(6);
    memset(pd, 0, sizeof pd);
    double dot = 0, fd = 0;
    for (int i = 0; i < NPART; i++) for (int k = 0; k < 2; k++) {
        pd[i].x[k] = oracle_uniform(&r, -1, 1); pd[i].v[k] = oracle_uniform(&r, -1, 1);
        dot += pd[i].x[k] * pb[i].x[k] + pd[i].v[k] * pb[i].v[k];
    }
    init(ps);
    simulate_jvp(ps, pd, NPART, NS, &fd);
    CHECK_CLOSE("jvp . dot", fd, dot, 1e-11, 1e-12);
    return oracle_result();
}
