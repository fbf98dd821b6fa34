/*
** grad/struct_self_assign: a struct element assigned from an element of
** the same array whose index may be equal at run time (arr[i] =
** arr[(i * 2) % 4]: i = 0 and i = 2 copy an element onto itself; a ring
** buffer of {s, q} accumulators compacted in place), also through a helper
** copy(&arr[i % 2], &arr[(i * i) % 2]) that does *d = *s (always the same
** element), and a struct with an array field. The adjoint of a struct copy
** that may overlap goes through a temporary, as a scalar's does:
**   Acc d = arr_bar[i]; arr_bar[i].s = 0; ...; arr_bar[j].s += d.s; ...
** Before, it added lhs_bar into rhs_bar, then zeroed lhs_bar: when both
** were the same element the adjoint was lost (grad (0, 0, ...)), silently.
** Oracles: closed forms (the copies only move values), checked against
** the same code on a double array.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double s, q; } Acc;
typedef struct { double v[3]; int tag; } Vec3;

double objs(const double *x, int n)
{
    Acc arr[4];
    for (int i = 0; i < 4; i++) { arr[i].s = x[i % n] * (i + 1); arr[i].q = x[(i + 1) % n]; }
    for (int i = 0; i < 3; i++)
        arr[i] = arr[(i * 2) % 4];
    return arr[0].s * arr[2].q + arr[1].s;
}

double objd(const double *x, int n)
{
    double arr[4];
    for (int i = 0; i < 4; i++) arr[i] = x[i % n] * (i + 1);
    for (int i = 0; i < 3; i++)
        arr[i] = arr[(i * 2) % 4];
    return arr[0] * arr[2] + arr[1];
}

static void copy(Acc *d, const Acc *s) { *d = *s; }

double objh(const double *x)
{
    Acc arr[2] = {{x[0], x[1]}, {x[2], x[3]}};
    for (int i = 0; i < 3; i++)
        copy(&arr[i % 2], &arr[(i * i) % 2]);
    return arr[0].s * arr[1].q;
}

double objv(const double *x, int n)
{
    Vec3 b[3];
    for (int k = 0; k < 3; k++) {
        for (int j = 0; j < 3; j++) b[k].v[j] = x[(k + j) % n] * (j + 1.0);
        b[k].tag = k;
    }
    for (int k = 0; k < 3; k++)
        b[k] = b[b[k].tag == 1 ? 1 : 0];   /* b[0] = b[0]; b[1] = b[1]; b[2] = b[0] */
    double s = 0.0;
    for (int k = 0; k < 3; k++) s += b[k].v[0] * b[k].v[2] + b[k].v[1];
    return s;
}

/* the source index read from the element overwritten: b[k] = b[b[k].tag] */
double objt(const double *x, int n)
{
    Vec3 b[3];
    for (int k = 0; k < 3; k++) {
        for (int j = 0; j < 3; j++) b[k].v[j] = x[(k + j) % n] * (j + 1.0);
        b[k].tag = (k + 1) % 3;
    }
    for (int k = 0; k < 3; k++)
        b[k] = b[b[k].tag];   /* b[0] = b1; b[1] = b[2] = b2; b[2] = b[b2.tag = 0] = b1 */
    double s = 0.0;
    for (int k = 0; k < 3; k++) s += b[k].v[0] * b[k].v[2] + (k + 1.0) * b[k].v[1];
    return s;
}

#pragma ad grad(objs) wrt(x[n])
#pragma ad grad(objd) wrt(x[n])
#pragma ad grad(objh) wrt(x[4])
#pragma ad grad(objv) wrt(x[n])
#pragma ad grad(objt) wrt(x[n])

#include "struct_self_assign.ad.h"

#define N 4

static void objt_y(void *ctx, const double *x, double *y) { (void)ctx; *y = objt(x, N); }

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8, 0.5}, g[N], want[N];
    /* after the loop: arr[0] = init[0], arr[1] = init[2], arr[2] = init[0]
    ** objs = x0 * x1 + 3 x2;   objd = x0 * x0 + 3 x2 */
    objs_grad(x, g, N);
    want[0] = x[1]; want[1] = x[0]; want[2] = 3.0; want[3] = 0.0;
    CHECK_VEC_CLOSE("grad struct", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    objd_grad(x, g, N);
    want[0] = 2.0 * x[0]; want[1] = 0.0; want[2] = 3.0; want[3] = 0.0;
    CHECK_VEC_CLOSE("grad double", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    /* objh: arr[0] = arr[0], arr[1] = arr[1], arr[0] = arr[0]: x0 * x3 */
    objh_grad(x, g);
    want[0] = x[3]; want[1] = 0.0; want[2] = 0.0; want[3] = x[0];
    CHECK_VEC_CLOSE("grad helper copy", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    /* objv: b[0] = b[0], b[1] = b[1], b[2] = b[0]; b[k].v = (x[k], 2 x[k+1], 3 x[k+2]):
    ** 2 (3 x0 x2 + 2 x1) + 3 x1 x3 + 2 x2 */
    objv_grad(x, g, N);
    want[0] = 6.0 * x[2]; want[1] = 4.0 + 3.0 * x[3]; want[2] = 6.0 * x[0] + 2.0; want[3] = 3.0 * x[1];
    CHECK_VEC_CLOSE("grad struct with an array field", g, want, N, ORACLE_RTOL_EXACT, 1e-14);
    objt_grad(x, g, N);
    oracle_fd_grad(objt_y, NULL, N, x, want);
    CHECK_VEC_CLOSE("grad source index read from the target (fd)", g, want, N, ORACLE_RTOL_FD, oracle_fd_atol(objt(x, N)));
    return oracle_result();
}
