/* OPEN (probe7): SILENTLY WRONG, jacfwd and hessian (drivers with several
** sweeps). f advances a step counter in a struct it gets by pointer
** (Adam's bias correction: o->t++; bc = 1 - pow(beta, o->t)), an int
** field that carries no derivative. f_jacfwd over n = 20 columns runs f
** once per sweep of 8 columns, f_hessian once per 16; the drivers do not
** put o->t back before each sweep, so later columns see t = 2, 3: jacfwd
** is off from the gradient by up to 24 (columns 8..19 scaled by
** (1-0.9)/(1-0.81) and (1-0.9)/(1-0.729)), H[19][19] = 10.53 where
** 2 / (1 - 0.9) = 20; and o->t ends at 3 (jacfwd) and 2 (hessian) where
** one call of f (and f_grad) leaves 1. For a global counter the drivers
** save it and put it back before every sweep and leave it as one call
** does (tests/cases/jac/rng_sweeps.c); a field behind a pointer parameter
** is not. Manual (jacfwd): "f and its helpers run once per sweep, side
** effects included" — but the Jacobian must be that of one call of f
** (contract: jac[i*n + j] = d out_i / d in_j; calls that carry no
** derivative, counters, "run exactly as often as in the original").
** The same for floating memory f updates with values that carry no
** derivative and reads back (a hit count, hits[i] += 1.0; s += hits[i] *
** x[i] * x[i]; no clause needed, none given): f_jacfwd over 12 columns
** gives columns 8..11 twice the gradient (the second sweep sees hits = 2)
** and leaves hits at 2 (tally() below).
** Related: jacfwd_rng_state_param.c (the same for rand_r's state).
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/drivers_struct_counter_sweeps.c
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Opt { int t; double beta; } Opt;

double corrected(Opt *o, const double *x, int n)
{
    o->t++;
    double bc = 1 - pow(o->beta, o->t);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s / bc;
}

double tally(const double *x, double *hits, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { hits[i] += 1.0; s += hits[i] * x[i] * x[i]; }
    return s;
}
#pragma ad jacfwd(tally) wrt(x[n]) out(return)

#pragma ad jacfwd(corrected) wrt(x[n]) out(return)
#pragma ad grad(corrected) wrt(x[n])
#pragma ad hessian(corrected) wrt(x[n])

#include "drivers_struct_counter_sweeps.ad.h"
#define N 20

int main(void)
{
    double x[N], J[N], g[N], want[N];
    static double H[N * N];
    for (int i = 0; i < N; i++) { x[i] = 0.1 * i; want[i] = 2 * x[i] / (1 - 0.9); }
    Opt o1 = {0, 0.9}, o2 = {0, 0.9}, o3 = {0, 0.9};
    corrected_grad(&o1, x, g, N);
    CHECK_VEC_CLOSE("grad", g, want, N, 1e-13, 1e-13);
    CHECK_EQ_INT("grad leaves o->t = 1", o1.t, 1);
    corrected_jacfwd(&o2, x, N, J);
    CHECK_VEC_CLOSE("jacfwd", J, want, N, 1e-13, 1e-13);
    CHECK_EQ_INT("jacfwd leaves o->t = 1", o2.t, 1);
    corrected_hessian(&o3, x, N, H);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("hessian diagonal", H[i * N + i], 2 / (1 - 0.9), 1e-13, 0);
    CHECK_EQ_INT("hessian leaves o->t = 1", o3.t, 1);
    double hits[12] = {0}, Jt[12], wt[12], ones[12];
    for (int i = 0; i < 12; i++) { wt[i] = 2 * x[i]; ones[i] = 1; }
    tally_jacfwd(x, hits, 12, Jt);
    CHECK_VEC_CLOSE("tally jacfwd", Jt, wt, 12, 1e-13, 1e-13);
    CHECK_VEC_CLOSE("tally leaves hits as one call", hits, ones, 12, 0, 0);
    return oracle_result();
}
