/* main.c - samples/basics driver (seed 003): each derivative the seed
 * computes with jax, computed with the functions cc-ad generated from
 * basics.c and compared with the value the seed prints or a closed form.
 * Exits 1 when a check fails. */
#include <math.h>
#include <stdio.h>

#include "basics.h"
#include "basics.ad.h" /* written by cc-ad */

static int nfail;

static void check(const char *what, double got, double want)
{
    double err = fabs(got - want) / fmax(1.0, fabs(want));
    int ok = err <= 1e-12;
    printf("  %-40s % 14.8f  want % 14.8f  %s\n", what, got, want, ok ? "ok" : "FAIL");
    nfail += !ok;
}

int main(void)
{
    printf("scalars\n");
    double d1;
    sq_grad(3.0, &d1);
    check("grad(sq)(3)", d1, 6.0);
    double d2, d1b;
    sq_grad_grad(3.0, &d2, &d1b); /* d2 = d/dx of sq_grad's x_bar */
    check("grad(grad(sq))(3)", d2, 2.0);
    double gy, gx;
    g_grad(2.0, 3.0, &gy);
    check("grad(g) wrt(y) at (2, 3)  [argnums=1]", gy, 58.0);
    g_grad_x(2.0, &gx, 3.0);
    check("grad(g) wrt(x) at (2, 3)  [argnums=0]", gx, 2 * 2.0 * 3.0 + 27.0);

    printf("vectors: fv(x) = sum x^2 + x1 x2 at x = (1, 2, 3)\n");
    const double x[3] = {1.0, 2.0, 3.0};
    const double gw[3] = {2.0, 7.0, 8.0};
    const double Hw[9] = {2, 0, 0, 0, 2, 1, 0, 1, 2};
    double gv[3], J[9], H[9], gb[3];
    check("fv", fv_grad(x, gv), 20.0);
    for (int i = 0; i < 3; i++) {
        char what[48];
        snprintf(what, sizeof what, "grad(fv)[%d]", i);
        check(what, gv[i], gw[i]);
    }
    fv_grad_jacfwd(x, gb, J);
    fv_hessian(x, H);
    printf("  jacfwd(fv_grad)   (jax.jacobian(jax.grad(fv)))   hessian(fv)\n");
    for (int i = 0; i < 3; i++)
        printf("  [%4.1f %4.1f %4.1f]                                [%4.1f %4.1f %4.1f]\n",
               J[3 * i], J[3 * i + 1], J[3 * i + 2], H[3 * i], H[3 * i + 1], H[3 * i + 2]);
    double ej = 0.0, eh = 0.0;
    for (int k = 0; k < 9; k++) {
        ej = fmax(ej, fabs(J[k] - Hw[k]));
        eh = fmax(eh, fabs(H[k] - Hw[k]));
    }
    check("max |jacfwd(fv_grad) - closed form|", ej, 0.0);
    check("max |hessian(fv) - closed form|", eh, 0.0);

    printf("structs: ft(t) = alpha sum t.d.x^3 + sum t.d.y^2 (the seed's tree)\n");
    Tree t, tb;
    for (int i = 0; i < 5; i++)
        t.d.x[i] = 1.0 + i;  /* linspace(1, 5, 5) */
    for (int i = 0; i < 10; i++)
        t.d.y[i] = 10.0 + i; /* linspace(10, 19, 10) */
    t.alpha = 1.0;
    t.nx = 5;
    tb = t; /* garbage for the gradient: ft_grad overwrites it */
    double v = ft_grad(&t, &tb); /* tb's int field carries no derivative */
    check("ft", v, 225.0 + 2185.0);
    printf("  grad x: [");
    for (int i = 0; i < 5; i++)
        printf(" %g", tb.d.x[i]);
    printf(" ]\n  grad y: [");
    for (int i = 0; i < 10; i++)
        printf(" %g", tb.d.y[i]);
    printf(" ]\n");
    double et = 0.0;
    for (int i = 0; i < 5; i++)
        et = fmax(et, fabs(tb.d.x[i] - 3.0 * t.d.x[i] * t.d.x[i]));
    for (int i = 0; i < 10; i++)
        et = fmax(et, fabs(tb.d.y[i] - 2.0 * t.d.y[i]));
    check("max |grad fields x, y - (3 x^2, 2 y)|", et, 0.0);
    check("grad field alpha = sum x^3", tb.alpha, 225.0);
    Pair p = {0.5, 2.5}, pb = {1.0, 1.0};
    fts_vjp(p, &pb, 2.0); /* pb += 2 * grad fts */
    check("vjp(fts), struct by value: x_bar", pb.x, 1.0 + 2.0 * 3.0 * 0.25);
    check("vjp(fts), struct by value: y_bar", pb.y, 1.0 + 2.0 * 2.0 * 2.5);

    printf("loops: x^n at x = 2, n = 3, and sqrt by Newton's iteration\n");
    double dx, hist[3], jac[4];
    check("fori_loop: fl_fori", fl_fori_grad(2.0, &dx, 3), 8.0);
    check("fori_loop: d/dx = 3 x^2", dx, 12.0);
    double r = fl_scan_jacfwd(2.0, 3, hist, jac);
    printf("  scan: carry %g, history [%g %g %g]\n", r, hist[0], hist[1], hist[2]);
    check("scan: d carry/dx", jac[0], 12.0);
    check("scan: d history[0]/dx", jac[1], 1.0);
    check("scan: d history[1]/dx", jac[2], 4.0);
    check("scan: d history[2]/dx", jac[3], 12.0);
    check("while_loop: fl_while", fl_while_grad(2.0, &dx, 3), 8.0);
    check("while_loop: d/dx", dx, 12.0);
    for (int k = 0; k < 3; k++) {
        double a = k == 0 ? 2.0 : (k == 1 ? 0.09 : 1e6), da;
        char what[64];
        double s = sqrt_newton_grad(a, &da);
        snprintf(what, sizeof what, "while (converge): sqrt_newton(%g)", a);
        check(what, s, sqrt(a));
        snprintf(what, sizeof what, "d sqrt_newton/da at %g = 1/(2 sqrt a)", a);
        check(what, da, 0.5 / sqrt(a));
    }

    printf("\n%s\n", nfail ? "CHECK FAILED" : "all checks passed");
    return nfail ? 1 : 0;
}
