/*
** grad/checkpoint_loop_return: a checkpointed iteration (3 snapshots, 100
** planned iterations) that leaves the function from inside the loop when
** it converges (`return s;` after 11 iterations, f) or breaks out at a
** fixed count (g): the backward sweep starts from a loop that did not run
** its trip count, through a return in its body.
** Requests: grad, vjp, jvp of both; hessian of f.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients; the exit iteration does not change
** for h ~ 6e-6); hessian against central differences of grad (rtol 1e-6).
*/
#include <math.h>
#include "ccad_oracle.h"

static double relax(double *u, const double *p, int n)
{
    double r = 0.0;
    for (int i = 0; i < n; i++) {
        double v = 0.3 * p[i] + 0.4 * tanh(u[(i + n - 1) % n] + u[(i + 1) % n]);
        r += (v - u[i]) * (v - u[i]);
        u[i] = v;
    }
    return r;
}

static double run(const double *p, int n, double tol)
{
    double u[8] = {0}, acc = 0.0;
#pragma ad checkpoint(snapshots=3)
    for (int it = 0; it < 100; it++) {
        double r = relax(u, p, n);
        acc += 0.01 * u[it % n] * r;
        if (r < tol) {
            double s = acc;
            for (int i = 0; i < n; i++) s += u[i] * u[i];
            return s;                /* converged: leave from inside the loop */
        }
        if (it == 60) break;
    }
    return -acc;
}

double f(const double *p, int n) { return run(p, n, 1e-8); }   /* converges: returns from the loop */
double g(const double *p, int n) { return run(p, n, -1.0); }   /* never: breaks at it == 60 */

#pragma ad grad(g) wrt(p[n])
#pragma ad vjp(g) wrt(p[n])
#pragma ad jvp(g) wrt(p[n])
#pragma ad grad(f) wrt(p[n])
#pragma ad vjp(f) wrt(p[n])
#pragma ad jvp(f) wrt(p[n])
#pragma ad hessian(f) wrt(p[n])

#include "checkpoint_loop_return.ad.h"

ORACLE_XN_WRAPPERS(f, 5)
ORACLE_XN_WRAPPERS(g, 5)

int main(void)
{
    OracleRng rng = oracle_rng(1929);
    ORACLE_XN_CHECKS(f, 5, rng);
    ORACLE_XN_CHECKS(g, 5, rng);
    double p[5], H[25], gp[5], gm[5];
    char label[64];
    oracle_fill_uniform(&rng, p, 5, -1.0, 1.0);
    f_hessian(p, 5, H);
    for (int j = 0; j < 5; j++) {
        double s = p[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        p[j] = s + h; f_grad(p, gp, 5);
        p[j] = s - h; f_grad(p, gm, 5);
        p[j] = s;
        for (int i = 0; i < 5; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 5 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-7);
        }
    }
    return oracle_result();
}
