/*
** grad/checkpoint_trip_sweep: the same time stepper written four times, its
** `while` loop (trip count known only by running it: a data-dependent exit
** and a `break`) under checkpoint(snapshots=1), (snapshots=2),
** (snapshots=5) and not checkpointed, with a checkpointed call (in all four) in the
** loop body and a `do ... while` inner loop whose count depends on the
** state; the trip count runs over 0, 1, 2, 3, 4, 7, 8, 50 and 333 steps
** (the online schedule's edges: no iteration, fewer iterations than
** snapshots, exactly as many, one more, many more). Recomputation replays
** the same floating-point operations, so every checkpointed gradient must
** equal the taped one bitwise; the taped one is checked against central
** differences (ORACLE_RTOL_FD) at a few trip counts; jvp(grad) of the
** snapshots=2 variant (forward over the checkpointed reverse) against
** differences of its gradient (1e-5).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NS 3

static void kick(double *u, const double *p)
{
    double r = u[0] * u[1];
    u[0] += 0.01 * sin(u[2]) * p[0];
    u[1] -= 0.01 * r * p[1];
    u[2] += 0.01 * cos(u[0] + p[2]);
}

double run_k1(const double *u0, const double *p, int nmax)
{
    double u[NS];
    memcpy(u, u0, sizeof u);
    int t = 0;
    double acc = 0;
#pragma ad checkpoint(snapshots=1)
    while (t < nmax) {
        if (fabs(u[0]) > 1e3) break;
#pragma ad checkpoint
        kick(u, p);
        int k = 0;
        do {
            u[1] = 0.999 * u[1] + 0.001 * u[2] * u[0];
            k++;
        } while (k < 1 + (t % 3));
        acc += u[0] * u[2];
        t++;
    }
    return acc + u[0] * u[1] * u[2];
}

double run_k2(const double *u0, const double *p, int nmax)
{
    double u[NS];
    memcpy(u, u0, sizeof u);
    int t = 0;
    double acc = 0;
#pragma ad checkpoint(snapshots=2)
    while (t < nmax) {
        if (fabs(u[0]) > 1e3) break;
#pragma ad checkpoint
        kick(u, p);
        int k = 0;
        do {
            u[1] = 0.999 * u[1] + 0.001 * u[2] * u[0];
            k++;
        } while (k < 1 + (t % 3));
        acc += u[0] * u[2];
        t++;
    }
    return acc + u[0] * u[1] * u[2];
}

double run_k5(const double *u0, const double *p, int nmax)
{
    double u[NS];
    memcpy(u, u0, sizeof u);
    int t = 0;
    double acc = 0;
#pragma ad checkpoint(snapshots=5)
    while (t < nmax) {
        if (fabs(u[0]) > 1e3) break;
#pragma ad checkpoint
        kick(u, p);
        int k = 0;
        do {
            u[1] = 0.999 * u[1] + 0.001 * u[2] * u[0];
            k++;
        } while (k < 1 + (t % 3));
        acc += u[0] * u[2];
        t++;
    }
    return acc + u[0] * u[1] * u[2];
}

double run_taped(const double *u0, const double *p, int nmax)
{
    double u[NS];
    memcpy(u, u0, sizeof u);
    int t = 0;
    double acc = 0;
    while (t < nmax) {
        if (fabs(u[0]) > 1e3) break;
#pragma ad checkpoint
        kick(u, p);
        int k = 0;
        do {
            u[1] = 0.999 * u[1] + 0.001 * u[2] * u[0];
            k++;
        } while (k < 1 + (t % 3));
        acc += u[0] * u[2];
        t++;
    }
    return acc + u[0] * u[1] * u[2];
}

#pragma ad grad(run_k1) wrt(u0[3], p[3])
#pragma ad grad(run_k2) wrt(u0[3], p[3])
#pragma ad grad(run_k5) wrt(u0[3], p[3])
#pragma ad grad(run_taped) wrt(u0[3], p[3])
#pragma ad jvp(run_k2_grad) wrt(u0[3], p[3]) out(u0_bar[3], p_bar[3])

#include "checkpoint_trip_sweep.ad.h"

typedef struct { int n; } Ctx;

static void run_flat(void *c, const double *z, double *y) { y[0] = run_taped(z, z + 3, ((Ctx *)c)->n); }
static void k2grad_flat(void *c, const double *z, double *g)
{
    run_k2_grad(z, g, z + 3, g + 3, ((Ctx *)c)->n);
}

int main(void)
{
    const int trips[] = {0, 1, 2, 3, 4, 7, 8, 50, 333};
    const double z[6] = {0.7, -0.4, 0.3, 1.1, 0.8, -0.6};
    for (unsigned q = 0; q < sizeof trips / sizeof *trips; q++) {
        int n = trips[q];
        double g0[6], g1[6], g2[6], g5[6];
        double f0 = run_taped_grad(z, g0, z + 3, g0 + 3, n);
        double f1 = run_k1_grad(z, g1, z + 3, g1 + 3, n);
        double f2 = run_k2_grad(z, g2, z + 3, g2 + 3, n);
        double f5 = run_k5_grad(z, g5, z + 3, g5 + 3, n);
        CHECK_TRUE("values equal", f0 == f1 && f0 == f2 && f0 == f5);
        CHECK_TRUE("snapshots=1 bitwise", memcmp(g0, g1, sizeof g0) == 0);
        CHECK_TRUE("snapshots=2 bitwise", memcmp(g0, g2, sizeof g0) == 0);
        CHECK_TRUE("snapshots=5 bitwise", memcmp(g0, g5, sizeof g0) == 0);
        CHECK_TRUE("tape empty", ccad_tape_empty());
        if (n == 3 || n == 50) {
            Ctx c = {n};
            double gfd[6];
            oracle_fd_grad(run_flat, &c, 6, z, gfd);
            CHECK_VEC_CLOSE("taped grad vs fd", g0, gfd, 6, ORACLE_RTOL_FD, oracle_fd_atol(f0));
            double v[6] = {0.3, -0.2, 0.5, 0.1, -0.7, 0.4}, gb[6], gd[6], hfd[6];
            run_k2_grad_jvp(z, v, gb, gd, z + 3, v + 3, gb + 3, gd + 3, n);
            CHECK_TRUE("jvp(grad) primal bitwise", memcmp(gb, g0, sizeof gb) == 0);
            oracle_fd_jvp(k2grad_flat, &c, 6, 6, z, v, hfd);
            CHECK_VEC_CLOSE("jvp(grad) vs fd(grad)", gd, hfd, 6, 1e-5, 1e-7);
        }
    }
    return oracle_result();
}
