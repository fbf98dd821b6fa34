// NO-STANDALONE-HEADER: Mat is an anonymous struct typedef, as in Tsoding's nn.h
// EXPECT-WARNING: zeroes the floating fields of
/* A view constructor over a struct passed by value, written as nn.h writes
** mat_row: `return (Mat){ .rows = 1, ..., .es = &m.es[r * m.stride] };`
** (a compound literal, designated initialisers, the address of an element
** behind the struct's pointer). `&m.es[i]` takes the address of memory m.es
** leads to, not of m, so m is not copied into a local and the constructor is
** inlined at its call like `m.es + r * m.stride` (it was refused: "'row_lit'
** returns a struct that holds pointers to floating data"); also `&q.p->w`.
** Oracles: closed forms (1e-15); jvp against grad by dot product. */
#include <stddef.h>
#include "ccad_oracle.h"

typedef struct { size_t rows, cols, stride; double *es; } Mat;
typedef struct { double w; } Cell;
typedef struct { Cell *p; double *v; } Holder;

Mat row_lit(Mat m, size_t r) { return (Mat){ .rows = 1, .cols = m.cols, .stride = m.stride, .es = &m.es[r * m.stride] }; }
Mat row_decl(Mat m, size_t r) { Mat s = { 1, m.cols, m.stride, &m.es[r * m.stride] }; return s; }
Holder shift(Holder q) { Holder h = { q.p, &q.p->w }; return h; }

double f(Mat m, Holder q)
{
    Mat a = row_lit(m, 1), b = row_decl(m, 2);
    Holder h = shift(q);
    double s = 0;
    for (size_t j = 0; j < a.cols; j++) s += a.es[j] * b.es[j];
    return s + *h.v * h.p->w;
}
#pragma ad grad(f) wrt(m, q)
#pragma ad jvp(f) wrt(m, q)

#include "view_ctor_addr_elem.ad.h"

int main(void)
{
    double es[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, eb[9] = {0}, ed[9], s0;
    Cell c = {1.5}, cb = {0}, cd = {0.25};
    Mat m = {3, 3, 3, es}, mb = {3, 3, 3, eb}, md = {3, 3, 3, ed};
    Holder q = {&c, NULL}, qb = {&cb, NULL}, qd = {&cd, NULL};
    s0 = f_grad(m, &mb, q, &qb);
    CHECK_CLOSE("primal", s0, 4 * 7 + 5 * 8 + 6 * 9 + 1.5 * 1.5, 1e-15, 0);
    for (int j = 0; j < 3; j++) {
        CHECK_CLOSE("d/d row 1", eb[3 + j], es[6 + j], 1e-15, 0);
        CHECK_CLOSE("d/d row 2", eb[6 + j], es[3 + j], 1e-15, 0);
        CHECK_CLOSE("d/d row 0", eb[j], 0, 0, 0);
    }
    CHECK_CLOSE("d/d cell", cb.w, 2 * 1.5, 1e-15, 0);
    double dot = 0.25 * cb.w, sd = 0;
    for (int i = 0; i < 9; i++) { ed[i] = 0.1 * i - 0.3; dot += ed[i] * eb[i]; }
    f_jvp(m, md, q, qd, &sd);
    CHECK_CLOSE("jvp . dot", sd, dot, 1e-14, 1e-15);
    return oracle_result();
}
