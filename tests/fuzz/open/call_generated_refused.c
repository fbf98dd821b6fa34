/* OPEN (probe5): refusal. A function of FILE.c that calls a function cc-ad
** generates for another request of the same file -- a gradient step, as
** in unrolled optimisation and meta-learning (JAX:
** jvp(lambda lr: loss(w - lr * grad(loss)(w)))) -- cannot be
** differentiated, not even in forward mode:
**   ml.c:22:19: error: argument 1 of the call to 'loss_grad' points to
**   data that carries derivatives, but cc-ad cannot see the body of
**   'loss_grad' ...; define it in this file, declare '#pragma ad
**   inactive(loss_grad)' ...
** cc-ad writes loss_grad's body itself and differentiates it on request
** (jvp(loss_grad) is supported: forward over reverse), so the call could
** be differentiated as jvp(loss_grad) is. The message ("cannot see the
** body") is misleading for a generated function. (grad(meta) would be
** reverse over reverse, refused elsewhere; jvp(meta) is forward over
** reverse, the supported order.)
** Expected: calls to generated functions are differentiated like the
** functions they are (or a diagnostic that names the supported route).
**   build/tool/cc-ad -o /tmp/m.ad.c tests/fuzz/open/call_generated_refused.c   (exit 1) */
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
