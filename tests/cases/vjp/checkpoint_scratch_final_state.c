/* The caller's memory ends as f leaves it, in every reverse mode, when a
** checkpointed loop updates it and later statements store into it again:
** the scratch array st (a parameter with a size) and the passive global
** visits. The backward sweep restores st[1], st[2] and visits to what the
** loop left, then the checkpoint logs that state (redo log) before loading
** earlier ones; the log must not win over the copy of st and visits taken
** after the forward sweep (it used to be applied after it, leaving st[1] =
** 1.04 instead of x[0] and visits = 13 instead of 7). Found by the fuzz
** class scratch (seed 965046 of `scripts/fuzz.sh 60 965001
** all,ckptcall,scratch,vmap`). Oracles: st and visits as f leaves them,
** exactly; the gradient and Hessian in closed form (below). */
#include <math.h>
#include "ccad_oracle.h"

int visits;  /* steps through st in the loop; set again after it */

void f(const double *x, double *y, int n, double *st)
{
    for (int i = 0; i < n; i++)
        st[i] = cos(x[i]);
    visits = 1;
#pragma ad checkpoint
    for (int i = 0; i < n; i++) {
        st[visits % n] += 0.2 * x[i];
        visits += 3;
    }
    st[1] = x[0];
    visits = 2;
    st[visits] *= x[1];
    visits = 7;
    y[0] = st[0] + st[2];
}

#pragma ad vjp(f) wrt(x[n]) scratch(st[n]) out(y[1])
#pragma ad grad(f) wrt(x[n]) scratch(st[n]) out(y[1])
#pragma ad jacrev(f) wrt(x[n]) scratch(st[n]) out(y[1])
#pragma ad hessian(f) wrt(x[n]) scratch(st[n]) out(y[1])

#include "checkpoint_scratch_final_state.ad.h"

static void check_state(const char *mode, const double *st, const double *s0)
{
    char label[64];
    snprintf(label, sizeof label, "%s leaves st as f does", mode);
    oracle_check_vec(label, st, s0, 4, 0, 0);
    snprintf(label, sizeof label, "%s leaves visits as f does", mode);
    oracle_check_eq_long(label, visits, 7);
    visits = -1;
}

int main(void)
{
    enum { N = 4 };
    double x[N] = {0.3, -0.2, 0.5, 0.1}, xb[N] = {0}, y[1], yb[1] = {1}, s0[N], s[N], J[N], H[N * N];
    f(x, y, N, s0);
    oracle_check_eq_long("f leaves visits at 7", visits, 7);
    visits = -1;
    f_vjp(x, xb, y, yb, N, s);
    check_state("f_vjp", s, s0);
    f_grad(x, xb, y, N, s);
    check_state("f_grad", s, s0);
    f_jacrev(x, y, N, s, J);
    check_state("f_jacrev", s, s0);
    f_hessian(x, y, N, s, H);
    check_state("f_hessian", s, s0);
    /* visits runs 1, 4, 7, 10: the loop adds 0.2 x[i] to st[1], st[0],
    ** st[3], st[2]; st[1] = x0 then; st[2] *= x1. So
    ** y = cos x0 + 0.2 x1 + (cos x2 + 0.2 x3) x1 */
    double g[N] = {-sin(x[0]), 0.2 + cos(x[2]) + 0.2 * x[3], -sin(x[2]) * x[1], 0.2 * x[1]};
    oracle_check_vec("f_grad", xb, g, N, 1e-14, 1e-14);
    oracle_check_vec("f_jacrev", J, g, N, 1e-14, 1e-14);
    double h[N * N] = {-cos(x[0]), 0, 0, 0,
                       0, 0, -sin(x[2]), 0.2,
                       0, -sin(x[2]), -cos(x[2]) * x[1], 0,
                       0, 0.2, 0, 0};
    oracle_check_vec("f_hessian", H, h, N * N, 1e-14, 1e-14);
    return oracle_result();
}
