/* requests on static functions and inline functions, a request written before the
   function is defined, prototypes first and definitions after main; generated
   functions called from FILE.c. */
#include <math.h>
#include "ccad_oracle.h"

#pragma ad grad(sq_sum) wrt(x[n])
#pragma ad jvp(logcosh)

static double sq_sum(const double *x, int n);
static inline double logcosh(double v) { return log(cosh(v)); }
double use(const double *x, int n);

#include "static_request_before_definition.ad.h"

int main(void)
{
    double x[3] = {1, -2, 0.5}, g[3];
    double f = sq_sum_grad(x, g, 3);
    CHECK_CLOSE("primal", f, use(x, 3), 0, 0);
    for (int i = 0; i < 3; i++) CHECK_CLOSE("grad static", g[i], 2 * x[i] + tanh(x[i]), 1e-14, 0);
    double t;
    logcosh_jvp(0.7, 2.0, &t);
    CHECK_CLOSE("jvp static inline", t, 2 * tanh(0.7), 1e-14, 0);
    return oracle_result();
}

static double sq_sum(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += x[i] * x[i] + logcosh(x[i]);
    return s;
}

double use(const double *x, int n) { return sq_sum(x, n); }
