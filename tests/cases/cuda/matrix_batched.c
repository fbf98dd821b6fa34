/* cuda of matrix derivatives: cuda(hessian(f)) and cuda(f_jacfwd) batch their
   matrix (each element its own); f_cuda returns int (an error code without a device);
   the per-element host path equals the unbatched function bitwise. */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(x[i]) * x[(i + 1) % n];
    return s;
}

#pragma ad cuda(hessian(f)) wrt(x[n]) batch(x[n])
#pragma ad jacfwd(f) wrt(x[n])
#pragma ad cuda(f_jacfwd) batch(x[n])

#include "matrix_batched.ad.h"

enum { B = 3, N = 4 };
int main(void)
{
    double X[B * N], H[B * N * N], J[B * N], R[B];
    for (int i = 0; i < B * N; i++) X[i] = 0.1 * i - 0.5;
    f_hessian_cuda_host(B, X, N, H, R);
    f_jacfwd_cuda_host(B, X, N, J, R);
    for (int b = 0; b < B; b++) {
        double H1[N * N], J1[N];
        CHECK_CLOSE("ret", R[b], f_hessian(X + b * N, N, H1), 0, 0);
        f_jacfwd(X + b * N, N, J1);
        CHECK_VEC_CLOSE("cuda(hessian) host", H + b * N * N, H1, N * N, 0, 0);
        CHECK_VEC_CLOSE("cuda(jacfwd) host", J + b * N, J1, N, 0, 0);
    }
    int rc = f_jacfwd_cuda(B, X, N, J, R);
    CHECK_TRUE("f_cuda returns an int status", rc == 0 || rc != 0);
    return oracle_result();
}
