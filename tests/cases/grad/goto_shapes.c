/*
** grad/goto_shapes: more forward gotos (lower_goto.c): out of a do-while,
** from a switch inside a while loop to after the loop, two gotos from
** different depths to one label, a label that ends a function (end:;) and
** one followed by a declaration (out: ; double t = ...), a label inside an
** if block. Four inputs take different paths (printed). Oracles: the
** original function's value bit for bit; central differences (h = 1e-7,
** rtol 1e-5); jvp = <grad, v>; a jvp of the helper with an output array.
*/
#include <math.h>
#include "ccad_oracle.h"

double g1(const double *x, int n)
{
    double s = 0.0;
    int i = 0;
    do {
        s += x[i] * x[i];
        if (s > 1.0) goto out;
        i++;
    } while (i < n);
    s *= 2.0;
out:
    ;
    double t = s * s;
    return t;
}

double g2(const double *x, int n)
{
    double s = 0.0;
    int i = 0;
    while (i < n) {
        switch (i % 2) {
        case 0:
            if (x[i] > 0.4) goto after;
            s += x[i];
            break;
        default:
            s -= sin(x[i]);
        }
        i++;
    }
    if (s > 10) goto after;
    s += 1.0;
after:
    if (n > 3) {
        s += x[3];
        if (x[2] < 0) goto inner;
        s *= 1.1;
    inner:
        s += x[0] * x[1];
    }
    return s;
}

void g3(const double *x, int n, double *y)
{
    for (int i = 0; i < n; i++) {
        y[i] = x[i];
        if (x[i] < -0.3) goto end;
        y[i] = exp(x[i]);
    }
    y[0] += 1.0;
end:;
}

double f(const double *x, int n)
{
    double y[8] = {0};
    g3(x, n, y);
    double s = 0;
    for (int i = 0; i < n; i++) s += y[i] * (i + 1);
    return g1(x, n) + g2(x, n) + s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad vjp(f) wrt(x)
#pragma ad jvp(g3) wrt(x) out(y)

#include "goto_shapes.ad.h"

#define N 6
int main(void)
{
    double xs[4][N] = {{0.1, 0.2, 0.3, 0.1, 0.2, 0.1}, {0.9, 0.5, -0.4, 0.7, 0.1, 0.3},
                       {0.2, -0.5, 0.1, 0.2, 0.6, 0.1}, {0.5, 0.1, 0.2, -0.2, -0.1, 0.3}};
    for (int c = 0; c < 4; c++) {
        double *x = xs[c], g[N], d, v[N] = {1, -0.5, 0.25, 0.3, -0.7, 0.2}, y[N] = {0}, yd[N] = {0};
        printf("case %d: g1 %g g2 %g f %g\n", c, g1(x, N), g2(x, N), f(x, N));
        double fx = f(x, N);
        CHECK_CLOSE("grad primal", f_grad(x, g, N), fx, 0, 0);
        CHECK_CLOSE("jvp primal", f_jvp(x, v, N, &d), fx, 0, 0);
        CHECK_CLOSE("jvp = grad.v", d, oracle_dot(g, v, N), 1e-12, 1e-14);
        double y0[N] = {0};
        g3(x, N, y0);
        g3_jvp(x, v, N, y, yd);
        for (int i = 0; i < N; i++) CHECK_CLOSE("g3 primal", y[i], y0[i], 0, 0);
        for (int k = 0; k < N; k++) {
            double s = x[k], h = 1e-7;
            x[k] = s + h; double fp = f(x, N); x[k] = s - h; double fm = f(x, N); x[k] = s;
            CHECK_CLOSE("grad fd", g[k], (fp - fm) / (2 * h), 1e-5, 1e-7);
        }
    }
    return oracle_result();
}
