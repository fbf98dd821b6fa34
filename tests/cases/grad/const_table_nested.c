/*
** grad/const_table_nested: file-scope const tables written with chains of
** designators, as stencil and coefficient tables are: [1][2] = v in a
** matrix, [1].w[1] = v in an array of structs, and a designated row that
** is a braced list with a designator of its own. cc-ad refused each chain
** ("this expression cannot be differentiated"). FILE.ad.c writes the
** tables fully braced and positional. Oracle: the quadratic form's
** gradient in closed form, (A + A^T) x plus the layers' terms, from the
** same tables read by the compiler.
*/
#include <math.h>

#include "ccad_oracle.h"

static const double A[3][3] = {[0][0] = 2.0, [1][2] = 4.0, [2] = {1.0, [2] = 3.0}, [0][1] = -1.5};

typedef struct {
    double w[2];
    double b;
} Layer;

static const Layer L[2] = {[1].w[1] = 0.5, [0] = {.w = {1.0, 2.0}, .b = 0.1}, [1].b = -0.2};

double f(const double *x)
{
    double s = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            s += A[i][j] * x[i] * x[j];
    for (int k = 0; k < 2; k++)
        s += L[k].w[0] * x[0] + L[k].w[1] * sin(x[1]) + L[k].b;
    return s;
}

#pragma ad grad(f) wrt(x[3])

#include "const_table_nested.ad.h"

int main(void)
{
    double x[3] = {0.7, -0.4, 1.3}, g[3], want[3] = {0, 0, 0};
    CHECK_CLOSE("grad value", f_grad(x, g), f(x), 1e-15, 0);
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            want[i] += (A[i][j] + A[j][i]) * x[j];
    for (int k = 0; k < 2; k++) {
        want[0] += L[k].w[0];
        want[1] += L[k].w[1] * cos(x[1]);
    }
    /* the tables as C reads them: the oracle does not depend on cc-ad's copy */
    CHECK_CLOSE("A[1][2]", A[1][2], 4.0, 0, 0);
    CHECK_CLOSE("A[0][1]", A[0][1], -1.5, 0, 0);
    CHECK_CLOSE("L[1].w[1]", L[1].w[1], 0.5, 0, 0);
    CHECK_VEC_CLOSE("grad", g, want, 3, 1e-14, 1e-15);
    return oracle_result();
}
