// NO-STANDALONE-HEADER: View is defined in this file, which includes its own header
/*
** jac/struct_view: jacfwd, jacrev, hessian and hvp of grad/struct_view's
** model (views filled by a helper, copied whole in a loop). The jacrev
** sweep's backward part stepped the loop counter back (k -= 2) after the
** only call that read it had lost that argument (the helper's backward
** part does not use it): clang's -Wunused-but-set-variable (-Werror). A
** self-update (k -= 2) no longer counts as a read that lets an argument go.
** Oracles: jacfwd = jacrev to rounding; the Hessian against central
** differences of grad (h = 1e-5, rtol 1e-5); hvp = H v; u left as the
** primal leaves it.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double *p; int len; } View;

static void view_of(View *out, double *base, int off, int len)
{
    out->p = base + off;
    out->len = len;
}

static double sum_sq(View v)
{
    double s = 0;
    for (int i = 0; i < v.len; i++) s += v.p[i] * v.p[i];
    return s;
}

double model(double *u, int n)
{
    double e = 0;
    for (int k = 0; k + 2 <= n; k += 2) {
        View v;
        view_of(&v, u, k, 2);
        View w;
        w = v;
        w.p[1] = w.p[1] * cos(w.p[0]);
        e += sum_sq(w) + sin(v.p[0]);
    }
    return e;
}

#pragma ad grad(model) wrt(u[n])
#pragma ad jacfwd(model) wrt(u[n]) out(u[n], return)
#pragma ad jacrev(model) wrt(u[n]) out(u[n], return)
#pragma ad hessian(model) wrt(u[n])
#pragma ad hvp(model) wrt(u[n])
#include "struct_view.ad.h"
#define N 6
int main(void)
{
    double u0[N] = {0.3, -0.5, 0.8, 0.1, -0.9, 0.4}, u[N], ue[N], Jf[(N + 1) * N], Jr[(N + 1) * N], H[N * N], v[N] = {1, 2, 3, 4, 5, 6}, hv[N];
    memcpy(ue, u0, sizeof ue); model(ue, N);
    memcpy(u, u0, sizeof u); model_jacfwd(u, N, Jf); oracle_check_identical("jacfwd leaves u", u, ue, N);
    memcpy(u, u0, sizeof u); model_jacrev(u, N, Jr); oracle_check_identical("jacrev leaves u", u, ue, N);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, (N + 1) * N, 1e-12, 1e-14);
    memcpy(u, u0, sizeof u); model_hessian(u, N, H);
    memcpy(u, u0, sizeof u); model_hvp(u, v, hv, N);
    for (int j = 0; j < N; j++) {
        double gp[N], gm[N], t[N], h = 1e-5;
        memcpy(t, u0, sizeof t); t[j] += h; model_grad(t, gp, N);
        memcpy(t, u0, sizeof t); t[j] -= h; model_grad(t, gm, N);
        for (int i = 0; i < N; i++) CHECK_CLOSE("H fd", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-7);
    }
    for (int i = 0; i < N; i++) { double s = 0; for (int j = 0; j < N; j++) s += H[i * N + j] * v[j]; CHECK_CLOSE("hvp", hv[i], s, 1e-10, 1e-12); }
    return oracle_result();
}
