/* grad/checkpoint_global_rng (probe6): dropout noise drawn from a
** generator of this file whose state is a file-scope integer (an LCG,
** declared inactive: its numbers carry no derivative), called inside a
** checkpointed loop, inside the helper that loop calls, and inside a call
** checkpoint. The manual: counters in global variables are part of a
** checkpointed loop's state, so an iteration recomputed from a snapshot
** draws the same numbers again (else the gradient would be that of other
** dropout masks), and the state after train_grad and train_jvp is the one
** the primal leaves. Oracles: central differences of the primal with the
** generator reset before each evaluation (1e-6 relative, floor
** ORACLE_ATOL_FD); jvp against <grad, v> at 1e-10; the primal and the
** final state compared exactly.
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

unsigned long long rng_state = 12345;

static double urand(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(rng_state >> 11) / 9007199254740992.0;
}
#pragma ad inactive(urand)

static double noisy_step(double *u, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double keep = urand() < 0.7 ? 1.0 / 0.7 : 0.0;
        u[i] = tanh(u[i] * keep + 0.1 * u[(i + 1) % n]);
        s += u[i];
    }
    return s;
}

double train(const double *x, int n)
{
    double u[8];
    for (int i = 0; i < n; i++) u[i] = x[i];
    double acc = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < 6; t++) {
        double r = urand();
        acc += noisy_step(u, n) * r;
    }
#pragma ad checkpoint
    acc += noisy_step(u, n);
    return acc * acc;
}

#pragma ad grad(train) wrt(x[n])
#pragma ad jvp(train) wrt(x[n])

#include "checkpoint_global_rng.ad.h"

#define N 5
static void F(void *c, const double *x, double *y) { (void)c; rng_state = 777; y[0] = train(x, N); }

int main(void)
{
    OracleRng rng = oracle_rng(271);
    double x[N], g[N], fd[N], v[N], d;
    oracle_fill_uniform(&rng, x, N, -1, 1);
    oracle_fill_uniform(&rng, v, N, -1, 1);
    rng_state = 777;
    double f0 = train(x, N);
    unsigned long long after = rng_state;
    rng_state = 777;
    ccad_checkpoint_reset_counts();
    CHECK_CLOSE("primal", train_grad(x, g, N), f0, 0, 0);
    CHECK_TRUE("iterations were recomputed", ccad_checkpoint_recomputations() > 0);
    CHECK_EQ_INT("iterations reversed (6 + 1 call)", ccad_checkpoint_steps(), 7);
    CHECK_TRUE("rng state after grad", rng_state == after);
    oracle_fd_grad(F, NULL, N, x, fd);
    CHECK_VEC_CLOSE("grad", g, fd, N, 1e-6, oracle_fd_atol(f0));
    rng_state = 777;
    train_jvp(x, v, N, &d);
    CHECK_TRUE("rng state after jvp", rng_state == after);
    CHECK_CLOSE("jvp", d, oracle_dot(g, v, N), 1e-10, 1e-12);
    return oracle_result();
}
