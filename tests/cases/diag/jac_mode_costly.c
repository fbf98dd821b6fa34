// EXPECT-EXIT: 0
// EXPECT-DIAG: jac_mode_costly
// EXPECT-STDERR: FILE:33:19: warning: jacrev(fit) of 40 outputs by 3 inputs takes 40 sweeps, one per output; jacfwd(fit) takes 3, one per input: request that instead
// EXPECT-STDERR: FILE:35:19: warning: jacfwd(loss) of 2 outputs by 64 inputs takes 64 sweeps, one per input; jacrev(loss) takes 2, one per output: request that instead
/* The mode that runs four times the sweeps of the other is a warning
** naming the cheaper request (jacrev: one reverse sweep per output,
** jacfwd: one tangent direction per input), when both counts are
** constants. The derivatives are right either way. Within a factor of 4
** (jacfwd(fit)), with a symbolic size (jacrev(fit_n)) or sparse, nothing. */

#include <math.h>

void fit(const double *p, double *r)
{
    for (int i = 0; i < 40; i++)
        r[i] = p[0] * exp(-p[1] * i) + p[2] - 0.01 * i;
}

void fit_n(const double *p, double *r, int m)
{
    for (int i = 0; i < m; i++)
        r[i] = p[0] * exp(-p[1] * i) + p[2];
}

void loss(const double *w, double *out)
{
    out[0] = 0.0;
    for (int i = 0; i < 64; i++)
        out[0] += w[i] * w[i];
    out[1] = w[3];
}

#pragma ad jacrev(fit) wrt(p[3]) out(r[40])
#pragma ad jacfwd(fit) wrt(p[3]) out(r[40])
#pragma ad jacfwd(loss) wrt(w[64]) out(out[2])
#pragma ad jacrev(fit_n) wrt(p[3]) out(r[m])
#pragma ad jacrev(fit) wrt(p[3]) out(r[40]) sparse name(fit_sparse)
