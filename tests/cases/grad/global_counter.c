/*
** grad/global_counter: file-scope integers the differentiated function
** updates, as instrumented numerical code does: an evaluation counter
** (nfev++, as MINPACK's drivers count calls) and a state that the
** computation reads (a scale bumped each call and used as a weight). The
** backward sweep undid the counter (nfev--) and restored the saved scale,
** so after grad both held their values from before the call: calls that
** carry no derivative must run as often as in the original, and the
** caller's memory end as the primal leaves it. Oracles: the globals after
** the primal and after grad/vjp, central differences of the gradient.
*/
#include <math.h>

#include "ccad_oracle.h"

int nfev;
int scale = 1;

double energy(const double *x, int n)
{
    double e = 0.0;
    nfev++;
    for (int i = 0; i < n; i++) {
        scale = scale * 3 % 7 + 1;
        e += scale * x[i] * x[i] + sin(x[i]);
        nfev += 1;
    }
    return e;
}

#pragma ad grad(energy) wrt(x[n])
#pragma ad vjp(energy) wrt(x[n])

#include "global_counter.ad.h"

enum { N = 4 };

int main(void)
{
    double x[N] = {0.3, -1.1, 0.8, 2.0}, g[N], xb[N] = {0}, h = 1e-6;
    int s0 = scale;
    double want = energy(x, N);
    int nfev1 = nfev, scale1 = scale;
    scale = s0;
    CHECK_CLOSE("grad value", energy_grad(x, g, N), want, 1e-15, 0);
    oracle_check_eq_long("nfev after grad", nfev, 2L * nfev1);
    oracle_check_eq_long("scale after grad", scale, scale1);
    for (int i = 0; i < N; i++) {
        double t = x[i];
        scale = s0;
        x[i] = t + h;
        double fp = energy(x, N);
        scale = s0;
        x[i] = t - h;
        double fm = energy(x, N);
        x[i] = t;
        CHECK_CLOSE("grad vs fd", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
    }
    int before = nfev;
    scale = s0;
    energy_vjp(x, xb, N, 2.0);
    oracle_check_eq_long("nfev after vjp", nfev, before + nfev1);
    oracle_check_eq_long("scale after vjp", scale, scale1);
    oracle_check_vec("vjp = 2 grad", xb, (double[N]){2 * g[0], 2 * g[1], 2 * g[2], 2 * g[3]}, N, 1e-15, 0);
    return oracle_result();
}
