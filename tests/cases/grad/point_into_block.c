/*
** grad/point_into_block: views into one caller-owned block, pointed by a
** helper as llm.c's malloc_and_point_parameters does (float** ptrs[] =
** {&p->wte, ...}; *(ptrs[i]) = memory + offset). The helper's stores link
** the views' memory to the block's: the caller's analysis must know that
** v.a points into work (regression: it did not, so the scratch block was
** left as the backward sweep restored it, not as the primal leaves it).
** The helpers overwrite what earlier backward code reads, so their
** backward sweeps restore it.
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD), the dot-product
** test with jvp (1e-12), and the block after grad, vjp and jvp equal to
** the primal's bitwise.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct {
    double *a;
    double *b;
} Views;

void point_views(Views *v, double *mem, int n)
{
    double **ptrs[] = {&v->a, &v->b};
    double *it = mem;
    for (int i = 0; i < 2; i++) {
        *(ptrs[i]) = it;
        it += n;
    }
}

static void square_into(double *out, const double *in, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = in[i] * in[i];
}

static void sine_into(double *out, const double *in, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = sin(in[i]);
}

double f(const double *x, double *work, int n)
{
    Views v;
    point_views(&v, work, n);
    square_into(v.a, x, n);
    sine_into(v.b, v.a, n);
    square_into(v.a, v.b, n); /* overwrites what sine_into's backward reads */
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v.a[i] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[n]) scratch(work[2*n])
#pragma ad vjp(f) wrt(x[n]) scratch(work[2*n])
#pragma ad jvp(f) wrt(x[n]) scratch(work[2*n])

#include "point_into_block.ad.h"

enum { N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(31);
    double x[N], v[N], g[N], b[N] = {0}, fd[N], want[2 * N], work[2 * N];
    oracle_fill_uniform(&rng, x, N, -1.5, 1.5);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    double y = f(x, want, N);

    memset(work, 0, sizeof work);
    CHECK_CLOSE("grad primal", f_grad(x, g, work, N), y, 0, 0);
    CHECK_VEC_CLOSE("grad: block as the primal leaves it", work, want, 2 * N, 0, 0);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], junk[2 * N];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += h;
        xm[j] -= h;
        fd[j] = (f(xp, junk, N) - f(xm, junk, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad vs fd", g, fd, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);

    memset(work, 0, sizeof work);
    CHECK_CLOSE("vjp primal", f_vjp(x, b, work, N, 2.0), y, 0, 0);
    CHECK_VEC_CLOSE("vjp: block as the primal leaves it", work, want, 2 * N, 0, 0);
    memset(work, 0, sizeof work);
    double d = 0;
    CHECK_CLOSE("jvp primal", f_jvp(x, v, work, N, &d), y, 0, 0);
    CHECK_VEC_CLOSE("jvp: block as the primal leaves it", work, want, 2 * N, 0, 0);
    CHECK_CLOSE("dot test", oracle_dot(b, v, N), 2.0 * d, ORACLE_RTOL_DOT, 1e-14);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
