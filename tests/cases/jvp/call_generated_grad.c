/* jvp/call_generated_grad (probe5): a function of FILE.c calling the
** gradient another request of the file generates (two steps of gradient
** descent, as unrolled optimisation and meta-learning write it; JAX:
** jvp(lambda lr: loss(w - lr * grad(loss)(w)))). cc-ad refused it, "cannot
** see the body of 'loss_grad'", though it writes that body itself and
** differentiates it on request (forward over reverse). The call now goes
** to the generated body (activity.c: generated_by_name). Oracle: central
** differences of meta in lr, at two step sizes. */
#include "ccad.h"
#include "ccad_oracle.h"

#include <math.h>
#include <string.h>

double loss(const double *w, double a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += (w[i] - a * (i + 1)) * (w[i] - a * (i + 1)) + 0.1 * sin(w[i]);
    return s;
}
#pragma ad grad(loss) wrt(w[n], a)

double loss_grad(const double *w, double *w_bar, double a, double *a_bar, int n);

/* the loss after two gradient steps of size lr */
double meta(const double *w0, double a, double lr, int n)
{
    double w[8], g[8], ga;
    memcpy(w, w0, (size_t)n * sizeof *w);
    for (int k = 0; k < 2; k++) {
        loss_grad(w, g, a, &ga, n);
        for (int i = 0; i < n; i++) w[i] -= lr * g[i];
    }
    return loss(w, a, n);
}
#pragma ad jvp(meta) wrt(lr)

#include "call_generated_grad.ad.h"

int main(void)
{
    double w0[4] = {0.3, -0.2, 0.8, 0.1}, a = 0.4, d;
    for (int t = 0; t < 2; t++) {
        double lr = t ? 0.05 : 0.11, h = 1e-6;
        double v = meta_jvp(w0, a, lr, 1.0, 4, &d);
        CHECK_CLOSE("jvp primal", v, meta(w0, a, lr, 4), 1e-15, 0);
        double fd = (meta(w0, a, lr + h, 4) - meta(w0, a, lr - h, 4)) / (2 * h);
        CHECK_CLOSE("d meta / d lr vs differences", d, fd, 1e-7, 1e-9);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
