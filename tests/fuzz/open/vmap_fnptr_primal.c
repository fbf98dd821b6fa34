/* OPEN (probe15): vmap(f) and cuda(f) of a function that calls through a
** function pointer parameter are refused with "a call through a function
** pointer on floating-point data cannot be differentiated", though neither
** request differentiates anything. For vmap (CPU) the batch could simply
** call w; for cuda a host function pointer cannot be called on the device,
** so a refusal is right but should say that (cuda_host_call-like), not
** talk about differentiation.
** Run: build/tool/cc-ad -o /tmp/x.ad.c tests/fuzz/open/vmap_fnptr_primal.c -- -std=c11
** Expected: vmap accepted (f_vmap calls w per element); cuda refused with a
** GPU-specific message. */
double f(const double *x, int n, double (*w)(double))
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w(x[i]);
    return s;
}

#pragma ad vmap(f) batch(x[n])
#pragma ad cuda(f) batch(x[n])
