// EXPECT-EXIT: 0
// EXPECT-DIAG: float_to_int
// EXPECT-STDERR: FILE:18:13: warning: the index this conversion to an integer computes carries no derivative
/* genann's sigmoid lookup table: the index computed from the input carries
** no derivative, so the gradient through the table is zero. A warning at
** the conversion; the trip count computed the same way below is quiet. */
#include <math.h>

#define LOOKUP_SIZE 4096
static const double lookup_lo = -15.0, lookup_hi = 15.0;
double lookup[LOOKUP_SIZE];

double sigmoid_cached(double a)
{
    if (a < lookup_lo) return lookup[0];
    if (a >= lookup_hi) return lookup[LOOKUP_SIZE - 1];
    double interval = LOOKUP_SIZE / (lookup_hi - lookup_lo);
    int j = (int)((a - lookup_lo) * interval + 0.5);
    return lookup[j];
}

double loss(const double *w, int n)
{
    double s = 0.0;
    for (int k = 0; k < (int)fabs(w[0]) + n; k++) s += sigmoid_cached(w[k % n]) * w[k % n];
    return s;
}
#pragma ad grad(loss) wrt(w[n])
