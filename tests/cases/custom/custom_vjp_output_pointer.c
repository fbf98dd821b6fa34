/*
** custom/custom_vjp_output_pointer: custom_vjp of functions that store
** through pointers (contract 2 and 3: my_f_vjp has the signature of
** vjp(f), whose output pointers' adjoints hold the seed on entry and are
** zero on exit, in-out ones the adjoint of the old values). It was refused
** ("supported for functions that only read their pointers"). Rules here:
** soft (llm.c's softmax writing probs[], out only), step (u[] updated in
** place: the rule needs u's old values), sq2 (a scalar written through
** &o, and a returned value), called from the requested function, from a
** split helper in a loop, and in a vjp whose output y is the written
** memory. Oracles: closed forms (d nll / dx_i = p_i - [i == 0], the
** softmax hessian diag(p) - p p^T), central differences (step 1e-6, smooth
** functions: rtol 1e-6), and counters (the hand-written rules ran).
*/
#include <math.h>
#include "ccad_oracle.h"

void soft(const double *z, double *p, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { p[i] = exp(z[i]); s += p[i]; }
    for (int i = 0; i < n; i++) p[i] /= s;
}

int nsoft;
void my_soft_vjp(const double *z, double *z_bar, double *p, double *p_bar, int n)
{
    nsoft++;
    double s = 0, d = 0;
    for (int i = 0; i < n; i++) { p[i] = exp(z[i]); s += p[i]; }
    for (int i = 0; i < n; i++) p[i] /= s;
    for (int i = 0; i < n; i++) d += p[i] * p_bar[i];
    for (int i = 0; i < n; i++) { z_bar[i] += p[i] * (p_bar[i] - d); p_bar[i] = 0; }
}
#pragma ad custom_vjp(soft, my_soft_vjp)

/* in-out: u <- u k + sin(u) */
void step(double *u, const double *k, int n)
{
    for (int i = 0; i < n; i++) u[i] = u[i] * k[i] + sin(u[i]);
}

int nstep;
void my_step_vjp(double *u, double *u_bar, const double *k, double *k_bar, int n)
{
    nstep++;
    for (int i = 0; i < n; i++) {
        double u0 = u[i];
        u[i] = u0 * k[i] + sin(u0);
        k_bar[i] += u0 * u_bar[i];
        u_bar[i] = (k[i] + cos(u0)) * u_bar[i];
    }
}
#pragma ad custom_vjp(step, my_step_vjp)

/* a scalar output through a pointer, and a returned value */
double sq2(double a, double *out)
{
    *out = a * a;
    return 3 * a;
}

int nsq;
double my_sq2_vjp(double a, double *a_bar, double *out, double *out_bar, double ret_bar)
{
    nsq++;
    *out = a * a;
    *a_bar += 2 * a * *out_bar + 3 * ret_bar;
    *out_bar = 0;
    return 3 * a;
}
#pragma ad custom_vjp(sq2, my_sq2_vjp)

double nll(const double *x, int n)
{
    double p[8];
    soft(x, p, n);
    return -log(p[0]);
}
#pragma ad grad(nll) wrt(x[n])
#pragma ad hessian(nll) wrt(x[4])

static double helper(const double *x, const double *k, int n)
{
    double s = 0, u[4];
    for (int i = 0; i < n; i++) u[i] = x[i] * 0.5;
    for (int t = 0; t < 3; t++) {
        step(u, k, n);
        double o;
        s += sq2(u[0], &o) + o * u[1];
    }
    return s;
}

double f(const double *x, const double *k, int n)
{
    double u[4] = {0};
    for (int i = 0; i < n; i++) u[i] = x[i];
    double s = helper(u, k, n) + helper(x, k, n);
    step(u, k, n);
    double o;
    s += sq2(u[1], &o) * o;
    for (int i = 0; i < n; i++) s += u[i] * u[i];
    return s;
}
#pragma ad grad(f) wrt(x[n], k[n])

void g(const double *x, double *y, int n)
{
    soft(x, y, n);
    for (int i = 0; i < n; i++) y[i] = y[i] * x[i];
}
#pragma ad vjp(g) wrt(x[n]) out(y[n])

#include "custom_vjp_output_pointer.ad.h"

static const double h = 1e-6;

int main(void)
{
    double x[4] = {0.5, -0.2, 0.1, 0.9}, gx[4], s = 0;
    for (int i = 0; i < 4; i++) s += exp(x[i]);
    nll_grad(x, gx, 4);
    for (int i = 0; i < 4; i++)
        CHECK_CLOSE("d nll / dx_i = p_i - [i == 0]", gx[i], exp(x[i]) / s - (i == 0), 1e-13, 1e-15);
    CHECK_EQ_INT("my_soft_vjp called once", nsoft, 1);
    double H[16];
    nll_hessian(x, 4, H);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double pi = exp(x[i]) / s, pj = exp(x[j]) / s;
            CHECK_CLOSE("hessian = diag(p) - p p^T", H[i * 4 + j], (i == j) * pi - pi * pj, 1e-12, 1e-14);
        }

    double u[4] = {0.3, -0.2, 0.5, 0.1}, k[4] = {0.9, 1.1, 0.7, 1.2}, gu[4], gk[4];
    f_grad(u, gu, k, gk, 4);
    for (int i = 0; i < 4; i++) {
        double p[4], m[4];
        for (int j = 0; j < 4; j++) p[j] = m[j] = u[j];
        p[i] += h;
        m[i] -= h;
        CHECK_CLOSE("df/du vs central difference", gu[i], (f(p, k, 4) - f(m, k, 4)) / (2 * h), 1e-6, 1e-8);
        for (int j = 0; j < 4; j++) p[j] = m[j] = k[j];
        p[i] += h;
        m[i] -= h;
        CHECK_CLOSE("df/dk vs central difference", gk[i], (f(u, p, 4) - f(u, m, 4)) / (2 * h), 1e-6, 1e-8);
    }
    CHECK_EQ_INT("my_step_vjp called 7 times", nstep, 7);
    CHECK_EQ_INT("my_sq2_vjp called 7 times", nsq, 7);

    double y[3], w[3] = {1, 2, -1}, yb[3] = {1, 2, -1}, xb[3] = {0, 0, 0};
    g_vjp(x, xb, y, yb, 3);
    for (int i = 0; i < 3; i++) {
        double p[3], m[3], yp[3], ym[3], fp = 0, fm = 0;
        for (int j = 0; j < 3; j++) p[j] = m[j] = x[j];
        p[i] += h;
        m[i] -= h;
        g(p, yp, 3);
        g(m, ym, 3);
        for (int j = 0; j < 3; j++) {
            fp += w[j] * yp[j];
            fm += w[j] * ym[j];
        }
        CHECK_CLOSE("w^T dg/dx vs central difference", xb[i], (fp - fm) / (2 * h), 1e-6, 1e-9);
        CHECK_CLOSE("the seed y_bar is zero on exit", yb[i], 0, 0, 0);
    }
    return oracle_result();
}
