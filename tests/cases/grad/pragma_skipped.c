/*
** grad/pragma_skipped: pragmas in lines the preprocessor skips are not
** there, as for the compiler: an OpenMP loop pragma under an #ifdef the build
** does not define (cc-ad once warned that it ignores it, and with -fopenmp
** refused it as an unknown construct), a request under #if 0 naming a
** function that does not exist (once an error), and requests in the two
** branches of an #ifdef/#else, of which only the #else one is made.
** Oracle: central differences.
*/
#include <math.h>

#include "ccad_oracle.h"

double f(const double *x, int n)
{
    double s = 0;
#ifdef USE_OPENMP
#pragma omp parallel for reduction(+:s)
#endif
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[(i + 1) % n];
    return s;
}

#if 0
#pragma ad grad(no_such_function) wrt(x[n])
#endif

#ifdef NO_SUCH_MACRO
#pragma ad grad(f) wrt(x[n]) name(f_gradient_variant)
#else
#pragma ad grad(f) wrt(x[n])
#endif

#include "pragma_skipped.ad.h"

enum { N = 5 };

int main(void)
{
    double x[N] = {0.3, -1.2, 0.7, 2.1, -0.4}, g[N], h = 1e-6;
    CHECK_CLOSE("grad value", f_grad(x, g, N), f(x, N), 1e-15, 0);
    for (int i = 0; i < N; i++) {
        double t = x[i];
        x[i] = t + h;
        double fp = f(x, N);
        x[i] = t - h;
        double fm = f(x, N);
        x[i] = t;
        CHECK_CLOSE("grad vs fd", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
