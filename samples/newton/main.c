/* main.c - samples/newton driver (seed 002):
 *   1. the iteration 10 x_{n+1} = x_n^2 + 21 from 38 starting points
 *      (-9, -8.5, ..., 9.5), 500 steps each, with the derivative of the end
 *      point with respect to the start (iterate_jvp) checked against the
 *      chain rule by hand, prod_k (2 x_k / 10): 3 attracts on (-7, 7)
 *      (derivative -> 0), 7 repels (derivative 1.4^500), the rest diverge;
 *   2. one Newton step x1 = x0 - H^-1 grad on the seed's quadratic, with
 *      quad_fun_grad and quad_fun_hessian, reaches the maximum (3, 7);
 *   3. the same step by conjugate gradients with Hessian-vector products
 *      (quad_fun_hvp) instead of the Hessian, and in 200 dimensions
 *      (quad_n_hvp), where the Hessian is never formed.
 * Exits 1 when a check fails. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "newton.h"
#include "newton.ad.h" /* written by cc-ad */

enum { STEPS = 500, NBIG = 200 };

static int check(const char *what, double err, double tol)
{
    int ok = err <= tol;
    printf("  %-52s err %.1e  %s\n", what, err, ok ? "ok" : "FAIL");
    return ok;
}

/* ---------------------------------------------------------- 1. iteration */
static int part_iteration(void)
{
    int ok = 1, n3 = 0, n7 = 0, ndiv = 0;
    double worst_x = 0.0, worst_d = 0.0;
    printf("10 x_{n+1} = x_n^2 + 21, %d steps from each start; d = dx_%d/dx_0 (iterate_jvp)\n",
           STEPS, STEPS);
    printf("   start      x_%d           d             chain rule by hand\n", STEPS);
    for (int s = 0; s < 38; s++) {
        double start = -9.0 + 0.5 * s, d = NAN;
        double x = iterate_jvp(start, 1.0, STEPS, &d);
        /* by hand: d x_{k+1} / d x_k = 2 x_k / 10 */
        double xk = start, dh = 1.0;
        for (int k = 0; k < STEPS; k++) {
            dh *= 2.0 * xk / 10.0;
            xk = (xk * xk + 21.0) / 10.0;
        }
        ok &= x == iterate(start, STEPS);
        const char *what;
        if (fabs(start) < 7.0) {
            what = "-> 3 (attracting)";
            n3++;
            worst_x = fmax(worst_x, fabs(x - 3.0));
            worst_d = fmax(worst_d, fabs(d - dh) / fmax(fabs(dh), 1e-300));
        } else if (fabs(start) == 7.0) {
            what = "-> 7 (repelling)";
            n7++;
            worst_x = fmax(worst_x, fabs(x - 7.0));
            worst_d = fmax(worst_d, fabs(d - dh) / fabs(dh));
            /* closed form: x_k = 7 for k >= 1, so d = (start / 5) 1.4^499 */
            worst_d = fmax(worst_d, fabs(d - start / 5.0 * pow(1.4, STEPS - 1)) / fabs(d));
        } else {
            what = "diverges";
            ndiv++;
            ok &= isinf(x) && x > 0.0;
        }
        printf("  % 5.1f  %12.6g  % 13.6g  % 13.6g   %s\n", start, x, d, dh, what);
    }
    printf("  %d starts converge to 3, %d stay at 7, %d diverge\n", n3, n7, ndiv);
    ok &= n3 == 27 && n7 == 2 && ndiv == 9;
    ok &= check("x_500 at the fixed point (basin (-7, 7) -> 3, +-7 -> 7)", worst_x, 1e-12);
    ok &= check("iterate_jvp = chain rule by hand (relative)", worst_d, 1e-10);
    return ok;
}

/* ------------------------------------------------------- 2. Newton step */
static int part_newton(void)
{
    const double x0[2] = {0.0, 0.0};
    double g[2], H[4];
    int ok = 1;
    quad_fun_grad(x0, g);
    quad_fun_hessian(x0, H);
    printf("\nquad_fun(x) = -((x - (3, 7))^T [[3, 2], [2, 7]] (x - (3, 7)) - 2), from x0 = (0, 0)\n");
    printf("  grad    = [% .6f % .6f]          (quad_fun_grad)\n", g[0], g[1]);
    printf("  hessian = [[% .6f % .6f], [% .6f % .6f]]  (quad_fun_hessian)\n", H[0], H[1], H[2], H[3]);
    /* closed forms: grad = -2 A (x0 - c) = 2 A c, hessian = -2 A */
    const double gw[2] = {2.0 * (3.0 * 3.0 + 2.0 * 7.0), 2.0 * (2.0 * 3.0 + 7.0 * 7.0)};
    const double Hw[4] = {-6.0, -4.0, -4.0, -14.0};
    double eg = fmax(fabs(g[0] - gw[0]), fabs(g[1] - gw[1])), eh = 0.0;
    for (int k = 0; k < 4; k++)
        eh = fmax(eh, fabs(H[k] - Hw[k]));
    ok &= check("grad = 2 A c", eg, 1e-12);
    ok &= check("hessian = -2 A", eh, 1e-12);
    /* Newton: solve H dx = g (2 x 2, Cramer), x1 = x0 - dx */
    double det = H[0] * H[3] - H[1] * H[2];
    double dx[2] = {(g[0] * H[3] - H[1] * g[1]) / det, (H[0] * g[1] - H[2] * g[0]) / det};
    double x1[2] = {x0[0] - dx[0], x0[1] - dx[1]};
    printf("  Newton step: x1 = x0 - H^-1 grad = [%.15f %.15f]\n", x1[0], x1[1]);
    ok &= check("one Newton step reaches (3, 7)", fmax(fabs(x1[0] - 3.0), fabs(x1[1] - 7.0)), 1e-12);
    return ok;
}

/* -------------------------------------------------- 3. conjugate gradients */
/* Solve H dx = b for the Hessian H of quad_n at x0 by conjugate gradients,
 * touching H only through hvp(v) = H v. Returns the number of products. */
typedef struct {
    const double *x0, *A, *c;
    int n;
} Problem;

static void hvp(const Problem *p, const double *v, double *hv)
{
    if (p->n == 2 && p->A == NULL)
        quad_fun_hvp(p->x0, v, hv);
    else
        quad_n_hvp(p->x0, v, hv, p->A, p->c, p->n);
}

static int cg_solve(const Problem *p, const double *b, double *dx, int maxit, double rtol)
{
    int n = p->n, nprod = 0;
    double *r = malloc((size_t)n * sizeof *r), *q = malloc((size_t)n * sizeof *q);
    double *Aq = malloc((size_t)n * sizeof *Aq);
    if (!r || !q || !Aq)
        exit(2);
    double bb = 0.0, rr = 0.0;
    for (int i = 0; i < n; i++) {
        dx[i] = 0.0; /* x = 0, so r = b - H x = b */
        r[i] = q[i] = b[i];
        bb += b[i] * b[i];
    }
    rr = bb;
    for (int it = 0; it < maxit && rr > rtol * rtol * bb; it++) {
        hvp(p, q, Aq);
        nprod++;
        double qAq = 0.0, rr_new = 0.0;
        for (int i = 0; i < n; i++)
            qAq += q[i] * Aq[i];
        double alpha = rr / qAq;
        for (int i = 0; i < n; i++) {
            dx[i] += alpha * q[i];
            r[i] -= alpha * Aq[i];
            rr_new += r[i] * r[i];
        }
        for (int i = 0; i < n; i++)
            q[i] = r[i] + rr_new / rr * q[i];
        rr = rr_new;
    }
    free(r);
    free(q);
    free(Aq);
    return nprod;
}

static int part_cg(void)
{
    int ok = 1;
    /* the seed's 2-d quadratic: 2 conjugate directions */
    {
        const double x0[2] = {0.0, 0.0};
        double g[2], dx[2];
        quad_fun_grad(x0, g);
        Problem p = {x0, NULL, NULL, 2};
        int np = cg_solve(&p, g, dx, 2, 0.0);
        double x1[2] = {x0[0] - dx[0], x0[1] - dx[1]};
        printf("\nconjugate gradients with quad_fun_hvp (%d Hessian-vector products, no Hessian):\n", np);
        printf("  x1 = [%.15f %.15f]\n", x1[0], x1[1]);
        ok &= check("CG Newton step reaches (3, 7)", fmax(fabs(x1[0] - 3.0), fabs(x1[1] - 7.0)), 1e-12);
    }
    /* n = 200: A = I + B B^T / n (symmetric positive definite), random c */
    {
        int n = NBIG;
        double *A = malloc((size_t)n * n * sizeof *A), *B = malloc((size_t)n * n * sizeof *B);
        double *c = malloc((size_t)n * sizeof *c), *x0 = calloc((size_t)n, sizeof *x0);
        double *g = malloc((size_t)n * sizeof *g), *dx = malloc((size_t)n * sizeof *dx);
        if (!A || !B || !c || !x0 || !g || !dx)
            return 0;
        uint64_t st = 2;
        for (int k = 0; k < n * n + n; k++) {
            st = st * 6364136223846793005u + 1442695040888963407u;
            double u = (double)(st >> 11) * 0x1.0p-53 - 0.5;
            if (k < n * n)
                B[k] = u;
            else
                c[k - n * n] = 10.0 * u;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int k = 0; k < n; k++)
                    s += B[i * n + k] * B[j * n + k];
                A[i * n + j] = (i == j) + s / n;
            }
        quad_n_grad(x0, g, A, c, n);
        Problem p = {x0, A, c, n};
        int np = cg_solve(&p, g, dx, n, 1e-13);
        double err = 0.0;
        for (int i = 0; i < n; i++)
            err = fmax(err, fabs(x0[i] - dx[i] - c[i]));
        printf("quad_n in %d dimensions: CG with quad_n_hvp, %d Hessian-vector products\n", n, np);
        printf("  (the full Hessian would take %d products)\n", n);
        ok &= check("CG Newton step reaches the maximum c", err, 1e-9);
        ok &= np < n;
        free(A);
        free(B);
        free(c);
        free(x0);
        free(g);
        free(dx);
    }
    return ok;
}

int main(void)
{
    int ok = part_iteration();
    ok &= part_newton();
    ok &= part_cg();
    printf("\n%s\n", ok ? "all checks passed" : "CHECK FAILED");
    return ok ? 0 : 1;
}
