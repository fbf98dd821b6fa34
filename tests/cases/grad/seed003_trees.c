// NO-STANDALONE-HEADER: anonymous struct typedefs (known open: header_anon_typedef_selfinclude)
/* seed 003 "grad over trees" in C: structs by value (Params *p_bar in grad,
   Params p_dot in jvp), nested structs, arrays of structs, struct with a pointer
   field sized by a member (wrt(x[L->n])), struct return with jacfwd/jvp; argnums. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double w[3]; double b; int tag; } Params;
typedef struct { Params l1; Params l2; double scale; } Model;
typedef struct { double x, v; double m; } Particle;
typedef struct { int n; double *w; } Layer;
typedef struct { double re, im; } Pair;

double lin(Params p, const double *x)
{
    double s = p.b;
    for (int i = 0; i < 3; i++) s += p.w[i] * x[i];
    return tanh(s);
}

double model(const Model *m, const double *x)
{
    double h = lin(m->l1, x);
    double z[3] = {h, h * h, x[0]};
    return m->scale * lin(m->l2, z);
}

double energy(const Particle *ps, int n)
{
    double e = 0;
    for (int i = 0; i < n; i++) e += 0.5 * ps[i].m * ps[i].v * ps[i].v + cos(ps[i].x);
    return e;
}

double layer_dot(const Layer *L, const double *x)
{
    double s = 0;
    for (int i = 0; i < L->n; i++) s += L->w[i] * sin(x[i]);
    return s;
}

Pair polar(double r, double th)
{
    Pair p = {r * cos(th), r * sin(th)};
    return p;
}

double g2(double x, double y) { return y * x * x + exp(x * y); }

#pragma ad grad(lin) wrt(p, x[3])
#pragma ad jvp(lin) wrt(p)
#pragma ad grad(model) wrt(m[1])
#pragma ad grad(energy) wrt(ps[n])
#pragma ad grad(layer_dot) wrt(x[L->n])
#pragma ad jacfwd(polar) out(return)
#pragma ad jacrev(polar) out(return)
#pragma ad jvp(polar) out(return)
#pragma ad grad(g2) wrt(y) name(g2_dy)
#pragma ad grad(g2) name(g2_dxy)

#include "seed003_trees.ad.h"

static double fd_model(Model *m, const double *x, double *slot)
{
    double h = 1e-6 * fmax(1, fabs(*slot)), s = *slot;
    *slot = s + h; double fp = model(m, x);
    *slot = s - h; double fm = model(m, x);
    *slot = s;
    return (fp - fm) / (2 * h);
}

int main(void)
{
    const double x[3] = {0.3, -0.8, 1.1};
    Params p = {{0.5, -0.25, 0.75}, 0.1, 42};
    Params pb, xb_dummy;
    double xb[3];
    memset(&pb, 0x7f, sizeof pb);
    (void)xb_dummy;
    double f0 = lin_grad(p, &pb, x, xb);
    CHECK_CLOSE("lin primal", f0, lin(p, x), 0, 0);
    double sech2 = 1 - f0 * f0;
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("lin dw", pb.w[i], sech2 * x[i], 1e-12, 1e-14);
        CHECK_CLOSE("lin dx", xb[i], sech2 * p.w[i], 1e-12, 1e-14);
    }
    CHECK_CLOSE("lin db", pb.b, sech2, 1e-12, 1e-14);
    Params pd = {{1, 0, 0}, 2, 7};
    double t;
    lin_jvp(p, pd, x, &t);
    CHECK_CLOSE("lin jvp struct tangent", t, sech2 * (x[0] + 2), 1e-12, 1e-14);

    Model m = {{{0.5, -0.25, 0.75}, 0.1, 1}, {{-0.3, 0.6, 0.2}, -0.05, 2}, 1.7};
    Model mb;
    model_grad(&m, &mb, x);
    CHECK_CLOSE("model dscale", mb.scale, fd_model(&m, x, &m.scale), 1e-6, 1e-8);
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("model dl1.w", mb.l1.w[i], fd_model(&m, x, &m.l1.w[i]), 1e-6, 1e-8);
        CHECK_CLOSE("model dl2.w", mb.l2.w[i], fd_model(&m, x, &m.l2.w[i]), 1e-6, 1e-8);
    }
    CHECK_CLOSE("model dl1.b", mb.l1.b, fd_model(&m, x, &m.l1.b), 1e-6, 1e-8);
    CHECK_CLOSE("model dl2.b", mb.l2.b, fd_model(&m, x, &m.l2.b), 1e-6, 1e-8);

    Particle ps[3] = {{0.1, 1, 2}, {0.2, -1, 3}, {1.3, 0.5, 0.5}}, psb[3];
    memset(psb, 0x7f, sizeof psb);
    energy_grad(ps, psb, 3);
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("energy dx", psb[i].x, -sin(ps[i].x), 1e-12, 1e-14);
        CHECK_CLOSE("energy dv", psb[i].v, ps[i].m * ps[i].v, 1e-12, 1e-14);
        CHECK_CLOSE("energy dm", psb[i].m, 0.5 * ps[i].v * ps[i].v, 1e-12, 1e-14);
    }

    double w[4] = {1, 2, 3, 4}, xx[4] = {0.1, 0.2, 0.3, 0.4}, xxb[4] = {9, 9, 9, 9};
    Layer L = {4, w};
    layer_dot_grad(&L, xx, xxb);
    for (int i = 0; i < 4; i++) CHECK_CLOSE("layer dx", xxb[i], w[i] * cos(xx[i]), 1e-12, 1e-14);

    double J[4], Jr[4];
    Pair pp = polar_jacfwd(2.0, 0.6, J);
    polar_jacrev(2.0, 0.6, Jr);
    const double Jw[4] = {cos(0.6), -2 * sin(0.6), sin(0.6), 2 * cos(0.6)};
    CHECK_CLOSE("polar primal", pp.re, 2 * cos(0.6), 1e-15, 0);
    CHECK_VEC_CLOSE("polar jacfwd", J, Jw, 4, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("polar jacrev", Jr, Jw, 4, 1e-12, 1e-14);
    Pair pdot;
    polar_jvp(2.0, 1.0, 0.6, 0.0, &pdot);
    CHECK_CLOSE("polar jvp re", pdot.re, cos(0.6), 1e-12, 0);
    CHECK_CLOSE("polar jvp im", pdot.im, sin(0.6), 1e-12, 0);

    double dy = 0, dx = 0, dy2 = 0;
    g2_dy(2.0, 0.5, &dy);
    CHECK_CLOSE("argnums=1", dy, 4 + 2 * exp(1.0), 1e-12, 0);
    g2_dxy(2.0, &dx, 0.5, &dy2);
    CHECK_CLOSE("argnums=(0,1) dx", dx, 2 * 0.5 * 2 + 0.5 * exp(1.0), 1e-12, 0);
    CHECK_CLOSE("argnums=(0,1) dy", dy2, 4 + 2 * exp(1.0), 1e-12, 0);
    return oracle_result();
}
