/*
** jvp/inout: pointers that are read and written (in-out) have ONE shadow,
** read on entry and written on exit (contract section 3):
**   axpy_sq(acc, x, alpha, n)   acc_i <- acc_i^2 / 2 + alpha x_i, with
**                               explicit wrt(acc, x, alpha) out(acc)
**   normalize(v, n)             v <- v / |v|, default clauses (v is read
**                               and written, so it is in and out)
** Closed forms: acc_dot_i <- acc_i acc_dot_i + alpha_dot x_i + alpha x_dot_i;
** v_dot <- (v_dot - u <u, v_dot>) / |v| with u = v / |v|.
*/
#include <math.h>

#include "ccad_oracle.h"

void axpy_sq(double *acc, const double *x, double alpha, int n)
{
    for (int i = 0; i < n; i++)
        acc[i] = acc[i] * acc[i] * 0.5 + alpha * x[i];
}

void normalize(double *v, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    s = sqrt(s);
    for (int i = 0; i < n; i++)
        v[i] /= s;
}

#pragma ad jvp(axpy_sq) wrt(acc[n], x[n], alpha) out(acc[n])
#pragma ad jvp(normalize)

#include "inout.ad.h"

#define N 5

int main(void)
{
    const double acc0[N] = {0.5, -1.0, 1.5, 0.25, -2.0};
    const double accd0[N] = {1.0, 0.5, -0.5, 2.0, 0.125};
    const double x[N] = {0.3, 0.6, -0.9, 1.2, -1.5};
    const double xd[N] = {-0.2, 0.4, 0.1, 0.0, 1.0};
    const double alpha = 0.8, alpha_dot = -0.6;
    double acc[N], accd[N], want[N], wantv[N];
    for (int i = 0; i < N; i++) {
        acc[i] = acc0[i];
        accd[i] = accd0[i];
        want[i] = acc0[i] * accd0[i] + alpha_dot * x[i] + alpha * xd[i];
        wantv[i] = acc0[i] * acc0[i] * 0.5 + alpha * x[i];
    }
    axpy_sq_jvp(acc, accd, x, xd, alpha, alpha_dot, N);
    CHECK_VEC_CLOSE("axpy_sq acc (primal, overwritten)", acc, wantv, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("axpy_sq acc_dot (read on entry, written on exit)", accd, want, N,
                    ORACLE_RTOL_EXACT, 1e-15);

    double v[N], vd[N], u[N], s = 0.0, ud = 0.0;
    for (int i = 0; i < N; i++) {
        v[i] = acc0[i];
        vd[i] = accd0[i];
        s += v[i] * v[i];
    }
    s = sqrt(s);
    for (int i = 0; i < N; i++) {
        u[i] = acc0[i] / s;
        ud += u[i] * accd0[i];
    }
    for (int i = 0; i < N; i++)
        want[i] = (accd0[i] - u[i] * ud) / s;
    normalize_jvp(v, vd, N);
    CHECK_VEC_CLOSE("normalize v (primal)", v, u, N, ORACLE_RTOL_EXACT, 0.0);
    CHECK_VEC_CLOSE("normalize v_dot closed form", vd, want, N, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
