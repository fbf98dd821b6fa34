/*
** jvp/intparam_out: an int return (a status) and int parameters, with the
** floating results written through an out pointer. The generated function
** returns the same status; out_dot receives the tangents.
**   poly_eval(deg, c, t, out): out[0] = p(t), out[1] = p'(t) for the
**   polynomial with coefficients c[0..deg]; returns deg, or -1 (and writes
**   nothing) when deg < 0.
** Closed forms: d out[0] = sum c_dot_k t^k + p'(t) t_dot;
** d out[1] = sum k c_dot_k t^(k-1) + p''(t) t_dot.
*/
#include <math.h>

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

#pragma ad jvp(poly_eval) wrt(c[deg+1], t) out(out[2])

#include "intparam_out.ad.h"

#define DEG 4

int main(void)
{
    const double c[DEG + 1] = {1.0, -2.0, 0.5, 3.0, -0.75};
    const double cd[DEG + 1] = {0.25, 1.0, -1.0, 0.5, 2.0};
    const double t = 0.6, td = -1.5;
    double out[2], out_dot[2], want[2] = {0.0, 0.0}, p1 = 0.0, p2 = 0.0;
    for (int k = 0; k <= DEG; k++) {
        want[0] += cd[k] * pow(t, k);
        if (k >= 1) {
            want[1] += k * cd[k] * pow(t, k - 1);
            p1 += k * c[k] * pow(t, k - 1);
        }
        if (k >= 2)
            p2 += k * (k - 1) * c[k] * pow(t, k - 2);
    }
    want[0] += p1 * td;
    want[1] += p2 * td;
    int st = poly_eval_jvp(DEG, c, cd, t, td, out, out_dot);
    CHECK_EQ_INT("status returned", st, DEG);
    CHECK_CLOSE("out[0] = p(t)", out[0], c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * c[4]))),
                ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("out[1] = p'(t)", out[1], p1, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("out_dot closed form", out_dot, want, 2, ORACLE_RTOL_EXACT, 1e-14);

    double o2[2] = {7.0, 8.0}, o2d[2] = {9.0, 10.0};
    st = poly_eval_jvp(-1, c, cd, t, td, o2, o2d);
    CHECK_EQ_INT("early return status", st, -1);
    CHECK_TRUE("early return writes no output", o2[0] == 7.0 && o2[1] == 8.0);
    return oracle_result();
}
