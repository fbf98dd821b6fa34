// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-GENERATED: omp atomic
/*
** realc/lj_md: a Lennard-Jones molecular-dynamics energy as MD codes write
** it: positions as double (*x)[3], minimum-image periodic boundaries with
** round(), a cutoff with the energy shifted to zero at rc, the outer pair loop
** `#pragma omp parallel for schedule(dynamic, 4) reduction(+:epot)` over a
** triangular inner loop, and the hand-written force routine the code ships.
** Requests: grad of the energy wrt the positions (forces are -grad), hessian-
** vector products (normal-mode analysis), jvp.
** The adjoints of the positions, x_bar[i][k] and x_bar[j][k], go into
** per-thread copies of x_bar (3 n doubles), not atomics.
** Oracles: the code's own analytic forces (1e-12); hvp against differences of
** the forces (h = 1e-6, rtol 1e-6); jvp by dot product; 1, 2 and 3 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

#define RC 2.5
double lj_energy(const double (*x)[3], int n, double box)
{
    const double rc2 = RC * RC, ec = 4.0 * (pow(RC, -12) - pow(RC, -6));
    double epot = 0.0;
    int i;
#pragma omp parallel for schedule(dynamic, 4) reduction(+:epot)
    for (i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[i][k] - x[j][k];
                d[k] -= box * round(d[k] / box);
                r2 += d[k] * d[k];
            }
            if (r2 < rc2) {
                double s6 = 1.0 / (r2 * r2 * r2);
                epot += 4.0 * (s6 * s6 - s6) - ec;
            }
        }
    return epot;
}
/* the code's hand-written forces */
void lj_forces(const double (*x)[3], int n, double box, double (*f)[3])
{
    memset(f, 0, n * sizeof *f);
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) { d[k] = x[i][k] - x[j][k]; d[k] -= box * round(d[k] / box); r2 += d[k] * d[k]; }
            if (r2 < RC * RC) {
                double s2 = 1.0 / r2, s6 = s2 * s2 * s2, ff = 48.0 * s2 * s6 * (s6 - 0.5);
                for (int k = 0; k < 3; k++) { f[i][k] += ff * d[k]; f[j][k] -= ff * d[k]; }
            }
        }
}
#pragma ad grad(lj_energy) wrt(x[n][3])
#pragma ad hvp(lj_energy) wrt(x[n][3])
#pragma ad jvp(lj_energy) wrt(x[n][3])

#include "lj_md.ad.h"

#define NA 27
int main(void)
{
    double x[NA][3], g[NA][3], f[NA][3], v[NA][3], hv[NA][3], box = 4.2;
    for (int a = 0; a < NA; a++) for (int k = 0; k < 3; k++) { int c = k == 0 ? a % 3 : k == 1 ? (a / 3) % 3 : a / 9; x[a][k] = 1.4 * c + 0.1 * sin(3.0 * a + k); v[a][k] = cos(a + 2.0 * k); }
    lj_forces((const double (*)[3])x, NA, box, f);
    for (int th = 1; th <= 3; th++) {
        omp_set_num_threads(th);
        double e0 = lj_energy((const double (*)[3])x, NA, box), e1 = lj_energy_grad((const double (*)[3])x, g, NA, box);
        CHECK_CLOSE("primal", e1, e0, 1e-12, 0);
        for (int a = 0; a < NA; a++) for (int k = 0; k < 3; k++) CHECK_CLOSE("force = -grad", -g[a][k], f[a][k], 1e-12, 1e-12);
        lj_energy_hvp((const double (*)[3])x, (const double (*)[3])v, hv, NA, box);
        double xp[NA][3], xm[NA][3], fp[NA][3], fm[NA][3], h = 1e-6;
        for (int a = 0; a < NA; a++) for (int k = 0; k < 3; k++) { xp[a][k] = x[a][k] + h * v[a][k]; xm[a][k] = x[a][k] - h * v[a][k]; }
        lj_forces((const double (*)[3])xp, NA, box, fp); lj_forces((const double (*)[3])xm, NA, box, fm);
        for (int a = 0; a < NA; a += 4) for (int k = 0; k < 3; k++) CHECK_CLOSE("hvp vs -dF", hv[a][k], -(fp[a][k] - fm[a][k]) / (2 * h), 1e-6, 1e-6);
        double ed = 0;
        lj_energy_jvp((const double (*)[3])x, (const double (*)[3])v, NA, box, &ed);
        CHECK_CLOSE("jvp . dot", ed, oracle_dot(&v[0][0], &g[0][0], 3 * NA), 1e-12, 1e-12);
    }
    return oracle_result();
}
