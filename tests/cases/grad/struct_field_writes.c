/*
** grad/struct_field_writes: the requested function's input arrays are
** written by helpers that reach them through a struct's pointer fields
** (a Particles by value: p.pos[i] += ...; a const Particles *: p->vel[i]
** = ...), the way a leapfrog integrator is written. The caller's arrays
** must end as the primal leaves them (contract section 3: every generated
** function has all the side effects of f): the backward sweep restores
** what the helpers overwrote, and the requested function must copy the
** final values back. It used to count only what a helper stores through
** its pointer arguments themselves, so pos and vel came back as they were
** on entry (the derivatives were right).
** Oracles: the primal's final pos/vel bit for bit; central differences
** (h ~ 6e-6, ORACLE_RTOL_FD) of the energy; vjp against jvp by the
** dot-product test (1e-12), with pos and vel as in-out.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    double *pos;
    double *vel;
    int n;
    double dt;
} Particles;

static void drift(Particles p)
{
    for (int i = 1; i <= p.n; i++)
        p.pos[i - 1] += p.dt * p.vel[i - 1];
}

static void kick(const Particles *p, const double *k)
{
    for (int i = 0; i < p->n; i++)
        p->vel[i] = p->vel[i] - p->dt * k[i] * sin(p->pos[i]);
}

double leapfrog(double *pos, double *vel, const double *k, int n, int steps)
{
    Particles p = {pos, vel, n, 0.1};
    for (int s = 0; s < steps; s++) {
        kick(&p, k);
        drift(p);
    }
    double e = 0.0;
    for (int i = 0; i < n; i++)
        e += 0.5 * vel[i] * vel[i] + k[i] * (1.0 - cos(pos[i]));
    return e;
}

#pragma ad grad(leapfrog) wrt(pos[n], vel[n], k[n])
#pragma ad vjp(leapfrog) wrt(pos[n], vel[n], k[n]) out(pos[n], vel[n], return)
#pragma ad jvp(leapfrog) wrt(pos, vel, k) out(pos, vel, return)

#include "struct_field_writes.ad.h"

#define N 4
#define STEPS 6

static double run(const double *pos0, const double *vel0, const double *k, double *pos, double *vel)
{
    memcpy(pos, pos0, N * sizeof *pos);
    memcpy(vel, vel0, N * sizeof *vel);
    return leapfrog(pos, vel, k, N, STEPS);
}

int main(void)
{
    OracleRng rng = {2026};
    double pos0[N], vel0[N], k[N], pos[N], vel[N], pe[N], ve[N];
    oracle_fill_uniform(&rng, pos0, N, -1, 1);
    oracle_fill_uniform(&rng, vel0, N, -1, 1);
    oracle_fill_uniform(&rng, k, N, 0.5, 2);
    double e = run(pos0, vel0, k, pe, ve);

    /* grad: primal, final state, differences */
    double pb[N], vb[N], kb[N];
    memcpy(pos, pos0, sizeof pos);
    memcpy(vel, vel0, sizeof vel);
    CHECK_CLOSE("grad primal", leapfrog_grad(pos, pb, vel, vb, k, kb, N, STEPS), e, 0, 0);
    oracle_check_identical("grad leaves pos", pos, pe, N);
    oracle_check_identical("grad leaves vel", vel, ve, N);
    for (int j = 0; j < 3 * N; j++) {
        double x[3][N], p2[N], v2[N];
        memcpy(x[0], pos0, sizeof pos0);
        memcpy(x[1], vel0, sizeof vel0);
        memcpy(x[2], k, sizeof k);
        double *xj = &x[j / N][j % N], x0 = *xj, h = oracle_fd_step(x0, DBL_EPSILON);
        *xj = x0 + h;
        double fp = run(x[0], x[1], x[2], p2, v2);
        *xj = x0 - h;
        double fm = run(x[0], x[1], x[2], p2, v2);
        double got = j < N ? pb[j] : j < 2 * N ? vb[j - N] : kb[j - 2 * N];
        CHECK_CLOSE("grad vs differences", got, (fp - fm) / (2 * h), ORACLE_RTOL_FD, oracle_fd_atol(e));
    }
    CHECK_TRUE("tape empty after grad", ccad_tape_empty());

    /* jvp and vjp: final state, dot-product test over (pos, vel, return) */
    double pd[N], vd[N], kd[N], pd0[N], vd0[N], wp[N], wv[N], wr = 0.7, rd;
    oracle_fill_uniform(&rng, pd0, N, -1, 1);
    oracle_fill_uniform(&rng, vd0, N, -1, 1);
    oracle_fill_uniform(&rng, kd, N, -1, 1);
    oracle_fill_uniform(&rng, wp, N, -1, 1);
    oracle_fill_uniform(&rng, wv, N, -1, 1);
    memcpy(pos, pos0, sizeof pos);
    memcpy(vel, vel0, sizeof vel);
    memcpy(pd, pd0, sizeof pd);
    memcpy(vd, vd0, sizeof vd);
    CHECK_CLOSE("jvp primal", leapfrog_jvp(pos, pd, vel, vd, k, kd, N, STEPS, &rd), e, 0, 0);
    oracle_check_identical("jvp leaves pos", pos, pe, N);
    double lhs = oracle_dot(pd, wp, N) + oracle_dot(vd, wv, N) + rd * wr;
    double kb2[N] = {0};
    memcpy(pos, pos0, sizeof pos);
    memcpy(vel, vel0, sizeof vel);
    memcpy(pb, wp, sizeof pb);
    memcpy(vb, wv, sizeof vb);
    CHECK_CLOSE("vjp primal", leapfrog_vjp(pos, pb, vel, vb, k, kb2, N, STEPS, wr), e, 0, 0);
    oracle_check_identical("vjp leaves pos", pos, pe, N);
    oracle_check_identical("vjp leaves vel", vel, ve, N);
    double rhs = oracle_dot(pd0, pb, N) + oracle_dot(vd0, vb, N) + oracle_dot(kd, kb2, N);
    double scale = oracle_dot_abs(pd0, pb, N) + oracle_dot_abs(vd0, vb, N) + oracle_dot_abs(kd, kb2, N);
    oracle_check_dot("dot test", lhs, rhs, scale);
    CHECK_TRUE("tape empty after vjp", ccad_tape_empty());
    return oracle_result();
}
