/*
** grad/field_table: a struct pointing both to the differentiated weights
** (x) and to a constant table (typedef struct { const double *w; const
** double *in; int n; } Layer; Layer L = {x, DATA, n}). Once refused
** (diag/struct_mixed_targets, "'DATA' is used where cc-ad needs its
** derivative storage"): the analysis gave a struct's pointer fields one
** target, so the table needed derivative storage it does not have. Each
** field now has its own.
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); the gradient
** against jvp by the dot-product test (1e-12).
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct {
    const double *w;
    const double *in;
    int n;
} Layer;

static const double DATA[7] = {0.5, -0.2, 0.3, 0.9, -0.7, 0.1, 0.4};

static double layer_out(const Layer *L)
{
    double s = 0;
    for (int i = 0; i < L->n; i++)
        s += tanh(L->w[i] * L->in[i]);
    return s;
}

double f(const double *x, int n)
{
    Layer L = {x, DATA, n};
    return layer_out(&L);
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "field_table.ad.h"

enum { N = 7 };

int main(void)
{
    OracleRng rng = oracle_rng(3);
    double x[N], g[N], fd[N], v[N], d = 0;
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    double y = f(x, N);
    CHECK_CLOSE("grad primal", f_grad(x, g, N), y, 0, 0);
    for (int j = 0; j < N; j++) {
        double xp[N];
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp, N);
        xp[j] = x[j] - h;
        fd[j] = (fp - f(xp, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_CLOSE("jvp primal", f_jvp(x, v, N, &d), y, 0, 0);
    CHECK_CLOSE("dot test", oracle_dot(g, v, N), d, ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
