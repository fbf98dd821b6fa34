/*
** jac/structs_compose: second derivatives of a function of a struct by
** value (Prm) and an array of structs (Pt q[n]) through helpers that take
** structs by value and by pointer, called in the arms of a branch inside a
** loop: hessian and hvp (structs flattened in declaration order: p.mu,
** p.sig, q[0].x, q[0].y, q[1].x, ...), jvp(energy_grad) and
** jacfwd(energy_grad). Oracles: the Hessian against central differences
** of energy_grad (ORACLE_RTOL_FD, oracle_fd_atol of |grad|), energy_grad
** against central differences of energy; hvp, jvp(energy_grad) and
** jacfwd(energy_grad) against the Hessian to rounding.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Prm {
    double mu, sig;
    int k;
} Prm;

typedef struct Pt {
    double x, y;
} Pt;

static double kern(Prm p, Pt a, Pt b)
{
    double dx = a.x - b.x, dy = a.y - b.y;
    return p.mu * exp(-(dx * dx + dy * dy) / (p.sig * p.sig));
}

static void acc(const Prm *p, const Pt *q, double *s)
{
    *s += kern(*p, q[0], q[1]) * q[0].x;
}

double energy(Prm p, const Pt *q, int n)
{
    double s = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        if (i % 2)
            acc(&p, q + i, &s);
        else
            s += kern(p, q[i], q[i + 1]);
    }
    return s * s;
}

#pragma ad grad(energy) wrt(p, q[n])
#pragma ad hessian(energy) wrt(p, q[n])
#pragma ad hvp(energy) wrt(p, q[n])
#pragma ad jvp(energy_grad) wrt(p, q[n]) out(p_bar[1], q_bar[n])
#pragma ad jacfwd(energy_grad) wrt(p, q[n]) out(p_bar[1], q_bar[n])

#include "structs_compose.ad.h"

#define N 4
#define NZ (2 + 2 * N)

static void unpack(const double *z, Prm *p, Pt *q)
{
    p->mu = z[0];
    p->sig = z[1];
    p->k = 3;
    for (int i = 0; i < N; i++) {
        q[i].x = z[2 + 2 * i];
        q[i].y = z[3 + 2 * i];
    }
}

static void pack(const Prm *p, const Pt *q, double *z)
{
    z[0] = p->mu;
    z[1] = p->sig;
    for (int i = 0; i < N; i++) {
        z[2 + 2 * i] = q[i].x;
        z[3 + 2 * i] = q[i].y;
    }
}

static void f_flat(void *c, const double *z, double *y)
{
    (void)c;
    Prm p;
    Pt q[N];
    unpack(z, &p, q);
    y[0] = energy(p, q, N);
}

static void g_flat(void *c, const double *z, double *g)
{
    (void)c;
    Prm p, pb;
    Pt q[N], qb[N];
    unpack(z, &p, q);
    energy_grad(p, &pb, q, qb, N);
    pack(&pb, qb, g);
}

int main(void)
{
    double z[NZ] = {0.8, 1.3, 0.1, 0.2, 0.5, -0.3, 0.9, 0.4, -0.2, 0.7};
    double v[NZ] = {1.0, -1.0, 0.5, 0.2, -0.3, 0.1, 0.4, -0.6, 0.2, 0.3};
    double H[NZ * NZ], Hfd[NZ * NZ], J[NZ * NZ], e[NZ], col[NZ], g[NZ], gfd[NZ], Hv[NZ], out[NZ];
    Prm p, pv, phv, pb, pbd;
    Pt q[N], qv[N], qhv[N], qb[N], qbd[N];
    unpack(z, &p, q);
    unpack(v, &pv, qv);
    const double e0 = energy(p, q, N);
    g_flat(NULL, z, g);
    oracle_fd_grad(f_flat, NULL, NZ, z, gfd);
    CHECK_VEC_CLOSE("energy_grad vs central differences", g, gfd, NZ, ORACLE_RTOL_FD, oracle_fd_atol(fabs(e0)));
    CHECK_CLOSE("energy_hessian returns energy", energy_hessian(p, q, N, H), e0, 0.0, 0.0);
    for (int j = 0; j < NZ; j++) {
        for (int i = 0; i < NZ; i++)
            e[i] = i == j;
        oracle_fd_jvp(g_flat, NULL, NZ, NZ, z, e, col);
        for (int i = 0; i < NZ; i++)
            Hfd[i * NZ + j] = col[i];
    }
    CHECK_VEC_CLOSE("hessian vs central differences of energy_grad", H, Hfd, NZ * NZ, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, NZ)));
    for (int i = 0; i < NZ; i++)
        Hv[i] = oracle_dot(&H[i * NZ], v, NZ);
    const double atol = 1e-13 * oracle_norm_inf(H, NZ * NZ) * NZ;
    CHECK_CLOSE("energy_hvp returns energy", energy_hvp(p, &pv, &phv, q, qv, qhv, N), e0, 0.0, 0.0);
    pack(&phv, qhv, out);
    CHECK_VEC_CLOSE("hvp = H v", out, Hv, NZ, 1e-12, atol);
    CHECK_CLOSE("energy_grad_jvp returns energy", energy_grad_jvp(p, pv, &pb, &pbd, q, qv, qb, qbd, N), e0, 0.0,
                0.0);
    pack(&pbd, qbd, out);
    CHECK_VEC_CLOSE("jvp(energy_grad) = H v", out, Hv, NZ, 1e-12, atol);
    pack(&pb, qb, out);
    CHECK_VEC_CLOSE("jvp(energy_grad): bars = grad", out, g, NZ, 1e-12, 1e-14);
    CHECK_CLOSE("energy_grad_jacfwd returns energy", energy_grad_jacfwd(p, &pb, q, qb, N, J), e0, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd(energy_grad) = H", J, H, NZ * NZ, 1e-12, atol);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
