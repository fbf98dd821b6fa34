// NO-STANDALONE-HEADER: FILE.ad.h declares pair, whose type P it does not declare (a separate open issue: prototypes of rule functions)
/*
** custom/custom_vjp_output_pointer_seeds: calls of custom_vjp functions
** that store through pointers, around the seeds: y = sq2(y * 0.5, &o) + ...
** and y = sq2(y, &o) overwrite y, which the backward sweep needs (y's save and the memory's
** saves share the tape: popped in reverse order); pair's struct result is
** dropped while it stores into o (the rule gets a zero struct seed);
** (int)sq2(y, &o) has an inactive result but stores into o. Oracle: a
** central difference (step 1e-6, smooth f: rtol 1e-6).
*/
#include <math.h>
#include "ccad_oracle.h"
double sq2(double a, double *out) { *out = a * a; return 3 * a; }
int nsq;
double my_sq2_vjp(double a, double *a_bar, double *out, double *out_bar, double ret_bar)
{
    nsq++; *out = a * a; *a_bar += 2 * a * *out_bar + 3 * ret_bar; *out_bar = 0; return 3 * a;
}
#pragma ad custom_vjp(sq2, my_sq2_vjp)
typedef struct { double a, b; } P;
P pair(double x, double *w) { P p = {x * x, 2 * x}; *w = sin(x); return p; }
int npair;
P my_pair_vjp(double x, double *x_bar, double *w, double *w_bar, P ret_bar)
{
    npair++;
    P p = {x * x, 2 * x}; *w = sin(x);
    *x_bar += 2 * x * ret_bar.a + 2 * ret_bar.b + cos(x) * *w_bar;
    *w_bar = 0;
    return p;
}
#pragma ad custom_vjp(pair, my_pair_vjp)
double f(double x, int n)
{
    double y = x, o = 0, s = 0;
    for (int i = 0; i < n; i++) {
        y = sq2(y * 0.5, &o) + y * o;
        s += y * o;
        pair(y, &o);
        s += o * o;
        y = sq2(y, &o);
        s += y * o;
        int k = (int)sq2(y, &o);
        (void)k;
    }
    return s + y;
}
#pragma ad grad(f)
#include "custom_vjp_output_pointer_seeds.ad.h"
int main(void)
{
    double xb = 0, h = 1e-6;
    f_grad(0.3, &xb, 3);
    CHECK_CLOSE("df/dx", xb, (f(0.3 + h, 3) - f(0.3 - h, 3)) / (2 * h), 1e-6, 1e-8);
    return oracle_result();
}
