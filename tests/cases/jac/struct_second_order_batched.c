/* structs in second-order and batched modes: hessian and jacfwd over a struct by
   value (its floating fields in order, int field skipped), hvp with a struct
   direction, vmap over an array of struct values (batch(p)), vmap(f_grad) with the
   struct shadow batched, jacrev of a struct return wrt an array of structs. */
// NO-STANDALONE-HEADER: anonymous struct typedefs (known open: header_anon_typedef_selfinclude)
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct { double k; int id; double c[2]; } Par;
typedef struct { double x, y; } V2;

double en(Par p, double t)
{
    return p.k * sin(p.c[0] * t) + p.c[1] * p.c[1] * p.k + t * t * p.c[0];
}

V2 centroid(const V2 *pts, const double *w, int n)
{
    V2 c = {0, 0};
    double ws = 0;
    for (int i = 0; i < n; i++) { c.x += w[i] * pts[i].x; c.y += w[i] * pts[i].y; ws += w[i]; }
    c.x /= ws; c.y /= ws;
    return c;
}

#pragma ad hessian(en) wrt(p, t)
#pragma ad jacfwd(en) wrt(p, t)
#pragma ad hvp(en) wrt(p, t)
#pragma ad vmap(en) batch(p)
#pragma ad grad(en) wrt(p, t)
#pragma ad vmap(en_grad) batch(p, t)
#pragma ad jacrev(centroid) wrt(pts[n], w[n]) out(return)
#pragma ad jacfwd(centroid) wrt(pts[n], w[n]) out(return)

#include "struct_second_order_batched.ad.h"

int main(void)
{
    Par p = {1.5, 9, {0.7, -0.4}};
    double t = 0.8;
    double k = p.k, a = p.c[0], b = p.c[1];
    /* variables (k, a, b, t) */
    double s = sin(a * t), c = cos(a * t);
    const double gw[4] = {s + b * b, k * t * c + t * t, 2 * b * k, k * a * c + 2 * t * a};
    const double Hw[16] = {0, t * c, 2 * b, a * c,
                           t * c, -k * t * t * s, 0, k * c - k * a * t * s + 2 * t,
                           2 * b, 0, 2 * k, 0,
                           a * c, k * c - k * a * t * s + 2 * t, 0, -k * a * a * s + 2 * a};
    double H[16], J[4];
    en_hessian(p, t, H);
    CHECK_VEC_CLOSE("hessian over struct fields + scalar", H, Hw, 16, 1e-12, 1e-14);
    en_jacfwd(p, t, J);
    CHECK_VEC_CLOSE("jacfwd over struct fields", J, gw, 4, 1e-12, 1e-14);
    Par pv = {0.5, 123, {-1.0, 2.0}}, phv;
    double thv;
    en_hvp(p, &pv, &phv, t, 0.25, &thv); /* man: a struct by value takes const S *p_v */
    const double v[4] = {0.5, -1.0, 2.0, 0.25};
    double Hv[4] = {0};
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) Hv[i] += Hw[i * 4 + j] * v[j];
    CHECK_CLOSE("hvp struct k", phv.k, Hv[0], 1e-12, 1e-14);
    CHECK_CLOSE("hvp struct c0", phv.c[0], Hv[1], 1e-12, 1e-14);
    CHECK_CLOSE("hvp struct c1", phv.c[1], Hv[2], 1e-12, 1e-14);
    CHECK_CLOSE("hvp t", thv, Hv[3], 1e-12, 1e-14);
    Par P[3] = {p, {2, 1, {0.1, 0.2}}, {-1, 2, {1.1, 0.3}}}, PB[3];
    double R[3], T[3] = {0.8, 0.1, -0.5}, TB[3];
    en_vmap(3, P, t, R);
    for (int i = 0; i < 3; i++) CHECK_CLOSE("vmap struct by value", R[i], en(P[i], t), 0, 0);
    en_grad_vmap(3, P, PB, T, TB, R);
    for (int i = 0; i < 3; i++) {
        Par pb; double tb;
        double r = en_grad(P[i], &pb, T[i], &tb);
        CHECK_CLOSE("vmap(grad) ret", R[i], r, 0, 0);
        CHECK_TRUE("vmap(grad) struct shadow", PB[i].k == pb.k && PB[i].c[0] == pb.c[0] && PB[i].c[1] == pb.c[1]);
        CHECK_CLOSE("vmap(grad) t_bar", TB[i], tb, 0, 0);
    }
    V2 pts[3] = {{0, 1}, {2, -1}, {1, 3}};
    double w[3] = {1, 2, 0.5}, Jr[2 * 9], Jf[2 * 9];
    V2 cc = centroid_jacrev(pts, w, 3, Jr);
    centroid_jacfwd(pts, w, 3, Jf);
    double W = 3.5;
    /* columns: p0.x p0.y p1.x p1.y p2.x p2.y w0 w1 w2 ; rows: c.x, c.y */
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("d cx / d px", Jr[2 * i], w[i] / W, 1e-12, 1e-14);
        CHECK_CLOSE("d cx / d py", Jr[2 * i + 1], 0, 0, 1e-14);
        CHECK_CLOSE("d cy / d py", Jr[9 + 2 * i + 1], w[i] / W, 1e-12, 1e-14);
        CHECK_CLOSE("d cx / d w", Jr[6 + i], (pts[i].x - cc.x) / W, 1e-12, 1e-14);
        CHECK_CLOSE("d cy / d w", Jr[9 + 6 + i], (pts[i].y - cc.y) / W, 1e-12, 1e-14);
    }
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, 18, 1e-12, 1e-14);
    return oracle_result();
}
