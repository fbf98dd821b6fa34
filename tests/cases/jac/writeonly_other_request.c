/*
** jac/writeonly_other_request: a solver callback in the shape MINPACK's
** lmder wants (iflag 1: the residuals, 2: the Jacobian into fjac, which
** is write-only: no clause needed), in a file that also has a grad request
** on another function calling a helper on a local buffer. Regression: the
** check that no helper stores derivatives where write-only memory is
** looked at every variant of the module, including the grad request's and
** those its solving left behind, and refused fcn ("stores values that
** depend on the inputs through parameter 'fjac'").
** Oracles: fcn's own Jacobian (iflag 2) at ORACLE_RTOL_EXACT, jacfwd =
** jacrev, grad against 2 J^T f.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static void resid(int m, const double *x, double *fvec)
{
    for (int i = 0; i < m; i++)
        fvec[i] = sin(x[i]) * x[(i + 1) % m];
}

double obj(int m, const double *x)
{
    double fvec[8], s = 0.0;
    resid(m, x, fvec);
    for (int i = 0; i < m; i++)
        s += fvec[i] * fvec[i];
    return s;
}

int fcn(int m, const double *x, double *fvec, double *fjac, int ldfjac, int iflag)
{
    if (iflag == 1) {
        resid(m, x, fvec);
    } else {
        for (int j = 0; j < m; j++)
            for (int i = 0; i < m; i++)
                fjac[i + j * ldfjac] = 0.0;
        for (int i = 0; i < m; i++) {
            fjac[i + i * ldfjac] = cos(x[i]) * x[(i + 1) % m];
            fjac[i + ((i + 1) % m) * ldfjac] = sin(x[i]);
        }
    }
    return 0;
}

#pragma ad grad(obj) wrt(x[m])
#pragma ad jacfwd(fcn) wrt(x[m]) out(fvec[m])
#pragma ad jacrev(fcn) wrt(x[m]) out(fvec[m])

#include "writeonly_other_request.ad.h"

enum { M = 5, LD = 7 };

int main(void)
{
    double x[M], f[M], f0[M], fjac[LD * M], hand[M * M], jf[M * M], jr[M * M], g[M], want[M];
    OracleRng rng = oracle_rng(603);
    oracle_fill_uniform(&rng, x, M, -1.5, 1.5);
    fcn(M, x, f0, fjac, LD, 1);
    fcn(M, x, f, fjac, LD, 2);
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++)
            hand[i * M + j] = fjac[i + j * LD];
    CHECK_EQ_INT("jacfwd returns fcn's", fcn_jacfwd(M, x, f, fjac, LD, 1, jf), 0);
    CHECK_VEC_CLOSE("jacfwd fvec", f, f0, M, 0.0, 0.0);
    CHECK_VEC_CLOSE("jacfwd = fcn's Jacobian", jf, hand, M * M, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_EQ_INT("jacrev returns fcn's", fcn_jacrev(M, x, f, fjac, LD, 1, jr), 0);
    CHECK_VEC_CLOSE("jacrev = fcn's Jacobian", jr, hand, M * M, ORACLE_RTOL_EXACT, 1e-15);
    for (int j = 0; j < M; j++) {
        want[j] = 0.0;
        for (int i = 0; i < M; i++)
            want[j] += 2.0 * hand[i * M + j] * f0[i];
    }
    double s = obj_grad(M, x, g);
    CHECK_CLOSE("grad primal", s, oracle_dot(f0, f0, M), 1e-13, 0.0);
    CHECK_VEC_CLOSE("grad = 2 J^T f", g, want, M, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
