/* grad/checkpoint_local_state (probe6): two loops whose state the manual
** says a checkpoint saves were taped in full, with hints that did not fit:
** a local struct whose array field a helper writes (upd(h.v, 4): the
** struct is saved whole now, like a local array), and a checkpointed loop
** in a helper writing its parameter only as u[i], i its own counter
** (for (i = 0; i < n; i++): n elements saved). f3, a plain local array,
** was checkpointed before. Oracle: differences (jvp, vjp, grad), and
** the runtime's count of the steps its checkpoint driver reversed.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static void upd(double *u, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = u[i] * 0.9 + 0.1 * sin(u[(i + 1) % n]);
}

typedef struct Hist { double v[4]; double e; } Hist;

double f2(const double *x, int n)
{
    Hist h = {{x[0], x[1], x[2], x[3 % n]}, 0.0};
#pragma ad checkpoint(snapshots=2)
    for (int k = 0; k < 5; k++) {
        upd(h.v, 4);
        h.e += h.v[0];
    }
    return h.e;
}

double f3(const double *x, int n)          /* checkpointed */
{
    double v[4] = {x[0], x[1], x[2], x[3 % n]}, e = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int k = 0; k < 5; k++) {
        upd(v, 4);
        e += v[0];
    }
    return e;
}

static double inner(double *u, int n)
{
    double s = 0.0;
#pragma ad checkpoint
    for (int i = 0; i < n; i++) {
        u[i] = u[i] * 0.9 + 0.1 * sin(u[(i + 1) % n]);
        s += u[i];
    }
    return s;
}

double f1(const double *x, int n)
{
    double v[4] = {x[0], x[1], x[2], x[3 % n]};
    return inner(v, 4);
}

#pragma ad grad(f1) wrt(x[n])
#pragma ad vjp(f1) wrt(x[n])
#pragma ad jvp(f1) wrt(x[n])
#pragma ad grad(f2) wrt(x[n])
#pragma ad vjp(f2) wrt(x[n])
#pragma ad jvp(f2) wrt(x[n])
#pragma ad grad(f3) wrt(x[n])
#pragma ad vjp(f3) wrt(x[n])
#pragma ad jvp(f3) wrt(x[n])

#include "checkpoint_local_state.ad.h"

ORACLE_XN_WRAPPERS(f1, 4)
ORACLE_XN_WRAPPERS(f2, 4)
ORACLE_XN_WRAPPERS(f3, 4)

int main(void)
{
    OracleRng rng = oracle_rng(13);
    ORACLE_XN_CHECKS(f1, 4, rng);
    ORACLE_XN_CHECKS(f2, 4, rng);
    ORACLE_XN_CHECKS(f3, 4, rng);
    double x[4] = {0.3, -0.2, 0.5, 0.1}, g[4];
    ccad_checkpoint_reset_counts();
    f1_grad(x, g, 4);
    CHECK_EQ_INT("f1's loop reversed by the checkpoint driver", ccad_checkpoint_steps(), 4);
    ccad_checkpoint_reset_counts();
    f2_grad(x, g, 4);
    CHECK_EQ_INT("f2's loop reversed by the checkpoint driver", ccad_checkpoint_steps(), 5);
    return oracle_result();
}
