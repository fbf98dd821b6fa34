/* Sizes holding sizeof of a type name (manual: "use sizeof of a basic type,
** of an array of one, of a typedef name, of an object-like macro naming a
** type"): sizeof(double[NPTS]) was printed verbatim into FILE.ad.c, where
** the macro NPTS is not defined (it did not compile), and sizeof(Arr) for
** typedef double Arr[NPTS] was refused as "'Arr' is not a parameter". Each
** request sizes x as 3 elements in another spelling; every gradient must
** be 2 x (exact), with g[3], past the size, left alone by every variant.
*/
#include "ccad_oracle.h"

#define NPTS 3
#define REAL double
typedef double Arr[NPTS];
typedef REAL Mat[2][NPTS];

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < NPTS; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[sizeof(double[NPTS]) / sizeof(double)])
#pragma ad grad(f) wrt(x[sizeof(Arr) / sizeof(REAL)]) name(f_grad_arr)
#pragma ad grad(f) wrt(x[sizeof(Mat) / sizeof(double[2])]) name(f_grad_mat)

#include "size_sizeof_macro_type.ad.h"

int main(void)
{
    double x[NPTS] = {1, -2, 0.5}, want[NPTS + 1] = {2, -4, 1, 7};
    double (*grads[3])(const double *, double *) = {f_grad, f_grad_arr, f_grad_mat};
    for (int k = 0; k < 3; k++) {
        double g[NPTS + 1] = {7, 7, 7, 7};
        grads[k](x, g);
        CHECK_VEC_CLOSE("grad, and g[3] untouched", g, want, NPTS + 1, 1e-15, 0);
    }
    return oracle_result();
}
