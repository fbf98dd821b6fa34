/* OPEN (probe7): WRONGLY REFUSED (a documented limitation that narrows
** the contract), every reverse mode. A custom_vjp for a function with an
** output pointer, the canonical use (llm.c's softmax writing probs[]), is
**   error: custom_vjp(soft, my_soft_vjp): 'soft' may write through
**   parameter 'p'; a hand-written vjp is supported for functions that
**   only read their pointers (return the result instead)
** The contract (section 2): "#pragma ad custom_vjp(f, my_f_vjp) declare[s]
** hand-written derivatives (with the signatures of section 3)", and
** section 3's vjp signature has output pointers (r_bar holds the seed on
** entry and is zero on exit); nothing limits the rule to functions that
** only read. The manual adds the limitation in one sentence ("custom_vjp
** is supported for functions that only read through their pointer
** parameters"); the refusal is clean, but a user writing from the
** contract cannot use a hand-written softmax backward. custom_jvp of the
** same function is accepted. Expected: call my_soft_vjp(z, z_bar, p,
** p_bar, n) with p_bar the seed (the backward sweep restores p first).
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/custom_vjp_output_pointer_refused.c
*/
#include <math.h>
#include "ccad_oracle.h"

void soft(const double *z, double *p, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { p[i] = exp(z[i]); s += p[i]; }
    for (int i = 0; i < n; i++) p[i] /= s;
}

int ncalls;
void my_soft_vjp(const double *z, double *z_bar, double *p, double *p_bar, int n)
{
    ncalls++;
    double s = 0, d = 0;
    for (int i = 0; i < n; i++) { p[i] = exp(z[i]); s += p[i]; }
    for (int i = 0; i < n; i++) p[i] /= s;
    for (int i = 0; i < n; i++) d += p[i] * p_bar[i];
    for (int i = 0; i < n; i++) { z_bar[i] += p[i] * (p_bar[i] - d); p_bar[i] = 0; }
}
#pragma ad custom_vjp(soft, my_soft_vjp)

double nll(const double *x, int n)
{
    double p[8];
    soft(x, p, n);
    return -log(p[0]);
}
#pragma ad grad(nll) wrt(x[n])

#include "custom_vjp_output_pointer_refused.ad.h"

int main(void)
{
    double x[4] = {0.5, -0.2, 0.1, 0.9}, g[4], s = 0;
    for (int i = 0; i < 4; i++) s += exp(x[i]);
    nll_grad(x, g, 4);
    for (int i = 0; i < 4; i++)
        CHECK_CLOSE("d nll / dx_i = p_i - [i == 0]", g[i], exp(x[i]) / s - (i == 0), 1e-13, 1e-15);
    CHECK_EQ_INT("the hand-written rule was called", ncalls, 1);
    return oracle_result();
}
