/* jvp/struct_return_const (probe5): forward mode of helpers returning a
** struct by value where a returned (or listed) struct carries no tangent:
** a local initialised with constants, a ?: whose arm is a static const
** struct, a constant struct in an initializer list. The tangent code
** assigned a double 0.0 to the struct shadow (*ret_dot = 0.0;), which does
** not compile; a struct's zero tangent is now (Acc){0} (d_zero). Oracle:
** central differences of obj along unit and random directions, and jacfwd
** against the jvps. (Reverse mode of the struct ?: is grad/struct_cond.) */
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double s, q; } Acc;

static const Acc zero = {0, 0};

static Acc stats(const double *x, int n)
{
    if (n == 0) {
        Acc z = {0, 0};
        return z;
    }
    Acc a = {x[0], x[0] * x[0]};
    return n > 1 ? a : zero;
}

typedef struct { Acc a[2]; double w; } Pair;

static Pair mk(const double *x, int i)
{
    Pair p = {{zero, (Acc){x[i], 1.0}}, x[i + 1]};
    return p;
}

double obj(const double *x, int n)
{
    Acc a = stats(x, n);
    Pair p = mk(x, 0);
    return a.q + a.s + p.a[1].s * p.w;
}

#pragma ad jvp(obj) wrt(x[n])
#pragma ad jacfwd(obj) wrt(x[n])
#include "struct_return_const.ad.h"

enum { N = 4 };

int main(void)
{
    OracleRng r = oracle_rng(13);
    double x[N], v[N], xp[N], J[N], d, want;
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    double f0 = obj(x, N);
    obj_jacfwd(x, N, J);
    for (int t = 0; t < N + 2; t++) {
        if (t < N) {
            memset(v, 0, sizeof v);
            v[t] = 1.0;
        } else {
            oracle_fill_normal(&r, v, N);
        }
        CHECK_CLOSE("jvp primal", obj_jvp(x, v, N, &d), f0, 1e-15, 0);
        double h = 1e-6;
        for (int i = 0; i < N; i++) xp[i] = x[i] + h * v[i];
        double fp = obj(xp, N);
        for (int i = 0; i < N; i++) xp[i] = x[i] - h * v[i];
        want = (fp - obj(xp, N)) / (2 * h);
        CHECK_CLOSE("jvp vs differences", d, want, 1e-7, 1e-9);
        if (t < N) CHECK_CLOSE("jacfwd column = jvp", J[t], d, 1e-14, 1e-15);
    }
    return oracle_result();
}
