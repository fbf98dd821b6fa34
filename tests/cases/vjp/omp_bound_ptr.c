// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-STDERR: run on one thread
/*
** vjp/omp_bound_ptr: parallel loops whose bound (or start) is read through
** a pointer, `i <= f->n`, `i < s->n`, `(*s).n`, `s[0].lo`, a collapse(2)
** nest over `g->rows` and `g->cols`, with bodies that store nothing into
** that memory (only into other parameters; `s` itself not const):
** OpenMP evaluates such bounds once, so reverse mode reads them
** once into a local before the loop, and both sweeps stay parallel (no
** "run on one thread" note; it used to say the counter changed in the
** body). `chain` runs such a loop in an outer serial loop that changes
** the bound between its passes: the backward sweep must see each pass's
** bound again. Oracles: J^T w against central differences of <w, f(x)>
** (ORACLE_RTOL_FD), with 1, 2, 3 and 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

typedef struct Size { int n; int lo; double *w; } Size;
typedef struct Grid { int rows, cols; } Grid;

void incl(const Size *f, const double *x, double *y)
{
    int i;
#pragma omp parallel for
    for (i = 0; i <= f->n; i++)
        y[i] = sin(x[i]) * x[i];
}

void weighted(Size *s, const double *x, double *y)
{
#pragma omp parallel for
    for (int i = s[0].lo; i < (*s).n; i++) {
        double t = exp(0.5 * x[i]);
        y[i] = t * t + x[i] * s->w[i];
    }
}

void grid(const Grid *g, const double *x, double *y)
{
#pragma omp parallel for collapse(2)
    for (int r = 0; r < g->rows; r++)
        for (int c = 0; c < g->cols; c++) {
            double v = x[r * g->cols + c];
            y[r * g->cols + c] = v * v * cos(v) + (double)r;
        }
}

void chain(Size *s, const double *x, double *y, int passes)
{
    s->n = 2;
    for (int p = 0; p < passes; p++) {
#pragma omp parallel for
        for (int i = 0; i < s->n; i++)
            y[i] = y[i] * 0.5 + sin(x[i] + y[i]);
        s->n = s->n + 3;
    }
}

enum { N = 13, R = 4, C = 5, P = 3, NC = 2 + 3 * (P - 1) };

#pragma ad vjp(incl) wrt(x[N]) out(y[N])
#pragma ad vjp(weighted) wrt(x[N]) out(y[N])
#pragma ad vjp(grid) wrt(x[R*C]) out(y[R*C])
#pragma ad vjp(chain) wrt(x[NC], y[NC]) out(y[NC])

#include "omp_bound_ptr.ad.h"

static double w[N], wg[R * C], wc[NC];
static double wts[N];

static double loss_incl(const double *x)
{
    Size f = {N - 1, 0, NULL};
    double y[N];
    incl(&f, x, y);
    return oracle_dot(y, w, N);
}

static double loss_weighted(const double *x)
{
    Size s = {N - 2, 1, wts};
    double y[N] = {0};
    weighted(&s, x, y);
    return oracle_dot(y, w, N);
}

static double loss_grid(const double *x)
{
    Grid g = {R, C};
    double y[R * C];
    grid(&g, x, y);
    return oracle_dot(y, wg, R * C);
}

/* x and the initial y side by side */
static double loss_chain(const double *xy)
{
    Size s = {0, 0, NULL};
    double y[NC];
    memcpy(y, xy + NC, sizeof y);
    chain(&s, xy, y, P);
    return oracle_dot(y, wc, NC);
}

static void fd(double (*f)(const double *), const double *x, int n, double *g)
{
    double xp[2 * NC + N + R * C];
    for (int j = 0; j < n; j++) {
        memcpy(xp, x, sizeof(double) * (size_t)n);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp);
        xp[j] = x[j] - h;
        g[j] = (fp - f(xp)) / (2 * h);
    }
}

int main(void)
{
    OracleRng r = oracle_rng(1414);
    double x[N], xg[R * C], xy[2 * NC], g[2 * NC + R * C], want[2 * NC + R * C];
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    oracle_fill_uniform(&r, xg, R * C, -1.0, 1.0);
    oracle_fill_uniform(&r, xy, 2 * NC, -1.0, 1.0);
    oracle_fill_uniform(&r, wts, N, 0.5, 1.5);
    oracle_fill_normal(&r, w, N);
    oracle_fill_normal(&r, wg, R * C);
    oracle_fill_normal(&r, wc, NC);
    for (int threads = 1; threads <= 4; threads++) {
        omp_set_num_threads(threads);
        double y[R * C], wb[R * C];

        Size f = {N - 1, 0, NULL};
        memset(g, 0, sizeof g);
        memcpy(wb, w, sizeof w);
        incl_vjp(&f, x, g, y, wb);
        fd(loss_incl, x, N, want);
        CHECK_VEC_CLOSE("incl: J^T w vs differences", g, want, N, ORACLE_RTOL_FD, 1e-9);

        Size s = {N - 2, 1, wts};
        memset(g, 0, sizeof g);
        memset(y, 0, sizeof y);
        memcpy(wb, w, sizeof w);
        weighted_vjp(&s, x, g, y, wb);
        fd(loss_weighted, x, N, want);
        CHECK_VEC_CLOSE("weighted: J^T w vs differences", g, want, N, ORACLE_RTOL_FD, 1e-9);

        Grid gr = {R, C};
        memset(g, 0, sizeof g);
        memcpy(wb, wg, sizeof wg);
        grid_vjp(&gr, xg, g, y, wb);
        fd(loss_grid, xg, R * C, want);
        CHECK_VEC_CLOSE("grid: J^T w vs differences", g, want, R * C, ORACLE_RTOL_FD, 1e-9);

        Size sc = {0, 0, NULL};
        double yc[NC];
        memcpy(yc, xy + NC, sizeof yc);
        memset(g, 0, sizeof g);
        memcpy(wb, wc, sizeof wc);
        chain_vjp(&sc, xy, g, yc, wb, P);
        for (int i = 0; i < NC; i++) g[NC + i] = wb[i];  /* y's adjoint on entry */
        fd(loss_chain, xy, 2 * NC, want);
        CHECK_VEC_CLOSE("chain: J^T w vs differences", g, want, 2 * NC, ORACLE_RTOL_FD, 1e-9);
        CHECK_EQ_INT("chain: s->n as the primal leaves it", sc.n, 2 + 3 * P);
    }
    return oracle_result();
}
