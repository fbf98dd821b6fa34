// NO-STANDALONE-HEADER: View is defined in this file, which includes its own header
/*
** grad/struct_view: a view (a struct of a pointer into the caller's array
** and a length, no floating field) that a helper fills (view_of(&v, u, k, 2))
** and that is copied whole (w = v) in a loop, then written and read
** through. jvp wrote no tangent for the copy of a struct without floating
** fields, so w_dot's pointer stayed null (a crash); reverse mode set w_bar's
** pointer in the forward sweep but did not save it with w, so every
** iteration's backward code accumulated through the last iteration's
** pointer (a wrong gradient). Oracles: central differences (h = 1e-6,
** rtol 1e-6); vjp against jvp by the dot product; u left as the primal
** leaves it.
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
#pragma ad vjp(model) wrt(u[n]) out(u[n], return)
#pragma ad jvp(model) wrt(u) out(u, return)

#include "struct_view.ad.h"

#define N 6
int main(void)
{
    double u0[N] = {0.3, -0.5, 0.8, 0.1, -0.9, 0.4}, u[N], ue[N], g[N];
    memcpy(ue, u0, sizeof ue);
    double f = model(ue, N);
    memcpy(u, u0, sizeof u);
    CHECK_CLOSE("grad primal", model_grad(u, g, N), f, 0, 0);
    oracle_check_identical("grad leaves u", u, ue, N);
    for (int j = 0; j < N; j++) {
        double t[N], h = 1e-6;
        memcpy(t, u0, sizeof t); t[j] += h; double fp = model(t, N);
        memcpy(t, u0, sizeof t); t[j] -= h; double fm = model(t, N);
        CHECK_CLOSE("grad fd", g[j], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }
    double ud[N] = {1, 0.5, -0.2, 0.3, 0.1, -0.4}, ud0[N], w[N] = {0.2, -0.1, 0.3, 0.5, -0.6, 0.1}, ub[N], rd;
    memcpy(ud0, ud, sizeof ud);
    memcpy(u, u0, sizeof u);
    model_jvp(u, ud, N, &rd);
    memcpy(u, u0, sizeof u); memcpy(ub, w, sizeof ub);
    model_vjp(u, ub, N, 0.8);
    CHECK_CLOSE("dot", oracle_dot(ud, w, N) + 0.8 * rd, oracle_dot(ud0, ub, N), 1e-12, 1e-14);
    return oracle_result();
}
