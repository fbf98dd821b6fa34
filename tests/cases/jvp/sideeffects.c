/*
** jvp/sideeffects: calls that carry no derivative run exactly as often as
** in the original (contract section 4): a printf inside the loop and at the
** end, and count_call(), which increments a non-differentiated global
** counter and is declared `#pragma ad inactive(count_call)`. The generated
** function must print the same lines and leave the same count as one call
** of the original; the derivative must not depend on the counter.
*/
#include <math.h>
#include <stdio.h>

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

#pragma ad jvp(noisy) wrt(x[n])

#include "sideeffects.ad.h"

#define N 5

int main(void)
{
    const double x[N] = {0.3, -1.2, 0.8, 2.0, -0.5};
    const double v[N] = {1.0, 0.5, -0.25, 0.125, 2.0};
    double s2 = 0.0, dot = 0.0;
    for (int i = 0; i < N; i++) {
        s2 += x[i] * x[i];
        dot += x[i] * v[i];
    }

    n_calls = 0;
    double r0 = noisy(x, N);
    int per_call = n_calls;
    CHECK_EQ_INT("original: count_call runs 1 + ceil(n/2) times", per_call, 1 + (N + 1) / 2);

    n_calls = 0;
    double ret_dot = NAN;
    double r = noisy_jvp(x, v, N, &ret_dot);
    CHECK_EQ_INT("noisy_jvp: count_call runs as often as in one original call", n_calls, per_call);
    CHECK_CLOSE("noisy_jvp primal", r, r0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("noisy_jvp ret_dot = <x, v> / |x|", ret_dot, dot / sqrt(s2), ORACLE_RTOL_EXACT, 0.0);

    n_calls = 1000;
    r = noisy_jvp(x, v, N, &ret_dot);
    CHECK_EQ_INT("second call adds the same count", n_calls, 1000 + per_call);
    CHECK_CLOSE("derivative independent of the counter", ret_dot, dot / sqrt(s2), ORACLE_RTOL_EXACT, 0.0);
    return oracle_result();
}
