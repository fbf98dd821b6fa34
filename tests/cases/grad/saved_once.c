/* grad/saved_once: once the forward sweep saves a write of a scalar local,
** the restore hands the old value back to every earlier statement, so the
** writes after it push nothing until a statement reads the variable again
** (adj_kill: layernorm's m = 0; m += x[i]; m /= C pushes once per row, not
** C + 2 times). Each scenario below would be silently wrong if that
** reasoning leaked past where the save runs: a save in a branch not taken,
** in a loop of zero trips, or a read between two writes.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double saved_once(const double *x, int n, int flag)
{
    double acc = 0.0;
    /* layernorm's mean: one save per row */
    for (int i = 0; i < n; i++) {
        double m = 0.0;
        for (int j = 0; j < n; j++)
            m += x[j] * (i + 1);
        m /= n;
        acc += sin(m) * x[i];
    }
    /* a save in a branch that may not run: the write after it saves */
    double v = x[1] * x[1];
    acc += v * v;
    if (flag & 1) {
        v = cos(x[2]);
        acc += v * x[0];
    }
    v = x[3] * 2.0;
    acc += v * v;
    /* a save in a loop that may not run */
    double w = exp(x[0]);
    acc += w * w;
    for (int k = 0; k < (flag >> 1); k++) {
        w = x[k] * 0.5;
        acc += w * x[k];
    }
    w = tanh(x[2]);
    acc += w * w;
    /* saved, read, written again */
    double u = x[0] * x[1];
    acc += u * u;
    u = x[2];
    u = u * u;
    acc += sin(u);
    u = x[3] + 1.0;
    acc += u * u * u;
    /* both branches write, one reads in between */
    double r = log1p(x[1] * x[1]);
    acc += r * x[2];
    if (flag & 2) {
        r = x[0];
        acc += r * r;
        r = x[1];
    } else {
        r = x[2] * x[3];
    }
    acc += r * r;
    return acc;
}

#pragma ad grad(saved_once) wrt(x[n])
#pragma ad jvp(saved_once) wrt(x[n])
#pragma ad vjp(saved_once) wrt(x[n])

#include "saved_once.ad.h"

#define FLAGGED(NAME, FLAG)                                                                    \
    static double NAME(const double *x, int n) { return saved_once(x, n, FLAG); }             \
    static double NAME##_grad(const double *x, double *g, int n) { return saved_once_grad(x, g, n, FLAG); } \
    static double NAME##_jvp(const double *x, const double *v, int n, double *r)            \
    {                                                                                          \
        return saved_once_jvp(x, v, n, FLAG, r);                                               \
    }                                                                                          \
    static double NAME##_vjp(const double *x, double *g, int n, double rb) { return saved_once_vjp(x, g, n, FLAG, rb); } \
    ORACLE_XN_WRAPPERS(NAME, 5)

FLAGGED(plain, 0)
FLAGGED(branch, 1)
FLAGGED(trips, 4)
FLAGGED(both, 7)

int main(void)
{
    OracleRng rng = oracle_rng(11);
    ORACLE_XN_CHECKS(plain, 5, rng);
    ORACLE_XN_CHECKS(branch, 5, rng);
    ORACLE_XN_CHECKS(trips, 5, rng);
    ORACLE_XN_CHECKS(both, 5, rng);
    return oracle_result();
}
