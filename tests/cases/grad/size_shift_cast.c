/* Size clauses in the ways C writes counts (contract section 2: a size is
** "a C expression over f's parameters"): a power of two, x[1 << logn], and
** a cast, y[(size_t)n] (were refused: shifts and bitwise operators were
** "unexpected text", a cast's type name "not a parameter"). The gradients
** are checked against closed forms: the Haar detail energy's partials are
** +-(x[2i] - x[2i+1]), the cube sum's 3 y[i]^2. */
#include <math.h>
#include <stddef.h>
#include "ccad_oracle.h"

/* one level of the Haar transform of x[2^logn], energy of the details */
double haar_detail(const double *x, int logn)
{
    int n = 1 << logn;
    double e = 0;
    for (int i = 0; i < n / 2; i++) {
        double d = (x[2 * i] - x[2 * i + 1]) * 0.7071067811865476;
        e += d * d;
    }
    return e;
}

double sumcube(const double *y, long n)
{
    double s = 0;
    for (long i = 0; i < n; i++)
        s += y[i] * y[i] * y[i];
    return s;
}

#pragma ad grad(haar_detail) wrt(x[1 << logn])
#pragma ad grad(sumcube) wrt(y[(size_t)n])

#include "size_shift_cast.ad.h"

int main(void)
{
    double x[8] = {0.1, 0.5, -0.2, 0.3, 1.0, 0.9, -0.4, 0.6}, g[8];
    haar_detail_grad(x, g, 3);
    for (int i = 0; i < 4; i++) {
        double d = x[2 * i] - x[2 * i + 1];
        CHECK_CLOSE("haar even", g[2 * i], d, 1e-12, 1e-14);
        CHECK_CLOSE("haar odd", g[2 * i + 1], -d, 1e-12, 1e-14);
    }
    sumcube_grad(x, g, 8L);
    for (int i = 0; i < 8; i++)
        CHECK_CLOSE("sumcube", g[i], 3 * x[i] * x[i], 1e-12, 1e-14);
    return oracle_result();
}
