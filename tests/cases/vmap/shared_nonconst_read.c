/* vmap shares the parameters batch(...) does not list; one declared
** without const (f2c's int *n, weights as double *w) that f only reads is
** shared as it is (contract section 2; it was refused as "may be written":
** the check read the type only, now activity's facts on what f and its
** callees store through). model_vmap must equal model per element, bitwise. */
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

#include "shared_nonconst_read.ad.h"

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
