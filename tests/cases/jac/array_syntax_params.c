/* parameters declared with array syntax, as much C numerical code writes them:
   const double x[3], double y[static 2], int n, const double v[n], a restrict
   qualifier, const double M[n][n]; grad/jvp/vjp/jacfwd/hessian/vmap with the sizes
   written in the clauses; closed forms. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

void rot(const double x[3], double th, double y[static 2])
{
    y[0] = cos(th) * x[0] - sin(th) * x[1] + x[2];
    y[1] = sin(th) * x[0] + cos(th) * x[1] - x[2];
}

double quad(int n, const double v[n], const double M[n][n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) s += v[i] * M[i][j] * v[j];
    return s;
}

double dotr(int n, const double *restrict a, const double *restrict b)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i] * a[i];
    return s;
}

#pragma ad jacfwd(rot) wrt(x[3], th) out(y[2])
#pragma ad jacrev(rot) wrt(x[3], th) out(y[2])
#pragma ad vjp(rot) wrt(x[3], th) out(y[2])
#pragma ad grad(quad) wrt(v[n], M[n][n])
#pragma ad hessian(quad) wrt(v[n])
#pragma ad jvp(quad)
#pragma ad grad(dotr) wrt(a[n])
#pragma ad vmap(dotr_grad) batch(a[n], a_bar[n])

#include "array_syntax_params.ad.h"

int main(void)
{
    const double x[3] = {0.5, -1.0, 2.0}, th = 0.3;
    double y[2], J[8], Jr[8];
    const double Jw[8] = {cos(th), -sin(th), 1, -sin(th) * x[0] - cos(th) * x[1],
                          sin(th), cos(th), -1, cos(th) * x[0] - sin(th) * x[1]};
    rot_jacfwd(x, th, y, J);
    rot_jacrev(x, th, y, Jr);
    CHECK_VEC_CLOSE("jacfwd array params", J, Jw, 8, 1e-12, 1e-14);
    CHECK_VEC_CLOSE("jacrev array params", Jr, Jw, 8, 1e-12, 1e-14);
    double xb[3] = {0}, thb = 0, yb[2] = {1, 2};
    rot_vjp(x, xb, th, &thb, y, yb);
    CHECK_CLOSE("vjp th", thb, Jw[3] + 2 * Jw[7], 1e-12, 1e-14);
    enum { N = 3 };
    const double v[N] = {1, -2, 0.5}, M[N][N] = {{2, 1, 0}, {0, 3, -1}, {1, 0, 1}};
    double vb[N], Mb[N][N], H[N * N];
    quad_grad(N, v, vb, M, Mb);
    for (int i = 0; i < N; i++) {
        double w = 0;
        for (int j = 0; j < N; j++) {
            w += (M[i][j] + M[j][i]) * v[j];
            CHECK_CLOSE("d/dM", Mb[i][j], v[i] * v[j], 1e-14, 0);
            H[0] = 0;
        }
        CHECK_CLOSE("d/dv", vb[i], w, 1e-14, 0);
    }
    quad_hessian(N, v, M, H);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) CHECK_CLOSE("hessian", H[i * N + j], M[i][j] + M[j][i], 1e-14, 0);
    double vd[N] = {1, 0, 0}, Md[N][N] = {{0}}, t;
    Md[1][1] = 1;
    quad_jvp(N, v, vd, M, Md, &t);
    CHECK_CLOSE("jvp wrt v and M", t, vb[0] + v[1] * v[1], 1e-14, 0);
    double a[6] = {1, 2, 3, 4, 5, 6}, b[3] = {0.5, 0.25, 2}, AB[6], R[2];
    dotr_grad_vmap(2, 3, a, AB, b, R);
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < 3; i++) CHECK_CLOSE("vmap restrict a_bar", AB[3 * k + i], 2 * a[3 * k + i] * b[i], 1e-14, 0);
    return oracle_result();
}
