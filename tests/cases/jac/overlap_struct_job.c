/*
** jac/overlap_struct_job: overlapping memory reached the ways C code reaches
** it: a job struct whose source and destination pointers are one buffer at
** an offset (j.src = u, j.dst = u + 1: each write is a later read) handed to
** a helper by pointer, and an in-place smoothing call smooth(u, u, n) whose
** out[i] reads in[i - 1] written the iteration before. Inside the file cc-ad
** sees the arguments of each call, so no clause is needed.
** Requests: grad, vjp, jvp, hessian.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients); hessian against central
** differences of grad (rtol 1e-6).
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { const double *src; double *dst; int n; double c; } Job;

static void run_job(const Job *j)
{
    for (int i = 0; i < j->n; i++)
        j->dst[i] += j->c * j->src[i] * j->src[i];
}

static void smooth(double *out, const double *in, int n)
{
    for (int i = 1; i < n; i++)
        out[i] = 0.5 * (in[i] + in[i - 1]);
}

double f(const double *x, int n)
{
    double *u = malloc(sizeof(double) * n);
    double s = 0.0;
    Job j;
    for (int i = 0; i < n; i++)
        u[i] = x[i];
    j.src = u;
    j.dst = u + 1;
    j.n = n - 1;
    j.c = 0.3;
    run_job(&j);
    smooth(u, u, n);       /* in place: out[i] reads in[i-1] already written */
    for (int i = 0; i < n; i++)
        s += u[i] * u[i] * (i + 1);
    free(u);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])

#include "overlap_struct_job.ad.h"

ORACLE_XN_WRAPPERS(f, 6)

int main(void)
{
    OracleRng rng = oracle_rng(1922);
    ORACLE_XN_CHECKS(f, 6, rng);
    double x[6], H[36], gp[6], gm[6];
    char label[64];
    oracle_fill_uniform(&rng, x, 6, -1.0, 1.0);
    f_hessian(x, 6, H);
    for (int j = 0; j < 6; j++) {
        double s = x[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        x[j] = s + h; f_grad(x, gp, 6);
        x[j] = s - h; f_grad(x, gm, 6);
        x[j] = s;
        for (int i = 0; i < 6; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 6 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
        }
    }
    return oracle_result();
}
