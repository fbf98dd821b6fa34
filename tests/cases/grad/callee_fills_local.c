/*
** grad/callee_fills_local (probe5): a local array or struct filled by a
** helper in a loop, the output-parameter idiom (polar(xy, rt), cross(a, b,
** r), fill(&p, x)). The helper's forward sweep saves what it overwrites,
** the first time too, so gcc -O1 -Wall flagged "'rt[0]' may be used
** uninitialized" in the gradient (an error under -Werror: run_case's step
** 2), though the user's code is clean and the gradient right. Such locals
** now start zeroed, as those the function saves itself (simplify_decl.c).
** Oracle: central differences (ORACLE_RTOL_FD) and vjp with seed 1.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double a, b; } P2;

static void polar(const double *xy, double *rt)
{
    rt[0] = hypot(xy[0], xy[1]);
    rt[1] = atan2(xy[1], xy[0]);
}

static void fill(P2 *p, double x)
{
    p->a = sin(x);
    p->b = x * x;
}

double model(const double *p, int n)
{
    double rt[2], xy[2], s = 0.0;
    P2 q;
    for (int i = 0; i < n; i++) {
        xy[0] = p[0] + i * p[1];
        xy[1] = p[2] * sin(p[0] * i) + 0.3;
        polar(xy, rt);
        fill(&q, p[1] * i);
        s += rt[0] * rt[0] + rt[1] * p[1] + q.a * q.b;
    }
    return s;
}

#pragma ad grad(model) wrt(p[3])
#pragma ad vjp(model) wrt(p[3])

#include "callee_fills_local.ad.h"

int main(void)
{
    double p[3] = {0.7, 0.2, -0.4}, g[3], gv[3] = {0}, fd[3], pp[3];
    int n = 5;
    double f0 = model(p, n);
    for (int j = 0; j < 3; j++) {
        double h = oracle_fd_step(p[j], DBL_EPSILON);
        memcpy(pp, p, sizeof pp);
        pp[j] = p[j] + h;
        double fp = model(pp, n);
        pp[j] = p[j] - h;
        fd[j] = (fp - model(pp, n)) / (2 * h);
    }
    CHECK_CLOSE("grad value", model_grad(p, g, n), f0, 1e-15, 0);
    CHECK_VEC_CLOSE("grad vs fd", g, fd, 3, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    model_vjp(p, gv, n, 1.0);
    CHECK_VEC_CLOSE("vjp seed 1 = grad", gv, g, 3, 1e-14, 0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
