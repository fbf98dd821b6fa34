// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/scratch_struct_sizes_vmap: a residual with a work array, its sizes
** read through a problem struct (wrt(x[pb->n]) out(r[pb->m])
** scratch(work[pb->n])), asked as jacfwd, jacrev, jvp, vjp, and vmap of the
** generated jvp batched over directions (the work array batched too: it
** is written).
** Oracles: the closed-form Jacobian (rtol 1e-13); each batched tangent
** against J v.
*/
#include <math.h>
#include "ccad_oracle.h"
typedef struct Prob { int n, m; double w; } Prob;
void resid(const Prob *pb, const double *x, double *work, double *r)
{
    for (int i = 0; i < pb->n; i++) work[i] = exp(-x[i] * x[i]) * pb->w;
    for (int k = 0; k < pb->m; k++) {
        r[k] = 0.0;
        for (int i = 0; i < pb->n; i++) r[k] += work[i] * cos((k + 1) * x[i]);
    }
}
#pragma ad jacfwd(resid) wrt(x[pb->n]) out(r[pb->m]) scratch(work[pb->n])
#pragma ad jacrev(resid) wrt(x[pb->n]) out(r[pb->m]) scratch(work[pb->n])
#pragma ad jvp(resid) wrt(x[pb->n]) out(r[pb->m]) scratch(work[pb->n])
#pragma ad vjp(resid) wrt(x[pb->n]) out(r[pb->m]) scratch(work[pb->n])
#pragma ad vmap(resid_jvp) batch(x_dot[pb->n], work[pb->n], r[pb->m], r_dot[pb->m])
#include "scratch_struct_sizes_vmap.ad.h"
int main(void)
{
    Prob pb = {4, 3, 1.5};
    double x[4] = {0.1, -0.4, 0.7, 0.3}, work[4], r[3], Jf[12], Jr[12];
    resid_jacfwd(&pb, x, work, r, Jf);
    resid_jacrev(&pb, x, work, r, Jr);
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 4; i++) {
            double e = exp(-x[i] * x[i]) * pb.w, c = cos((k + 1) * x[i]);
            double want = -2 * x[i] * e * c - e * (k + 1) * sin((k + 1) * x[i]);
            oracle_check_close("jacfwd", Jf[k * 4 + i], want, 1e-13, 1e-15);
            oracle_check_close("jacrev", Jr[k * 4 + i], want, 1e-13, 1e-15);
        }
    double xd[8] = {1, 0, 0, 0, 0.5, -1, 2, 0.25}, rb[6], rd[6], wk[8];
    resid_jvp_vmap(2, &pb, x, xd, wk, rb, rd);
    for (int b = 0; b < 2; b++)
        for (int k = 0; k < 3; k++) {
            double want = 0;
            for (int i = 0; i < 4; i++) want += Jf[k * 4 + i] * xd[b * 4 + i];
            oracle_check_close("vmap jvp", rd[b * 3 + k], want, 1e-13, 1e-15);
        }
    return oracle_result();
}
