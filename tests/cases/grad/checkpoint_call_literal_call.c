/*
** grad/checkpoint_call_literal_call: '#pragma ad checkpoint' before a
** statement whose call takes a compound literal that calls a function of
** the file, sval((S0){.p = x[0] * noise(3), ...}, x[2]). The checkpointed
** call is lowered into a loop of one iteration with the statement's
** declarations before it; the literal's declaration (an initialiser list,
** which cannot become an assignment) went before the loop while the inner
** call's temporary was set inside it: f_jvp read it uninitialised, f_grad
** read 0, primal -0.09 instead of -0.055 and a gradient of (0, 0.3, 0),
** silently (found by the fuzz class ckptcall, seeds 963060, 966033,
** 966050). Such a declaration now stays in its place before the loop with
** what precedes it. Oracle: the closed form, f = 0.1 x0 x2 + 0.3 x1, its
** gradient and every jvp column.
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct S0 {
    double p, q;
    int tag;
} S0;

/* 0.1 * ((3 * 7 + 3) % 5) - 0.2 = 0.2, a constant of the derivative */
double noise(int k) { return 0.1 * (double)((k * 7 + 3) % 5) - 0.2; }
#pragma ad inactive(noise)

double sval(S0 s, double u) { return 0.5 * s.p * u + 0.3 * s.q; }

double f(const double *x, int n)
{
    (void)n;
#pragma ad checkpoint
    double t0 = sval((S0){.p = x[0] * noise(3), .q = x[1], .tag = 1}, x[2]);
    return t0;
}

#pragma ad jvp(f) wrt(x[n])
#pragma ad grad(f) wrt(x[n])

#include "checkpoint_call_literal_call.ad.h"

int main(void)
{
    double x[3] = {0.5, -0.3, 0.7}, xb[3], rd;
    /* f = 0.5 * (0.2 x0) x2 + 0.3 x1 */
    double want = 0.1 * x[0] * x[2] + 0.3 * x[1], g[3] = {0.1 * x[2], 0.3, 0.1 * x[0]};
    oracle_check_close("f", f(x, 3), want, 1e-15, 1e-15);
    oracle_check_close("f_grad primal", f_grad(x, xb, 3), want, 1e-15, 1e-15);
    oracle_check_vec("f_grad", xb, g, 3, 1e-14, 1e-14);
    for (int j = 0; j < 3; j++) {
        double xd[3] = {0, 0, 0};
        xd[j] = 1;
        oracle_check_close("f_jvp primal", f_jvp(x, xd, 3, &rd), want, 1e-15, 1e-15);
        oracle_check_close("f_jvp tangent", rd, g[j], 1e-14, 1e-14);
    }
    return oracle_result();
}
