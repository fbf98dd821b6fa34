// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-STDERR: run on one thread
/*
** vjp/omp_layernorm_cfg: llm.c's layernorm under collapse(2) with every
** size read through a config struct, in the bounds (b < cfg->B, t <
** cfg->T: hoisted into locals, adj_omp_hoist_bounds, so both sweeps stay
** parallel) and in the row offsets (inp + b * cfg->T * cfg->C + t * cfg->C,
** which the rows proof does not read as sizes: inp_bar goes to per-thread
** copies, w_bar and bias_bar too) (probe20). Oracles: J^T w against
** central differences of <w, f(x)>, 1 to 4 threads, 20 calls each.
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct Cfg { int B, T, C; double eps; } Cfg;

/* llm.c's layernorm, the sizes read through the config in the bounds and
 * in the offsets (rows of C at (b * T + t) * C) */
void layernorm(const Cfg *cfg, double *out, const double *inp, const double *w, const double *bias)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < cfg->B; b++) {
        for (int t = 0; t < cfg->T; t++) {
            const double *x = inp + b * cfg->T * cfg->C + t * cfg->C;
            double m = 0.0;
            for (int i = 0; i < cfg->C; i++) m += x[i];
            m = m / cfg->C;
            double v = 0.0;
            for (int i = 0; i < cfg->C; i++) {
                double xs = x[i] - m;
                v += xs * xs;
            }
            v = v / cfg->C;
            double s = 1.0 / sqrt(v + cfg->eps);
            double *o = out + b * cfg->T * cfg->C + t * cfg->C;
            for (int i = 0; i < cfg->C; i++) o[i] = (s * (x[i] - m)) * w[i] + bias[i];
        }
    }
}

enum { B = 3, T = 4, C = 5, N = B * T * C };
#pragma ad vjp(layernorm) wrt(inp[N], w[C], bias[C]) out(out[N])
#include "omp_layernorm_cfg.ad.h"

static double W[N];
static double loss(const double *p)
{
    Cfg cfg = {B, T, C, 1e-5};
    double out[N];
    layernorm(&cfg, out, p, p + N, p + N + C);
    return oracle_dot(out, W, N);
}

int main(void)
{
    OracleRng r = oracle_rng(23);
    double p[N + 2 * C], want[N + 2 * C], g[N + 2 * C];
    oracle_fill_uniform(&r, p, N + 2 * C, -1.0, 1.0);
    oracle_fill_normal(&r, W, N);
    for (int j = 0; j < N + 2 * C; j++) {
        double xp[N + 2 * C];
        memcpy(xp, p, sizeof xp);
        double h = oracle_fd_step(p[j], DBL_EPSILON);
        xp[j] += h;
        double fp = loss(xp);
        xp[j] = p[j] - h;
        want[j] = (fp - loss(xp)) / (2 * h);
    }
    for (int th = 1; th <= 4; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 20; rep++) {
            Cfg cfg = {B, T, C, 1e-5};
            double out[N], ob[N];
            memcpy(ob, W, sizeof ob);
            memset(g, 0, sizeof g);
            layernorm_vjp(&cfg, out, ob, p, g, p + N, g + N, p + N + C, g + N + C);
            CHECK_VEC_CLOSE("layernorm (sizes through cfg): J^T w vs differences", g, want, N + 2 * C, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
