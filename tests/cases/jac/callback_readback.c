/*
** jac/callback_readback: a least-squares callback in cminpack's shape
** (iflag 1: the residuals into fvec, 2: the Jacobian into fjac), whose
** Jacobian branch reads fjac back: a += on an entry, and an entry read
** into a local that builds another one (MINPACK's Kowalik-Osborne has
** fjac(i,3) = fjac(i,1) * fjac(i,2)). Differentiated for fvec only, fjac
** needs no derivative: nothing read from it flows into fvec, so no clause
** names it (before: "stores values that depend on the inputs through
** parameter 'fjac' ... list it ... scratch(fjac[n])"). diag/scratch_readback
** keeps the error where a read-back value reaches the output.
** Oracles: the callback's own Jacobian (iflag 2) at ORACLE_RTOL_EXACT for
** jacfwd and jacrev; vjp against J^T w from it; fjac untouched.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

int fcn(int m, const double *x, double *fvec, double *fjac, int ldfjac, int iflag)
{
    int i, j;
    double t;

    if (iflag == 1) {
        for (i = 0; i < m; ++i)
            fvec[i] = x[i] * x[i] - 0.5 * (i + 1) * sin(x[(i + 1) % m]);
        return 0;
    }
    for (j = 0; j < m; ++j)
        for (i = 0; i < m; ++i)
            fjac[i + j * ldfjac] = 0.0;
    for (i = 0; i < m; ++i) {
        fjac[i + i * ldfjac] = 2.0 * x[i];
        t = fjac[i + i * ldfjac] * cos(x[(i + 1) % m]) / x[i];
        fjac[i + ((i + 1) % m) * ldfjac] -= 0.25 * (i + 1) * t;
    }
    return 0;
}

#pragma ad jacfwd(fcn) wrt(x[m]) out(fvec[m])
#pragma ad jacrev(fcn) wrt(x[m]) out(fvec[m])
#pragma ad vjp(fcn) wrt(x[m]) out(fvec[m])

#include "callback_readback.ad.h"

enum { M = 6, LD = 8 };

int main(void)
{
    double x[M], f0[M], f[M], fjac[LD * M], hand[M * M], jf[M * M], jr[M * M];
    double w[M], xb[M], want[M];
    OracleRng rng = oracle_rng(706);
    oracle_fill_uniform(&rng, x, M, 0.5, 1.5);
    fcn(M, x, f0, fjac, LD, 1);
    fcn(M, x, f, fjac, LD, 2);
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            hand[i * M + j] = fjac[i + j * LD];
    for (int k = 0; k < LD * M; k++)
        fjac[k] = -3.0;
    CHECK_EQ_INT("jacfwd returns 0", fcn_jacfwd(M, x, f, fjac, LD, 1, jf), 0);
    CHECK_VEC_CLOSE("jacfwd fvec", f, f0, M, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd = the callback's Jacobian", jf, hand, M * M, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_EQ_INT("jacrev returns 0", fcn_jacrev(M, x, f, fjac, LD, 1, jr), 0);
    CHECK_VEC_CLOSE("jacrev = the callback's Jacobian", jr, hand, M * M, ORACLE_RTOL_EXACT, 1e-15);
    oracle_fill_normal(&rng, w, M);
    for (int j = 0; j < M; j++) {
        xb[j] = 0.0;
        want[j] = 0.0;
        for (int i = 0; i < M; i++)
            want[j] += hand[i * M + j] * w[i];
    }
    CHECK_EQ_INT("vjp returns 0", fcn_vjp(M, x, xb, f, w, fjac, LD, 1), 0);
    CHECK_VEC_CLOSE("vjp fvec", f, f0, M, 0.0, 0.0);
    CHECK_VEC_CLOSE("vjp = J^T w", xb, want, M, ORACLE_RTOL_EXACT, 1e-15);
    int untouched = 1;
    for (int k = 0; k < LD * M; k++)
        untouched &= fjac[k] == -3.0;
    CHECK_TRUE("fjac untouched with iflag 1", untouched);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
