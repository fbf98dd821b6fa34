/*
** jac/sparse_hub_last: sparse Hessians whose dense row and column belong
** to the last variable (a shared parameter appended after the local ones,
** as models usually order them): an arrowhead, and an arrowhead plus a
** tridiagonal band. The manual promises an arrowhead 2 colours; the star
** colouring visited the vertices in index order, so the hub came last and
** every path through it, still uncoloured, forbade its neighbours' colours:
** n colours (one sweep per column). It now colours by decreasing degree.
** Oracles: the dense hessian request to rounding (ORACLE_RTOL_EXACT);
** colour counts 2 and at most 4 (hub, and 3 for the band), for n = 40.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double arrow(const double *x, int n)
{
    double e = 0.0;
    for (int i = 0; i + 1 < n; i++)
        e += sin(x[i]) * x[n - 1] + x[i] * x[i] * x[i];
    return e;
}

double banded(const double *x, int n)
{
    double e = 0.0, s = 0.0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += d * d * d * d + cos(x[i]);
        s += x[i];
    }
    return e + 0.5 * s * x[n - 1] * x[n - 1];
}

#pragma ad hessian(arrow) wrt(x[n]) sparse
#pragma ad hessian(arrow) wrt(x[n]) name(arrow_dense)
#pragma ad hessian(banded) wrt(x[n]) sparse
#pragma ad hessian(banded) wrt(x[n]) name(banded_dense)

#include "sparse_hub_last.ad.h"

#define N 40

static void densify(const ccad_csr *a, double *d)
{
    memset(d, 0, sizeof(double) * (size_t)a->nrows * (size_t)a->ncols);
    for (int i = 0; i < a->nrows; i++)
        for (int k = a->rowptr[i]; k < a->rowptr[i + 1]; k++)
            d[i * a->ncols + a->col[k]] = a->val[k];
}

int main(void)
{
    static double x[N], D[N * N], S[N * N];
    OracleRng rng = {40};
    oracle_fill_uniform(&rng, x, N, -1, 1);
    ccad_csr H = {0};
    CHECK_CLOSE("arrow primal", arrow_hessian(x, N, &H), arrow(x, N), 0, 0);
    arrow_dense(x, N, D);
    densify(&H, S);
    CHECK_VEC_CLOSE("arrow sparse = dense", S, D, N * N, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_EQ_INT("arrow nnz (no diagonal for the hub)", H.nnz, 3 * N - 3);
    CHECK_EQ_INT("arrow colours", ccad_csr_colors(&H), 2);
    ccad_csr_free(&H);
    CHECK_CLOSE("banded primal", banded_hessian(x, N, &H), banded(x, N), 0, 0);
    banded_dense(x, N, D);
    densify(&H, S);
    CHECK_VEC_CLOSE("banded sparse = dense", S, D, N * N, ORACLE_RTOL_EXACT, 1e-14);
    printf("banded colours %d\n", ccad_csr_colors(&H));
    CHECK_TRUE("banded colours", ccad_csr_colors(&H) <= 4);
    ccad_csr_free(&H);
    return oracle_result();
}
