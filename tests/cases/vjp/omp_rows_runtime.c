// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-GENERATED: omp atomic
/*
** vjp/omp_rows_runtime: llm.c's attention shape, rows of C3 = 3 * C per
** (b, t) holding query, key and value at h * hs, + C, + 2 * C, keys and
** values of the rows t2 <= t (a triangular loop). Whether the rows of two
** iterations b stay apart depends on hs * NH <= C, which cc-ad cannot know
** when generating the code: the backward sweep tests it before the loop
** (analysis/omp_rows.c, omp_rows_apart_cond) and accumulates into inp_bar
** plainly where it holds, into per-thread copies where it does not. The
** scores att_bar, rows b * NH * T * T + h * T * T + t * T + t2, are apart
** by the static proof (t2 <= t < T): no atomics in either build.
**   apart: C = 8, NH = 2, hs = 4 (hs * NH = C): the plain build;
**   spill: hs = 5 (hs * NH = 10 > C): the last head's value block of the
**          last row of b reaches into b + 1's first row; the copies.
** A wrong "apart" races on those elements: the TSan twin
** (tsan/vjp/omp_rows_runtime) fails. Oracles: J^T w against central
** differences of <w, f(x)> (ORACLE_RTOL_FD), for 1 to 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void attn(double *out, double *att, const double *inp, int B, int T, int C, int NH, int hs)
{
    int C3 = C * 3;
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++) {
        for (int t = 0; t < T; t++) {
            for (int h = 0; h < NH; h++) {
                const double *q = inp + b * T * C3 + t * C3 + h * hs;
                double *att_bth = att + b * NH * T * T + h * T * T + t * T;
                double s = 0.0;
                for (int t2 = 0; t2 <= t; t2++) {
                    const double *k = inp + b * T * C3 + t2 * C3 + h * hs + C;
                    const double *v = inp + b * T * C3 + t2 * C3 + h * hs + C * 2;
                    double d = 0.0;
                    for (int i = 0; i < hs; i++) d += q[i] * k[i];
                    att_bth[t2] = sin(d);
                    for (int i = 0; i < hs; i++) s += v[i] * att_bth[t2];
                }
                out[(b * T + t) * NH + h] = s;
            }
        }
    }
}

enum { B = 5, T = 3, C = 8, NH = 2, NX = B * T * 3 * C + 2, NO = B * T * NH, NA = B * NH * T * T };

#pragma ad vjp(attn) wrt(inp[B*T*3*C+2]) out(out[B*T*NH], att[B*NH*T*T])

#include "omp_rows_runtime.ad.h"

static double wo[NO], wa[NA];
static int hs_now;

static double loss(const double *x)
{
    double out[NO], att[NA] = {0};
    attn(out, att, x, B, T, C, NH, hs_now);
    return oracle_dot(out, wo, NO) + oracle_dot(att, wa, NA);
}

static void fd(const double *x, double *g)
{
    double xp[NX];
    for (int j = 0; j < NX; j++) {
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = loss(xp);
        xp[j] = x[j] - h;
        g[j] = (fp - loss(xp)) / (2 * h);
    }
}

int main(void)
{
    OracleRng r = oracle_rng(2718);
    double x[NX], g[NX], want[NX];
    oracle_fill_uniform(&r, x, NX, -1.0, 1.0);
    oracle_fill_normal(&r, wo, NO);
    oracle_fill_normal(&r, wa, NA);
    const int hss[2] = {4, 5};
    const char *label[2] = {"apart (hs * NH = C): J^T w vs differences", "spill (hs * NH > C): J^T w vs differences"};
    for (int k = 0; k < 2; k++) {
        hs_now = hss[k];
        fd(x, want);
        for (int threads = 1; threads <= 4; threads++) {
            omp_set_num_threads(threads);
            double out[NO], ob[NO], att[NA] = {0}, ab[NA];
            memcpy(ob, wo, sizeof wo);
            memcpy(ab, wa, sizeof wa);
            memset(g, 0, sizeof g);
            attn_vjp(out, ob, att, ab, x, g, B, T, C, NH, hs_now);
            CHECK_VEC_CLOSE(label[k], g, want, NX, ORACLE_RTOL_FD, 1e-9);
        }
    }
    return oracle_result();
}
