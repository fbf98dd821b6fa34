/*
** realc/lbm_d2q9: a lattice-Boltzmann D2Q9 BGK solver as teaching codes write
** it: distributions in a fixed-size array double f[NX][NY][Q] passed as
** double (*f)[NY][Q], file-scope const tables of lattice velocities and
** weights (ex, ey, w, opp), macroscopic moments, an equilibrium helper,
** collision and streaming with periodic wrap-around ((x + ex[k] + NX) % NX),
** bounce-back on solid cells from an int mask, a body force, the two
** population buffers swapped by pointer each step, and
** `#pragma ad checkpoint(snapshots=4)` on the time loop.
** Requests: grad of the mean x-velocity after nt steps wrt (tau, force);
** jvp; grad wrt the initial populations.
** Oracles: central differences (h = 1e-6, rtol 1e-6); jvp by dot product
** (1e-12); checkpointed = taped gradient (1e-13).
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define NX 8
#define NY 6
#define Q 9
static const int ex[Q] = {0, 1, 0, -1, 0, 1, -1, -1, 1};
static const int ey[Q] = {0, 0, 1, 0, -1, 1, 1, -1, -1};
static const int opp[Q] = {0, 3, 4, 1, 2, 7, 8, 5, 6};
static const double wq[Q] = {4.0/9, 1.0/9, 1.0/9, 1.0/9, 1.0/9, 1.0/36, 1.0/36, 1.0/36, 1.0/36};

static double feq(int k, double rho, double ux, double uy)
{
    double eu = ex[k] * ux + ey[k] * uy, uu = ux * ux + uy * uy;
    return wq[k] * rho * (1.0 + 3.0 * eu + 4.5 * eu * eu - 1.5 * uu);
}
static void collide_stream(double (*f)[NY][Q], double (*fn)[NY][Q], const int (*solid)[NY], double tau, double force)
{
    for (int x = 0; x < NX; x++)
        for (int y = 0; y < NY; y++) {
            if (solid[x][y]) continue;
            double rho = 0, ux = 0, uy = 0;
            for (int k = 0; k < Q; k++) { rho += f[x][y][k]; ux += f[x][y][k] * ex[k]; uy += f[x][y][k] * ey[k]; }
            ux = ux / rho + tau * force / rho;
            uy /= rho;
            for (int k = 0; k < Q; k++) {
                double post = f[x][y][k] - (f[x][y][k] - feq(k, rho, ux, uy)) / tau;
                int xn = (x + ex[k] + NX) % NX, yn = (y + ey[k] + NY) % NY;
                if (solid[xn][yn]) fn[x][y][opp[k]] = post;       /* bounce back */
                else fn[xn][yn][k] = post;
            }
        }
}
double lbm_run(double (*f0)[NY][Q], const int (*solid)[NY], double tau, double force, int nt)
{
    double a[NX][NY][Q], b[NX][NY][Q];
    double (*f)[NY][Q] = a, (*fn)[NY][Q] = b, (*t)[NY][Q];
    memcpy(a, f0, sizeof a);
    memset(b, 0, sizeof b);
#pragma ad checkpoint(snapshots=4)
    for (int s = 0; s < nt; s++) {
        collide_stream(f, fn, solid, tau, force);
        t = f; f = fn; fn = t;
    }
    double umean = 0; int cells = 0;
    for (int x = 0; x < NX; x++)
        for (int y = 0; y < NY; y++) {
            if (solid[x][y]) continue;
            double rho = 0, ux = 0;
            for (int k = 0; k < Q; k++) { rho += f[x][y][k]; ux += f[x][y][k] * ex[k]; }
            umean += ux / rho; cells++;
        }
    return umean / cells;
}
#pragma ad grad(lbm_run) wrt(tau, force)
#pragma ad jvp(lbm_run) wrt(f0[NX][NY][Q], tau, force)
#pragma ad grad(lbm_run) wrt(f0[NX][NY][Q]) name(lbm_run_grad_f0)

#include "lbm_d2q9.ad.h"

#define NT 13
int main(void)
{
    static double f0[NX][NY][Q], gf[NX][NY][Q], fd[NX][NY][Q];
    int solid[NX][NY] = {{0}};
    for (int x = 0; x < NX; x++) { solid[x][0] = 1; solid[x][NY - 1] = 1; }   /* channel walls */
    solid[3][2] = 1;                                                       /* an obstacle */
    for (int x = 0; x < NX; x++) for (int y = 0; y < NY; y++) for (int k = 0; k < Q; k++)
        f0[x][y][k] = feq(k, 1.0 + 0.01 * sin(x + 2.0 * y), 0.02 * cos(y), 0.0);
    double tau = 0.8, force = 1e-4, gtau = 0, gforce = 0;
    double u0 = lbm_run(f0, (const int (*)[NY])solid, tau, force, NT);
    double u1 = lbm_run_grad(f0, (const int (*)[NY])solid, tau, &gtau, force, &gforce, NT);
    CHECK_CLOSE("primal", u1, u0, 1e-14, 0);
    double h = 1e-6;
    CHECK_CLOSE("d/dtau vs fd", gtau, (lbm_run(f0, (const int (*)[NY])solid, tau + h, force, NT) - lbm_run(f0, (const int (*)[NY])solid, tau - h, force, NT)) / (2 * h), 1e-6, 1e-10);
    CHECK_CLOSE("d/dforce vs fd", gforce, (lbm_run(f0, (const int (*)[NY])solid, tau, force + h, NT) - lbm_run(f0, (const int (*)[NY])solid, tau, force - h, NT)) / (2 * h), 1e-6, 1e-10);
    lbm_run_grad_f0(f0, gf, (const int (*)[NY])solid, tau, force, NT);
    OracleRng r = oracle_rng(13);
    double dot = 0, ud = 0, vt = 0.7, vf = -3.0;
    for (int x = 0; x < NX; x++) for (int y = 0; y < NY; y++) for (int k = 0; k < Q; k++) { fd[x][y][k] = oracle_uniform(&r, -1, 1); dot += fd[x][y][k] * gf[x][y][k]; }
    dot += vt * gtau + vf * gforce;
    lbm_run_jvp(f0, fd, (const int (*)[NY])solid, tau, vt, force, vf, NT, &ud);
    CHECK_CLOSE("jvp . dot", ud, dot, 1e-12, 1e-14);
    for (int c = 0; c < 6; c++) {
        int x = (3 * c) % NX, y = 1 + c % (NY - 2), k = (5 * c) % Q;
        double s = f0[x][y][k];
        f0[x][y][k] = s + h; double up = lbm_run(f0, (const int (*)[NY])solid, tau, force, NT);
        f0[x][y][k] = s - h; double um = lbm_run(f0, (const int (*)[NY])solid, tau, force, NT);
        f0[x][y][k] = s;
        CHECK_CLOSE("d/df0 vs fd", gf[x][y][k], (up - um) / (2 * h), 1e-6, 1e-10);
    }
    return oracle_result();
}
