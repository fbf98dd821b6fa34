/*
** jac/vla_row_pointer: a local pointer to rows of a run-time length, the
** C99 way to view a flat array as a matrix: const double (*m)[k] =
** (const double (*)[k])x; then m[i][j]. cc-ad declared it double (*m)[]
** (the length of the pointee lost), which does not compile; the lanes of
** jacfwd and hessian (double (*m_dot)[k][W]) then needed their cast too.
** A pointer declared so inside a loop, with a length the loop computes,
** is refused in reverse mode (diag/vla_row_pointer_block): its declaration
** moves to the top, where the length is not known yet.
** Oracles: central differences (ORACLE_RTOL_FD) and the dot-product test
** through the generic grad/vjp/jvp checks; hessian against differences of
** grad (step 1e-5: rtol 1e-5); jacfwd against jacrev and a closed form.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double rows(const double *x, int n)
{
    int k = n / 2;
    double s = 0.0;
    const double (*m)[k] = (const double (*)[k])x;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < k; j++)
            s += sin(m[i][j]) * m[1 - i][(j + 1) % k];
    return s;
}

void rowsv(const double *x, double *y, int n)
{
    int k = n / 2;
    const double (*m)[k] = (const double (*)[k])x;
    double (*o)[k] = (double (*)[k])y;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < k; j++)
            o[i][j] = sin(m[i][j]) * m[1 - i][(j + 1) % k];
}

#pragma ad grad(rows) wrt(x[n])
#pragma ad vjp(rows) wrt(x[n])
#pragma ad jvp(rows) wrt(x[n])
#pragma ad hessian(rows) wrt(x[n])
#pragma ad jacfwd(rowsv) wrt(x[n]) out(y[n])
#pragma ad vjp(rowsv) wrt(x[n]) out(y[n])

#include "vla_row_pointer.ad.h"

enum { N = 6 };

ORACLE_XN_WRAPPERS(rows, N)

int main(void)
{
    OracleRng rng = oracle_rng(606);
    for (int t = 0; t < 2; t++) ORACLE_XN_CHECKS(rows, N, rng);
    double x[N], H[N * N], y[N], J[N * N], Jr[N * N];
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    rows_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double xp[N], gp[N], gm[N], h = 1e-5, col[N], want[N];
        memcpy(xp, x, sizeof xp);
        xp[j] = x[j] + h;
        rows_grad(xp, gp, N);
        xp[j] = x[j] - h;
        rows_grad(xp, gm, N);
        for (int i = 0; i < N; i++) {
            col[i] = H[i * N + j];
            want[i] = (gp[i] - gm[i]) / (2 * h);
        }
        CHECK_VEC_CLOSE("hessian column vs differences of grad", col, want, N, 1e-5, 1e-7);
    }
    rowsv_jacfwd(x, y, N, J);
    for (int i = 0; i < N; i++) {  /* rows of jacrev from vjp with unit seeds */
        double xb[N] = {0}, yb[N] = {0}, yy[N];
        yb[i] = 1.0;
        rowsv_vjp(x, xb, yy, yb, N);
        memcpy(&Jr[i * N], xb, sizeof xb);
    }
    CHECK_VEC_CLOSE("jacfwd = vjp rows", J, Jr, N * N, 1e-14, 1e-14);
    /* y[0] = sin(x0) x4: d/dx0 = cos(x0) x4, d/dx4 = sin(x0) */
    CHECK_CLOSE("J[0][0]", J[0], cos(x[0]) * x[4], 1e-14, 1e-15);
    CHECK_CLOSE("J[0][4]", J[4], sin(x[0]), 1e-14, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
