/* OPEN (probe6): refused though the manual says it works, and the advice
** given does not work either; grad (every reverse mode).
** The manual (scratch clause): a parameter that receives values depending
** on the inputs needs wrt/out/scratch "unless f never lets what it stores
** there flow on into an output ... (a cache for a hand-written backward
** pass ...): then nothing needs its derivative, no clause is required".
** That holds for a plain pointer (fwd2 below is accepted), but the same
** cache behind a struct's pointer field (a network struct keeping its
** activations, genann/llm.c style: net->act[i] = a, never read back) is
**   error: 'fwd' stores values that depend on the inputs through parameter
**   'net', which then needs derivative storage: list it with its size, as
**   an input (wrt(..., net[n])), an output (out(net[n])), or as scratch
**   state whose derivative stays inside (scratch(net[n]))
** and following the advice fails again: scratch(net[1]) -> "what it
** points to holds pointers, whose derivative storage cc-ad cannot
** allocate"; for the by-value fwd3, scratch(net) -> "'net' is passed by
** value" (the message suggested net[n] for a struct passed by value).
** The only way left is wrt(net[1]) with a caller-built net_bar whose act
** points to a dummy buffer. Expected: accepted without a clause, as fwd2.
**   build/tool/cc-ad -o /tmp/s.ad.c tests/fuzz/open/struct_field_cache_refused.c
*/
#include <math.h>

typedef struct Net { int n; double *act; double scale; } Net;

double fwd(const double *w, Net *net)
{
    double s = 0.0;
    for (int i = 0; i < net->n; i++) {
        double a = tanh(w[i]);
        net->act[i] = a;            /* a cache: stored, never read back */
        s += a * net->scale;
    }
    return s * s;
}

double fwd2(const double *w, double *act, int n)    /* accepted */
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double a = tanh(w[i]);
        act[i] = a;
        s += a;
    }
    return s * s;
}

double fwd3(const double *w, Net net)
{
    double s = 0.0;
    for (int i = 0; i < net.n; i++) {
        double a = tanh(w[i]);
        net.act[i] = a;
        s += a;
    }
    return s * s;
}

#pragma ad grad(fwd) wrt(w[net->n])
#pragma ad grad(fwd2) wrt(w[n])
#pragma ad grad(fwd3) wrt(w[net.n])
