// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_pairs_every_mode: a 2-D pair potential written the three ways OpenMP
** C writes it, each in forward, reverse and Jacobian modes:
**   energy: `parallel for collapse(2) reduction(+:e) reduction(max:emax)`
**           with a `continue` for j <= i inside the collapsed nest, the max
**           term active (e + 0.1 * emax);
**   forces: a flat k-loop over pairs with `omp atomic` scatters into F[2i],
**           F[2j] (both signs) through a static helper at two call sites;
**   field:  `omp parallel` + `omp for schedule(dynamic, 2)` with a per-thread
**           private accumulator and `omp critical` merge.
** Requests: grad, jvp, hessian, hvp of energy; jvp, vjp, jacfwd, jacrev of
** forces; jvp, vjp, jacrev of field; vmap(grad(energy)).
** Oracles: central differences (ORACLE_RTOL_FD), dot-product tests (1e-12),
** jacfwd = jacrev (1e-12), hessian against differences of grad, hvp = H v;
** forces = -grad of the smooth part (closed relation, 1e-12).
** Run also at OMP_NUM_THREADS=1,2,4 (the primal's reduction order changes
** with the team, hence the 1e-12 tolerances rather than bitwise).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NP 5
#define NX (2 * NP)

static double pot(double r2, double qi, double qj)
{
    return qi * qj / sqrt(r2 + 0.1);
}

double energy(const double *x, const double *q, int n)
{
    double e = 0, emax = 0;
#pragma omp parallel for collapse(2) reduction(+:e) reduction(max:emax)
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (j <= i) continue;
            double dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1];
            double p = pot(dx * dx + dy * dy, q[i], q[j]);
            e += p;
            emax = fmax(emax, p);
        }
    return e + 0.1 * emax;
}

static void push(double *F, double fx, double fy)
{
#pragma omp atomic
    F[0] += fx;
#pragma omp atomic
    F[1] += fy;
}

/* F = -d/dx of sum_{i<j} pot (the smooth part of energy) */
void forces(const double *x, const double *q, double *F, int n)
{
    for (int k = 0; k < 2 * n; k++) F[k] = 0;
#pragma omp parallel for
    for (int k = 0; k < n * n; k++) {
        int i = k / n, j = k % n;
        if (i >= j) continue;
        double dx = x[2 * i] - x[2 * j], dy = x[2 * i + 1] - x[2 * j + 1];
        double r2 = dx * dx + dy * dy + 0.1;
        double c = q[i] * q[j] / (r2 * sqrt(r2));
        push(F + 2 * i, c * dx, c * dy);
        push(&F[2 * j], -c * dx, -c * dy);
    }
}

/* potential at m probe points, per-thread partial sums merged in critical */
void field(const double *x, const double *q, const double *probe, double *phi,
           int n, int m)
{
    for (int p = 0; p < m; p++) phi[p] = 0;
#pragma omp parallel
    {
        double loc[4] = {0, 0, 0, 0};
#pragma omp for schedule(dynamic, 2)
        for (int i = 0; i < n; i++)
            for (int p = 0; p < m; p++) {
                double dx = x[2 * i] - probe[2 * p], dy = x[2 * i + 1] - probe[2 * p + 1];
                loc[p] += q[i] * exp(-(dx * dx + dy * dy));
            }
#pragma omp critical
        for (int p = 0; p < m; p++) phi[p] += loc[p];
    }
}

#pragma ad grad(energy) wrt(x[2*n], q[n])
#pragma ad jvp(energy) wrt(x[2*n], q[n])
#pragma ad hessian(energy) wrt(x[2*n], q[n])
#pragma ad hvp(energy) wrt(x[2*n], q[n])
#pragma ad vmap(grad(energy)) wrt(x[2*n], q[n]) batch(x[2*n], x_bar[2*n], q_bar[n])
#pragma ad jvp(forces) wrt(x[2*n], q[n]) out(F[2*n])
#pragma ad vjp(forces) wrt(x[2*n], q[n]) out(F[2*n])
#pragma ad jacfwd(forces) wrt(x[2*n], q[n]) out(F[2*n])
#pragma ad jacrev(forces) wrt(x[2*n], q[n]) out(F[2*n])
#pragma ad jvp(field) wrt(x[2*n], q[n]) out(phi[m])
#pragma ad vjp(field) wrt(x[2*n], q[n]) out(phi[m])
#pragma ad jacrev(field) wrt(x[2*n], q[n]) out(phi[m])

#include "omp_pairs_every_mode.ad.h"

#define NI (NX + NP)
#define M 3
static const double probes[2 * M] = {0.1, 0.2, -0.5, 0.4, 0.9, -0.3};

static void energy_flat(void *c, const double *z, double *y) { (void)c; y[0] = energy(z, z + NX, NP); }
static void forces_flat(void *c, const double *z, double *y) { (void)c; forces(z, z + NX, y, NP); }
static void field_flat(void *c, const double *z, double *y) { (void)c; field(z, z + NX, probes, y, NP, M); }
static void grad_flat(void *c, const double *z, double *g)
{
    (void)c;
    energy_grad(z, g, z + NX, g + NX, NP);
}

static void fd_jac(oracle_fn f, int m, const double *z, double *J)
{
    for (int j = 0; j < NI; j++) {
        double e[NI] = {0}, col[NI];
        e[j] = 1;
        oracle_fd_jvp(f, NULL, NI, m, z, e, col);
        for (int i = 0; i < m; i++) J[i * NI + j] = col[i];
    }
}

int main(void)
{
    OracleRng r = oracle_rng(2121);
    double z[NI], v[NI];
    oracle_fill_uniform(&r, z, NX, -1.5, 1.5);
    oracle_fill_uniform(&r, z + NX, NP, 0.5, 1.5);
    oracle_fill_uniform(&r, v, NI, -1, 1);

    /* energy: grad vs fd, jvp = <grad, v>, hessian vs fd(grad), hvp = H v */
    double g[NI], gfd[NI], ed, e0 = energy(z, z + NX, NP);
    double eg = energy_grad(z, g, z + NX, g + NX, NP);
    CHECK_CLOSE("energy grad primal", eg, e0, 1e-13, 0);
    oracle_fd_grad(energy_flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("energy grad vs fd", g, gfd, NI, ORACLE_RTOL_FD, oracle_fd_atol(e0));
    energy_jvp(z, v, z + NX, v + NX, NP, &ed);
    CHECK_CLOSE("energy jvp = g.v", ed, oracle_dot(g, v, NI), 1e-12, 1e-13);
    double H[NI * NI], Hfd[NI * NI], Hv[NI], hv[NI];
    energy_hessian(z, z + NX, NP, H);
    fd_jac(grad_flat, NI, z, Hfd);
    CHECK_VEC_CLOSE("energy hessian vs fd(grad)", H, Hfd, NI * NI, 1e-5, 1e-6);
    for (int i = 0; i < NI; i++) {
        Hv[i] = 0;
        for (int j = 0; j < NI; j++) Hv[i] += H[i * NI + j] * v[j];
    }
    energy_hvp(z, v, hv, z + NX, v + NX, hv + NX, NP);
    CHECK_VEC_CLOSE("energy hvp = H v", hv, Hv, NI, 1e-11, 1e-12);

    enum { B = 4 };
    double xs[B * NX], xbs[B * NX], qbs[B * NP], rets[B];
    oracle_fill_uniform(&r, xs, B * NX, -1.5, 1.5);
    energy_grad_vmap(B, xs, xbs, z + NX, qbs, NP, rets);
    for (int b = 0; b < B; b++) {
        double gx[NX], gq[NP];
        double fb = energy_grad(xs + b * NX, gx, z + NX, gq, NP);
        CHECK_CLOSE("vmap value", rets[b], fb, 1e-13, 0);
        CHECK_VEC_CLOSE("vmap x_bar", xbs + b * NX, gx, NX, 1e-12, 1e-14);
        CHECK_VEC_CLOSE("vmap q_bar", qbs + b * NP, gq, NP, 1e-12, 1e-14);
    }

    /* forces: the closed relation F = -d(smooth energy)/dx, checked by fd */
    double F[NX], F2[NX], Fd[NX], fdd[NX], w[NX];
    forces(z, z + NX, F, NP);
    forces_jvp(z, v, z + NX, v + NX, F2, Fd, NP);
    CHECK_VEC_CLOSE("forces jvp primal", F2, F, NX, 1e-13, 0);
    oracle_fd_jvp(forces_flat, NULL, NI, NX, z, v, fdd);
    CHECK_VEC_CLOSE("forces jvp vs fd", Fd, fdd, NX, ORACLE_RTOL_FD, oracle_fd_atol(1));
    oracle_fill_uniform(&r, w, NX, -1, 1);
    double xb[NX], qb[NP], seed[NX];
    for (int i = 0; i < NX; i++) xb[i] = 0.5;
    for (int i = 0; i < NP; i++) qb[i] = -0.5;
    memcpy(seed, w, sizeof seed);
    forces_vjp(z, xb, z + NX, qb, F2, seed, NP);
    for (int i = 0; i < NX; i++) xb[i] -= 0.5;
    for (int i = 0; i < NP; i++) qb[i] += 0.5;
    CHECK_CLOSE("forces dot", oracle_dot(Fd, w, NX),
                oracle_dot(v, xb, NX) + oracle_dot(v + NX, qb, NP), 1e-12, 1e-13);
    double Jf[NX * NI], Jr[NX * NI], Jfd[NX * NI];
    forces_jacfwd(z, z + NX, F2, NP, Jf);
    forces_jacrev(z, z + NX, F2, NP, Jr);
    CHECK_VEC_CLOSE("forces jacfwd = jacrev", Jf, Jr, NX * NI, 1e-12, 1e-13);
    fd_jac(forces_flat, NX, z, Jfd);
    CHECK_VEC_CLOSE("forces jacfwd vs fd", Jf, Jfd, NX * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));

    /* field */
    double phi[M], phi2[M], phid[M], pfd[M], pw[M] = {0.3, -1.1, 0.7};
    field(z, z + NX, probes, phi, NP, M);
    field_jvp(z, v, z + NX, v + NX, probes, phi2, phid, NP, M);
    CHECK_VEC_CLOSE("field jvp primal", phi2, phi, M, 1e-13, 0);
    oracle_fd_jvp(field_flat, NULL, NI, M, z, v, pfd);
    CHECK_VEC_CLOSE("field jvp vs fd", phid, pfd, M, ORACLE_RTOL_FD, oracle_fd_atol(1));
    double fxb[NX] = {0}, fqb[NP] = {0}, ps[M];
    memcpy(ps, pw, sizeof ps);
    field_vjp(z, fxb, z + NX, fqb, probes, phi2, ps, NP, M);
    CHECK_CLOSE("field dot", oracle_dot(phid, pw, M),
                oracle_dot(v, fxb, NX) + oracle_dot(v + NX, fqb, NP), 1e-12, 1e-13);
    double PJ[M * NI], PJfd[M * NI];
    field_jacrev(z, z + NX, probes, phi2, NP, M, PJ);
    fd_jac(field_flat, M, z, PJfd);
    CHECK_VEC_CLOSE("field jacrev vs fd", PJ, PJfd, M * NI, ORACLE_RTOL_FD, oracle_fd_atol(1));
    return oracle_result();
}
