/*
** grad/sideeffects: calls that carry no derivative (printf, an inactive
** counter) run exactly as often as in one call of the original, in reverse
** mode too: the reverse sweep must not replay them.
*/
#include <math.h>
#include <stdio.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

int n_calls; /* how many times count_call ran */

void count_call(void)
{
    n_calls++;
}

#pragma ad inactive(count_call)

double noisy(const double *x, int n)
{
    double s = 0.0;
    count_call();
    for (int i = 0; i < n; i++) {
        s += x[i] * x[i];
        if (i % 2 == 0) {
            count_call();
            printf("noisy: i=%d\n", i);
        }
    }
    printf("noisy: n=%d calls so far %d\n", n, n_calls);
    return sqrt(s);
}

#pragma ad grad(noisy) wrt(x[n])
#pragma ad vjp(noisy) wrt(x[n])

#include "sideeffects.ad.h"

#define N 5

int main(void)
{
    const double x[N] = {0.3, -1.2, 0.8, 2.0, -0.5};
    double s2 = 0.0, g[N], want[N];
    for (int i = 0; i < N; i++)
        s2 += x[i] * x[i];
    for (int i = 0; i < N; i++)
        want[i] = x[i] / sqrt(s2);

    n_calls = 0;
    double r0 = noisy(x, N);
    int per_call = n_calls;

    n_calls = 0;
    double r = noisy_grad(x, g, N);
    CHECK_EQ_INT("noisy_grad: count_call runs as often as in one original call", n_calls, per_call);
    CHECK_CLOSE("noisy_grad primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("noisy_grad = x / |x|", g, want, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    n_calls = 0;
    for (int i = 0; i < N; i++)
        g[i] = 0.0;
    noisy_vjp(x, g, N, 1.0);
    CHECK_EQ_INT("noisy_vjp: count_call runs as often as in one original call", n_calls, per_call);
    CHECK_VEC_CLOSE("noisy_vjp = x / |x|", g, want, N, ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
