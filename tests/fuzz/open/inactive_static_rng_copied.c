/* OPEN (probe8): SILENTLY WRONG: a random-number helper declared
** `#pragma ad inactive(rnd)` that keeps its state in a static local is a
** static function, so cc-ad copies it into FILE.ad.c, state included: f_grad
** draws from its own generator (starting again at the seed) instead of the
** program's. The gradient then uses other numbers than f would at that call
** (want 2*x_i*(1 + u_{i+1}) with u_1.. the 2nd.. draws of the stream, got
** values from the 1st.. draws), and the program's stream does not advance
** (the next rnd() after f_grad returns u_1, want u_4). Contract section 2:
** "#pragma ad inactive(g) declares that g's results carry no derivative
** (random numbers, counters)"; section 4: "calls that carry no derivative
** (printf, I/O, random numbers, counters), which run exactly as often as in
** the original"; section 3: "Every generated function also computes the
** primal: it has all the side effects of f". Same root as
** static_local_counter_copies.c (a static local duplicated), here in a copied
** static helper named by inactive.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w inactive_static_rng_copied.c */
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
