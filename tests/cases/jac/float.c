/*
** jac/float: Jacobians of float code; derivatives are float (contract
** section 3: "derivatives have the type of the value they belong to").
**   f3f(x, y)           seed 001's f in float: jacfwd and jacrev at (1, 0.5)
**                       against the double closed form (ORACLE_RTOL_FLOAT_EXACT
**                       = 1e-5: a few float ulps per operation) and the seed's
**                       float32 printout;
**   poly(c, x, y, n)    scalar float input c and float arrays, a float return
**                       value and an out array, with float math functions
**                       (sinf, expf, sqrtf): jacfwd = jacrev to float rounding
**                       (1e-5 relative), and both against central differences
**                       of the float function with the float step (FLT_EPSILON,
**                       ORACLE_RTOL_FLOAT_FD = 1e-3).
*/
#include <float.h>
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

void f3f(const float *x, float *y)
{
    y[0] = sinf(x[0] / x[1]) + x[1] * x[1];
    y[1] = x[0] * x[0] - x[1] * x[1];
    y[2] = x[0] * x[0] * x[0];
}

float poly(float c, const float *x, float *y, int n)
{
    float acc = 0.0f;
    for (int i = 0; i < n; i++) {
        y[i] = sinf(c * x[i]) + sqrtf(1.0f + x[i] * x[i]);
        acc += expf(0.5f * y[i]) * x[i];
    }
    return acc * c;
}

#pragma ad jacfwd(f3f) wrt(x[2]) out(y[3])
#pragma ad jacrev(f3f) wrt(x[2]) out(y[3])
#pragma ad jacfwd(poly) wrt(c, x[n]) out(return, y[n])
#pragma ad jacrev(poly) wrt(c, x[n]) out(return, y[n])

#include "float.ad.h"

#define N 3
#define NIN (N + 1)
#define NOUT (N + 1)

/* flat double form of poly for the FD oracle: inputs are rounded to float */
static void poly_flat(void *ctx, const double *in, double *out)
{
    (void)ctx;
    float x[N], y[N];
    for (int i = 0; i < N; i++)
        x[i] = (float)in[1 + i];
    out[0] = poly((float)in[0], x, y, N);
    for (int i = 0; i < N; i++)
        out[1 + i] = y[i];
}

int main(void)
{
    const float x[2] = {1.0f, 0.5f};
    const double c2 = cos(2.0);
    const double want[6] = {2.0 * c2, 1.0 - 4.0 * c2, 2.0, -1.0, 3.0, 0.0};
    const double seed[6] = {-0.8322937, 2.6645875, 2.0, -1.0, 3.0, 0.0};
    float y[3], jf[6], jr[6];
    double jd[6];
    f3f_jacfwd(x, y, jf);
    for (int k = 0; k < 6; k++)
        jd[k] = jf[k];
    CHECK_VEC_CLOSE("f3f_jacfwd at (1, 0.5) closed form", jd, want, 6, ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    CHECK_VEC_CLOSE("f3f_jacfwd at (1, 0.5) seed 001 (float32)", jd, seed, 6, 1e-6, 1e-6);
    f3f_jacrev(x, y, jr);
    for (int k = 0; k < 6; k++)
        jd[k] = jr[k];
    CHECK_VEC_CLOSE("f3f_jacrev at (1, 0.5) closed form", jd, want, 6, ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    CHECK_VEC_CLOSE("f3f_jacrev at (1, 0.5) seed 001 (float32)", jd, seed, 6, 1e-6, 1e-6);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    OracleRng rng = oracle_rng(5);
    char label[96];
    for (int t = 0; t < 3; t++) {
        double in[NIN], out0[NOUT], e[NIN], col[NOUT], fd[NOUT * NIN];
        double df[NOUT * NIN], dr[NOUT * NIN];
        float xs[N], ys[N], pf[NOUT * NIN], pr[NOUT * NIN];
        for (int k = 0; k < NIN; k++)
            in[k] = (float)oracle_uniform(&rng, -1.2, 1.2);
        for (int i = 0; i < N; i++)
            xs[i] = (float)in[1 + i];
        poly_flat(NULL, in, out0);
        float r = poly_jacfwd((float)in[0], xs, ys, N, pf);
        snprintf(label, sizeof label, "point %d poly_jacfwd returns poly", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        r = poly_jacrev((float)in[0], xs, ys, N, pr);
        snprintf(label, sizeof label, "point %d poly_jacrev returns poly", t);
        CHECK_CLOSE(label, r, out0[0], 0.0, 0.0);
        for (int k = 0; k < NOUT * NIN; k++) {
            df[k] = pf[k];
            dr[k] = pr[k];
        }
        snprintf(label, sizeof label, "point %d jacfwd = jacrev (float)", t);
        CHECK_VEC_CLOSE(label, df, dr, NOUT * NIN, 1e-5, 1e-6 * oracle_norm_inf(df, NOUT * NIN));
        for (int j = 0; j < NIN; j++) {
            for (int k = 0; k < NIN; k++)
                e[k] = k == j;
            oracle_fd_jvp_eps(poly_flat, NULL, NIN, NOUT, in, e, col, FLT_EPSILON);
            for (int i = 0; i < NOUT; i++)
                fd[i * NIN + j] = col[i];
        }
        double atol = ORACLE_RTOL_FLOAT_FD * fmax(1.0, oracle_norm_inf(out0, NOUT));
        snprintf(label, sizeof label, "point %d poly_jacfwd vs FD (float)", t);
        CHECK_VEC_CLOSE(label, df, fd, NOUT * NIN, ORACLE_RTOL_FLOAT_FD, atol);
        snprintf(label, sizeof label, "point %d poly_jacrev vs FD (float)", t);
        CHECK_VEC_CLOSE(label, dr, fd, NOUT * NIN, ORACLE_RTOL_FLOAT_FD, atol);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
