/*
** vjp/intparam_out: an int status return with floating outputs through an
** out pointer, in reverse mode: out_bar is the seed (zero on exit), c_bar
** and *t_bar are added to, the status is returned; on the early return
** (deg < 0) nothing is written and no adjoint moves.
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

int poly_eval(int deg, const double *c, double t, double *out)
{
    if (deg < 0)
        return -1;
    double p = c[deg], dp = 0.0;
    for (int k = deg - 1; k >= 0; k--) {
        dp = dp * t + p;
        p = p * t + c[k];
    }
    out[0] = p;
    out[1] = dp;
    return deg;
}

#pragma ad vjp(poly_eval) wrt(c[deg+1], t) out(out[2])
#pragma ad jvp(poly_eval) wrt(c[deg+1], t) out(out[2])

#include "intparam_out.ad.h"

#define DEG 4
#define NIN (DEG + 2)

static void pe_flat(void *ctx, const double *in, double *y)
{
    (void)ctx;
    poly_eval(DEG, in, in[DEG + 1], y);
}

static void pe_jvp_flat(void *ctx, const double *in, const double *v, double *y, double *ydot)
{
    (void)ctx;
    poly_eval_jvp(DEG, in, v, in[DEG + 1], v[DEG + 1], y, ydot);
}

static void pe_vjp_flat(void *ctx, const double *in, double *inbar, double *w, double *y)
{
    (void)ctx;
    poly_eval_vjp(DEG, in, inbar, in[DEG + 1], &inbar[DEG + 1], y, w);
}

int main(void)
{
    const double c[DEG + 1] = {1.0, -2.0, 0.5, 3.0, -0.75};
    const double t = 0.6;
    double out[2], ob[2] = {1.0, -2.0}, cb[DEG + 1] = {0}, tb = 0.0, wc[DEG + 1], wt = 0.0;
    double p1 = 0.0, p2 = 0.0;
    for (int k = 0; k <= DEG; k++) {
        wc[k] = ob[0] * pow(t, k) + (k >= 1 ? ob[1] * k * pow(t, k - 1) : 0.0);
        if (k >= 1)
            p1 += k * c[k] * pow(t, k - 1);
        if (k >= 2)
            p2 += k * (k - 1) * c[k] * pow(t, k - 2);
    }
    wt = ob[0] * p1 + ob[1] * p2;
    int st = poly_eval_vjp(DEG, c, cb, t, &tb, out, ob);
    CHECK_EQ_INT("status returned", st, DEG);
    CHECK_VEC_CLOSE("c_bar closed form", cb, wc, DEG + 1, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("t_bar closed form", tb, wt, ORACLE_RTOL_EXACT, 1e-14);
    CHECK_TRUE("out_bar zero on exit", ob[0] == 0.0 && ob[1] == 0.0);

    double o2[2] = {7.0, 8.0}, ob2[2] = {1.0, 1.0}, cb2[DEG + 1] = {0}, tb2 = 0.0;
    st = poly_eval_vjp(-1, c, cb2, t, &tb2, o2, ob2);
    CHECK_EQ_INT("early return status", st, -1);
    CHECK_TRUE("early return: outputs untouched", o2[0] == 7.0 && o2[1] == 8.0);
    CHECK_TRUE("early return: no adjoint reaches c or t", cb2[0] == 0.0 && cb2[DEG] == 0.0 && tb2 == 0.0);
    CHECK_TRUE("tape empty after the early return", ccad_tape_empty());

    double in[NIN];
    for (int k = 0; k <= DEG; k++)
        in[k] = c[k];
    in[DEG + 1] = t;
    OracleRng rng = oracle_rng(4);
    OracleProblem p = {.name = "poly_eval", .n = NIN, .m = 2, .f = pe_flat, .jvp = pe_jvp_flat,
                       .vjp = pe_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&p, NULL, in, &rng, 3, NIN);
    return oracle_result();
}
