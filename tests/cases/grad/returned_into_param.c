/*
** grad/returned_into_param: a helper returning a 'double const *' into one
** of its pointer arguments (genann_run returns ann->output + n), called
** with other pointer arguments that are not differentiated (the network's
** inputs, a table). Regressions: the pointer returned was assumed to point
** into every pointer argument, so 'x' was "stored through" and refused
** (wrt/out/scratch asked for it); then the returned pointer's shadow was
** declared const (const double *res_bar) and written through, which does
** not compile.
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD) and the
** dot-product test with jvp (1e-12); the scratch array as the primal
** leaves it.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static const double scale[4] = {0.5, -1.0, 2.0, 0.25};

/* out[0..n) = x, out[n..2n) = tanh(w * x * scale): returns the second half */
static double const *layer(double const *w, double const *x, double *out, double const *s, int n)
{
    memcpy(out, x, sizeof(double) * n);
    double *o = out + n;
    for (int i = 0; i < n; i++)
        o[i] = tanh(w[i] * out[i] * s[i]);
    return o;
}

double loss(const double *w, const double *x, double *work, int n)
{
    double const *y = layer(w, x, work, scale, n);
    double e = 0;
    for (int i = 0; i < n; i++)
        e += (y[i] - 0.5) * (y[i] - 0.5);
    return e / 2;
}

#pragma ad grad(loss) wrt(w[n]) scratch(work[2*n])
#pragma ad jvp(loss) wrt(w[n]) scratch(work[2*n])

#include "returned_into_param.ad.h"

enum { N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(8);
    double w[N], x[N], v[N], g[N], fd[N], work[2 * N], want[2 * N];
    oracle_fill_uniform(&rng, w, N, -1.5, 1.5);
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    double y = loss(w, x, want, N);
    memset(work, 0, sizeof work);
    CHECK_CLOSE("grad primal", loss_grad(w, g, x, work, N), y, 0, 0);
    CHECK_VEC_CLOSE("work as the primal leaves it", work, want, 2 * N, 0, 0);
    for (int j = 0; j < N; j++) {
        double wp[N], wm[N], junk[2 * N];
        memcpy(wp, w, sizeof w);
        memcpy(wm, w, sizeof w);
        double h = oracle_fd_step(w[j], DBL_EPSILON);
        wp[j] += h;
        wm[j] -= h;
        fd[j] = (loss(wp, x, junk, N) - loss(wm, x, junk, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    double d = 0;
    CHECK_CLOSE("jvp primal", loss_jvp(w, v, x, work, N, &d), y, 0, 0);
    CHECK_CLOSE("jvp = <grad, v>", d, oracle_dot(g, v, N), ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
