/*
** jac/ckpt_loop_in_loop: a checkpointed `while` (data-dependent trip count,
** inner + t % 3) nested in a checkpointed counted `for`, both
** checkpoint(snapshots=2), in a split helper, under grad, hessian and
** jacrev, over outer/inner trip counts (0, 3), (1, 0), (5, 2), (13, 4).
** Oracles: central differences (1e-6), the hessian against differences of
** grad (1e-5), jacrev = grad, an empty tape after each call.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
static double run(const double *p, int outer, int inner)
{
    double u[3] = {p[0], p[1], 0.5};
    double acc = 0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < outer; t++) {
        int k = 0;
#pragma ad checkpoint(snapshots=2)
        while (k < inner + t % 3) {
            double a = u[0], b = u[1];
            u[0] = a + 0.05 * sin(b) * p[2];
            u[1] = b - 0.05 * a * u[2];
            u[2] = 0.9 * u[2] + 0.1 * cos(a);
            k++;
        }
        acc += u[0] * u[1];
    }
    return acc + u[2];
}
double f(const double *p, int outer, int inner) { double a = run(p, outer, inner); return a * a; }
#pragma ad grad(f) wrt(p[3])
#pragma ad hessian(f) wrt(p[3])
#pragma ad jacrev(f) wrt(p[3])
#include "ckpt_loop_in_loop.ad.h"
typedef struct { int o, i; } Ctx;
static void flat(void *c, const double *z, double *y) { Ctx *k = c; y[0] = f(z, k->o, k->i); }
static void gflat(void *c, const double *z, double *g) { Ctx *k = c; f_grad(z, g, k->o, k->i); }
int main(void) {
    int cfg[][2] = {{0, 3}, {1, 0}, {5, 2}, {13, 4}};
    for (int q = 0; q < 4; q++) {
        Ctx c = {cfg[q][0], cfg[q][1]};
        double p[3] = {0.4, -0.7, 1.1}, g[3], gfd[3], H[9], Hfd[9], J[3];
        double f0 = f_grad(p, g, c.o, c.i);
        oracle_fd_grad(flat, &c, 3, p, gfd);
        CHECK_VEC_CLOSE("grad vs fd", g, gfd, 3, 1e-6, oracle_fd_atol(f0));
        f_hessian(p, c.o, c.i, H);
        for (int j = 0; j < 3; j++) { double e[3] = {0}, col[3]; e[j] = 1; oracle_fd_jvp(gflat, &c, 3, 3, p, e, col); for (int i = 0; i < 3; i++) Hfd[i * 3 + j] = col[i]; }
        CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, 9, 1e-5, 1e-7);
        f_jacrev(p, c.o, c.i, J);
        CHECK_VEC_CLOSE("jacrev = grad", J, g, 3, 1e-13, 1e-15);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
