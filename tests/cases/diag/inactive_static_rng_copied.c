// EXPECT-EXIT: 1
// EXPECT-DIAG: static_local_state
// EXPECT-STDERR: FILE:16:26: error: static local 's' keeps a value from one call to the next
// EXPECT-STDERR: (or make 'rnd' not static: the generated code then calls it)
/* A random-number generator kept in a static local of a static helper
** named by `#pragma ad inactive(rnd)`: FILE.ad.c copies static functions,
** so f_grad drew from a copy of the generator restarting at the seed, and
** the program's stream did not advance. Refused, with the advice to make
** rnd not static (the generated code then calls the program's rnd) or its
** state a non-static global. */
#include <math.h>
#include "ccad_oracle.h"

static double rnd(void)
{
    static unsigned long s = 12345UL;
    s = s * 6364136223846793005UL + 1442695040888963407UL;
    return (double)(s >> 11) * 0x1.0p-53;
}

double noisy(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * (1.0 + rnd());
    return s;
}

double draw(void) { return rnd(); }

#pragma ad inactive(rnd)
#pragma ad grad(noisy) wrt(x[n])

#include "inactive_static_rng_copied.ad.h"

int main(void)
{
    double x[3] = {1, 2, 3}, g[3], want[3], u[5];
    unsigned long s = 12345UL;            /* the stream, replayed */
    for (int k = 0; k < 5; k++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        u[k] = (double)(s >> 11) * 0x1.0p-53;
    }
    CHECK_CLOSE("draw 0", draw(), u[0], 0, 0);
    noisy_grad(x, g, 3);                  /* draws u[1], u[2], u[3] */
    for (int i = 0; i < 3; i++)
        want[i] = 2 * x[i] * (1 + u[1 + i]);
    CHECK_VEC_CLOSE("grad with the program's numbers", g, want, 3, 1e-12, 0);
    CHECK_CLOSE("draw 4 (stream advanced by f_grad)", draw(), u[4], 0, 0);
    return oracle_result();
}
