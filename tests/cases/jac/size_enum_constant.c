/*
** jac/size_enum_constant: sizes in clauses that name file-scope enumeration
** constants (enum { NN = 3 }; and one in a typedef'd enum), the usual C
** spelling of a compile-time size next to #define. They were refused
** ("'MM' is not a parameter of the function"); the contract's sizes are C
** expressions. Oracles: grad and jacfwd (a 1 x 16 matrix) against central
** differences (ORACLE_RTOL_FD), and the jacfwd row equals the gradient.
*/
#include <math.h>
#include "ccad_oracle.h"

enum { NN = 3 };
typedef enum { MM = 4, UNUSED_SIZE } Dims;

double quad(int n, int m, const double *A, const double *x)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) s += A[i * m + j] * x[j] * sin(x[(i + j) % m]);
    return s;
}

#pragma ad grad(quad) wrt(A[NN * MM], x[MM])
#pragma ad jacfwd(quad) wrt(A[NN*MM], x[m])

#include "size_enum_constant.ad.h"

enum { NI = NN * MM + MM };

static void flat(void *ctx, const double *v, double *y)
{
    (void)ctx;
    y[0] = quad(NN, MM, v, v + NN * MM);
}

int main(void)
{
    double v[NI], g[NI], gfd[NI], J[NI];
    for (int i = 0; i < NI; i++) v[i] = sin(i + 0.5);
    oracle_fd_grad(flat, 0, NI, v, gfd);
    quad_grad(NN, MM, v, g, v + NN * MM, g + NN * MM);
    CHECK_VEC_CLOSE("grad", g, gfd, NI, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    quad_jacfwd(NN, MM, v, v + NN * MM, J);
    CHECK_VEC_CLOSE("jacfwd", J, g, NI, ORACLE_RTOL_EXACT, 1e-14);
    return oracle_result();
}
