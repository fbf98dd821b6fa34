/* OPEN (probe6): refused (jvp of a generated hvp), and two wrong hints.
** jvp(f_hvp) wrt(x[n]) out(x_hv[n]) of an f with a scalar input s (so
** f_hvp has double *s_hv, a pure output the user never reads) is
**   error: 'f_hvp' stores values that depend on the inputs through
**   parameter 's_hv', which then needs derivative storage: list it with
**   its size, as an input (wrt(..., s_hv[n])), an output (out(s_hv[n])),
**   or as scratch ... (scratch(s_hv[n]))
** The manual's rule: such a parameter needs a clause only when what f
** stores there flows on into an output (read back); s_hv is only written
** (the analogous jvp(f_grad) wrt(x[n]) out(x_bar[n]), whose s_bar is
** written the same way, is accepted). Presumably the generated hvp body
** accumulates into *s_hv (+=), which the analysis takes for a read-back.
** The hint's size is wrong too: s_hv points to one element, not n; the
** same slip in vmap(f_hvp) batch(..., s_hv): "write batch(s_hv[n])".
** Workaround: out(x_hv[n], s_hv[1]) (then derivatives are right: checked
** against differences of f_hvp).
**   build/tool/cc-ad -o /tmp/j.ad.c tests/fuzz/open/jvp_hvp_scalar_out.c
*/
double f(const double *x, double s, int n)
{
    double r = 0.0;
    for (int i = 0; i < n; i++)
        r += s * x[i] * x[i];
    return r * s;
}

#pragma ad hvp(f) wrt(x[n], s)
#pragma ad jvp(f_hvp) wrt(x[n]) out(x_hv[n])
#pragma ad grad(f) wrt(x[n], s)
#pragma ad jvp(f_grad) wrt(x[n]) out(x_bar[n])
