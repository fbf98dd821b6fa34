/* OPEN (fuzzcls): REFUSED (valid request, the manual's own example): the
** manual (REQUESTS, nested spellings) says "for vmap(jvp(grad(f))) write
** grad(f) wrt(x[n]) on its own line and vmap(jvp(f_grad)) batch(x[n])", and
** that when a batching request batches a derivative "a shadow follows its
** primal: the shadows of each batched parameter (x_bar, x_dot, x_v, x_hv)
** are batched with its size". Here x is batched; x_dot follows it, but
** x_bar, fs_grad's shadow of x (and with it x_bar_dot), does not:
**   error: 'fs_grad_jvp_vmap': parameter 'x_bar' is shared by every batch
**   element but may be written; list it in batch(x_bar[n]) ...
** both for the manual's spelling without clauses (which also warns "input
** 'x_bar' of 'fs_grad' has no path to any output": jvp(fs_grad)'s default
** wrt takes x_bar as an input and its default out is the return value, so
** the example would not even be a Hessian-vector product) and with the
** clauses that make it one (below). Expected: fs_grad_jvp_vmap(int batch,
** x, x_dot, x_bar, x_bar_dot, n, ret) with x_bar and x_bar_dot batched, as
** `vmap(fs_grad_jvp) batch(x[n], x_bar[n])` gives (accepted); or the manual
** fixed to say x_bar must be listed. Got: the error. Not silently wrong.
** Run: build/tool/cc-ad tests/fuzz/open/vmap_jvp_grad_shadow_follow.c */
#include <math.h>

double fs(const double *x, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * a * x[i];
    return s;
}

#pragma ad grad(fs) wrt(x[n])
#pragma ad vmap(jvp(fs_grad)) wrt(x[n]) out(x_bar[n]) batch(x[n])
