// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** roundtrip/omp_private_copies: a parallel loop whose private(t, acc) and
** firstprivate(q) variables are declared outside it, set before and read
** after it (C89 style). The front end lowers the loop onto copies made for
** it (double t_2; Pt q_2 = q;, listed in the clauses instead), so that a
** derivative run on one thread keeps the clauses' meaning; fit_primal must
** return what fit returns and write the same y, bitwise, under 1 to 3
** threads.
*/
#include <math.h>
#include <omp.h>
#include <stdio.h>
typedef struct { double w, b; } Pt;
double fit(const double *x, double *y, int n, double c)
{
    double t, acc[2], a = 0.0;
    Pt p = {c, 0.5}, q = {c * c, 0.25};
    int i;
    t = x[0] * c;
    acc[0] = x[1];
    acc[1] = x[2] * c;
#pragma omp parallel for private(t, acc) firstprivate(p, q) reduction(+:a)
    for (i = 0; i < n; i++) {
        t = sin(x[i]) * p.w;
        acc[0] = t * x[i];
        acc[1] = acc[0] + p.b;
        q.b = x[i] * q.w;
        y[i] = acc[1] * acc[1] + q.b;
        a += t * t;
    }
    return a + t * x[1] + acc[0] * acc[1] + q.b;
}
#pragma ad jvp(fit) wrt(x[n], c) out(y[n], return)
#include "omp_private_copies.ad.h"
int main(void)
{
    double x[9], y1[9], y2[9];
    int bad = 0;
    for (int i = 0; i < 9; i++) x[i] = 0.1 * i - 0.4;
    for (int th = 1; th <= 3; th++) {
        omp_set_num_threads(th);
        double a = fit(x, y1, 9, 0.7), b = fit_primal(x, y2, 9, 0.7);
        if (a != b) bad++;
        for (int i = 0; i < 9; i++) if (y1[i] != y2[i]) bad++;
    }
    printf("roundtrip mismatches: %d\n", bad);
    return bad != 0;
}
