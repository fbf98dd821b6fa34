/*
** vjp/may_alias_offsets: may_alias with memory shared at an offset, and
** helpers called on overlapping, shifted arguments inside the file.
** smooth(u, v, n): v[i] = u[i] u[i+1] + sin(u[i]), reads u[0..n]; with
** may_alias(u, v) its jvp and vjp are checked in three call shapes on one
** buffer b: in place smooth(b, b, n); v behind u, smooth(b + 1, b, n - 1)
** (each v[i] written after its last read); v ahead of u, smooth(b, b + 1, n)
** (a recurrence: u[i+1] is read after v[i] = u[i+1] was written). The
** caller passes the shadows at the same offsets.
** chain(w, s, n) calls axpy_shift(w, w + 1, ...) and smooth(w + 1, w, ...)
** with no clause: cc-ad sees the overlap at the call (grad).
** Oracles: the Jacobian of each aliased call by central differences of a
** wrapper that copies the buffer and makes the call (h = 1e-6); jvp = J v
** and vjp = J^T w to rtol 1e-6 (floor 1e-8); chain's gradient against
** central differences, and its jvp against its vjp (in-out w and the
** return value) by the dot-product test (1e-12).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* v[i] = u[i] * u[i+1] + sin(u[i]) for i < n; reads u[0..n] */
void smooth(const double *u, double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = u[i] * u[i + 1] + sin(u[i]);
}
#pragma ad jvp(smooth) may_alias(u, v)
#pragma ad vjp(smooth) may_alias(u, v)

/* inside the TU: helper called with shifted overlapping args, no clause */
static void axpy_shift(const double *a, double *b, double s, int n)
{
    for (int i = n - 1; i >= 0; i--)
        b[i] = b[i] * 0.5 + s * a[i] * a[i];
}
double chain(double *w, double s, int n)
{
    axpy_shift(w, w + 1, s, n - 1);      /* b overlaps a shifted by one: reads a[i] after b[i-1]... */
    smooth(w + 1, w, n - 2);             /* v = w, u = w+1: forward in-place */
    double t = 0.0;
    for (int i = 0; i < n; i++) t += w[i] * (i + 1);
    return t;
}
#pragma ad grad(chain) wrt(w[n], s)
#pragma ad jvp(chain) wrt(w[n], s)
#pragma ad vjp(chain) wrt(w[n], s) out(w[n], return)

#include "may_alias_offsets.ad.h"
#define N 7
static double fchain(const double *w0, double s) { double w[N]; memcpy(w, w0, sizeof w); return chain(w, s, N); }
static void fsmooth(const double *x, double *y, int mode)
{ /* mode 0: in place smooth(buf, buf, N-1); mode 1: smooth(buf+1, buf, N-1); mode 2: smooth(buf, buf+1, N-1) */
    double b[N]; memcpy(b, x, sizeof b);
    if (mode == 0) smooth(b, b, N - 1); else if (mode == 1) smooth(b + 1, b, N - 2); else smooth(b, b + 1, N - 1);
    memcpy(y, b, sizeof b);
}
int main(void)
{
    OracleRng rng = oracle_rng(4);
    double w[N], s = 0.6, g[N], gs;
    oracle_fill_uniform(&rng, w, N, -1, 1);
    double w1[N]; memcpy(w1, w, sizeof w);
    chain_grad(w1, g, s, &gs, N);
    for (int j = 0; j <= N; j++) {
        double wp[N], wm[N], sp = s, sm = s, h = 1e-6; memcpy(wp, w, sizeof w); memcpy(wm, w, sizeof w);
        if (j < N) { wp[j] += h; wm[j] -= h; } else { sp += h; sm -= h; }
        CHECK_CLOSE("grad", j < N ? g[j] : gs, (fchain(wp, sp) - fchain(wm, sm)) / (2 * h), 1e-6, 1e-8);
    }
    /* chain's jvp and vjp (w in-out, the return value): dot-product test */
    {
        double wv[N], wd[N], sd = -0.4, wb[N], ww[N], wbar[N], sbar = 0.0, rd, rb = 0.9;
        oracle_fill_normal(&rng, wv, N); oracle_fill_normal(&rng, wb, N);
        memcpy(ww, w, sizeof w); memcpy(wd, wv, sizeof wv);
        chain_jvp(ww, wd, s, sd, N, &rd);
        double lhs = oracle_dot(wd, wb, N) + rd * rb;
        memcpy(ww, w, sizeof w); memcpy(wbar, wb, sizeof wb);
        chain_vjp(ww, wbar, s, &sbar, N, rb);
        double rhs = oracle_dot(wbar, wv, N) + sbar * sd;
        CHECK_CLOSE("chain dot", lhs, rhs, ORACLE_RTOL_DOT, 1e-14 * (fabs(lhs) + 1.0));
    }
    /* smooth in the three overlap modes: jvp vs fd, vjp vs jvp (dot) */
    for (int mode = 0; mode < 3; mode++) {
        double x[N], xd[N], y[N], yd[N], J[N * N];
        oracle_fill_uniform(&rng, x, N, -1, 1); oracle_fill_normal(&rng, xd, N);
        for (int j = 0; j < N; j++) {
            double xp[N], xm[N], yp[N], ym[N], h = 1e-6; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
            xp[j] += h; xm[j] -= h; fsmooth(xp, yp, mode); fsmooth(xm, ym, mode);
            for (int i = 0; i < N; i++) J[i * N + j] = (yp[i] - ym[i]) / (2 * h);
        }
        double b[N], bd[N]; memcpy(b, x, sizeof b); memcpy(bd, xd, sizeof bd);
        if (mode == 0) smooth_jvp(b, bd, b, bd, N - 1); else if (mode == 1) smooth_jvp(b + 1, bd + 1, b, bd, N - 2); else smooth_jvp(b, bd, b + 1, bd + 1, N - 1);
        memcpy(yd, bd, sizeof bd); memcpy(y, b, sizeof b);
        double want[N]; for (int i = 0; i < N; i++) { want[i] = 0; for (int j = 0; j < N; j++) want[i] += J[i * N + j] * xd[j]; }
        char lab[32]; snprintf(lab, sizeof lab, "jvp mode %d", mode);
        CHECK_VEC_CLOSE(lab, yd, want, N, 1e-6, 1e-8);
        double wb[N]; oracle_fill_normal(&rng, wb, N);
        double bb[N]; memcpy(b, x, sizeof b); memcpy(bb, wb, sizeof bb);
        if (mode == 0) smooth_vjp(b, bb, b, bb, N - 1); else if (mode == 1) smooth_vjp(b + 1, bb + 1, b, bb, N - 2); else smooth_vjp(b, bb, b + 1, bb + 1, N - 1);
        double want2[N]; for (int j = 0; j < N; j++) { want2[j] = 0; for (int i = 0; i < N; i++) want2[j] += J[i * N + j] * wb[i]; }
        snprintf(lab, sizeof lab, "vjp mode %d", mode);
        CHECK_VEC_CLOSE(lab, bb, want2, N, 1e-6, 1e-8);
        (void)y;
    }
    return oracle_result();
}
