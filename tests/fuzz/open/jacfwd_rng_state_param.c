/* OPEN (probe7): SILENTLY WRONG, jacfwd and jacrev (and the state hessian leaves).
** f draws noise with rand_r(seed) from a generator state passed by pointer
** (unsigned *seed, the re-entrant idiom). f_jacfwd over n = 12 columns
** runs f once per sweep of 8 columns (manual), and the drivers do not put
** *seed back before the second sweep, so columns 8..11 are the Jacobian
** of another draw of the noise: jac[8] = 1.370 where the gradient (grad,
** jacrev: right, and FD of f with the seed reset) gives 1.243 (the
** four columns wrong by 7 to 11%); and *seed ends advanced by two
** calls instead of one. For a generator in a global the drivers save and
** restore it before each sweep (tests/cases/jac/rng_sweeps.c, "as they do
** in-out memory") and leave it as one call leaves it; the same state
** behind a pointer parameter is not. The contract: calls that carry no
** derivative (random numbers) "run exactly as often as in the original";
** the manual (jacfwd): the drivers put scratch state back before each
** sweep "so every row or column starts from the caller's state". No
** clause can fix it: scratch() is for floating data. jacrev likewise for
** a vector output (noisy2 below: one vjp per row, each drawing new noise):
** rows differ from the one-sweep jacfwd (4 columns, a constant: one sweep,
** right) by up to 0.5, and *seed ends advanced by m calls. hessian alike for
** n > 16 (its values looked right in the columns checked, but *seed is
** left advanced by two calls).
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/jacfwd_rng_state_param.c
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include "ccad.h"
#include "ccad_oracle.h"

double noisy(const double *x, int n, unsigned *seed)
{
    double e = 0;
    for (int i = 0; i < n; i++) {
        double eps = rand_r(seed) / (double)RAND_MAX;
        e += (1 + eps) * x[i] * x[i];
    }
    return e;
}

void noisy2(const double *x, double *y, int n, unsigned *seed)
{
    for (int i = 0; i < n; i++) {
        double eps = rand_r(seed) / (double)RAND_MAX;
        y[i] = (1 + eps) * x[i] * x[(i + 1) % n];
    }
}

#pragma ad jacfwd(noisy) wrt(x[n]) out(return)
#pragma ad jacrev(noisy2) wrt(x[n]) out(y[n])
#pragma ad jacfwd(noisy2) wrt(x[4]) out(y[n])
#pragma ad grad(noisy) wrt(x[n])

#include "jacfwd_rng_state_param.ad.h"
#define N 12

int main(void)
{
    double x[N], g[N], J[N];
    for (int i = 0; i < N; i++) x[i] = 0.1 * i - 0.4;
    unsigned s0 = 42, s1 = 42;
    noisy(x, N, &s0);                       /* the state one call leaves */
    noisy_grad(x, g, N, &s1);
    CHECK_EQ_INT("grad leaves *seed as one call", (long)s1, (long)s0);
    s1 = 42;
    noisy_jacfwd(x, N, &s1, J);
    CHECK_VEC_CLOSE("jacfwd == grad", J, g, N, 1e-13, 1e-13);
    CHECK_EQ_INT("jacfwd leaves *seed as one call", (long)s1, (long)s0);
    double x4[4] = {0.5, 1, 1.5, 2}, y[4], Jr[16], Jf[16];
    unsigned a = 42, b = 42, c = 42;
    noisy2(x4, y, 4, &c);
    noisy2_jacfwd(x4, y, 4, &a, Jf);        /* 4 columns: one sweep */
    CHECK_EQ_INT("one-sweep jacfwd leaves *seed as one call", (long)a, (long)c);
    noisy2_jacrev(x4, y, 4, &b, Jr);
    CHECK_VEC_CLOSE("jacrev == one-sweep jacfwd", Jr, Jf, 16, 1e-13, 1e-13);
    CHECK_EQ_INT("jacrev leaves *seed as one call", (long)b, (long)c);
    return oracle_result();
}
