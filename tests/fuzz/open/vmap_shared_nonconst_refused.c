/* OPEN (probe8): WRONGLY REFUSED + BAD DIAGNOSTIC: vmap refuses every
** shared (not batched) pointer parameter that is not declared const, even
** when f never writes through it: for `double model(int *n, double *w,
** const double *x)` (f2c/MINPACK style, or weights passed as double *)
** with batch(x[3]), cc-ad says "'model_vmap': parameter 'n' is shared by
** every batch element but may be written; list it in batch(n[n]) so each
** element has its own, or make it const" -- model stores through neither n
** nor w (cc-ad's own default-output rule knows which pointers f writes),
** and the suggested clause batch(n[n]) is not meaningful (and for w it
** suggests batch(w[n]) in functions that have no n). Contract section 2:
** "batch(p, q, ...): for vmap and cuda, the parameters that carry a batch
** dimension; the others are shared by every batch element" (manual: "must
** not be written by f": they are not). Expected: exit 0 and model_vmap
** equal to model per element; got exit 1.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w vmap_shared_nonconst_refused.c */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include "ccad_oracle.h"

double model(int *n, double *w, const double *x)
{
    double s = 0;
    for (int i = 0; i < *n; i++)
        s += w[i] * sin(x[i]);
    return s;
}

#pragma ad vmap(model) batch(x[3])

#include "vmap_shared_nonconst_refused.ad.h"

int main(void)
{
    int n = 3;
    double w[3] = {0.5, -1.0, 2.0}, x[4 * 3], r[4];
    for (int i = 0; i < 12; i++)
        x[i] = 0.2 * i - 1.0;
    model_vmap(4, &n, w, x, r);
    for (int b = 0; b < 4; b++)
        CHECK_CLOSE("model_vmap", r[b], model(&n, w, x + 3 * b), 0, 0);
    return oracle_result();
}
