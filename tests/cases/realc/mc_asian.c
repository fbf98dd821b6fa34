// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/mc_asian: a Monte Carlo price of an arithmetic Asian call as finance
** code in C writes it: a Marsaglia polar (Box-Muller) normal generator whose
** spare value lives in static locals (static int have; static double spare;)
** over rand_r with a caller-owned seed, GBM paths, max(avg - K, 0) (the kink:
** pathwise derivative of the branch taken), discounting.
** Requests: grad (pathwise delta, vega, rho) wrt (S0, sigma, r); jacfwd of the
** price and the mean path average wrt the same three.
** Oracles: central differences with common random numbers (the seed reset per
** call; h = 1e-6, rtol 1e-5: paths near the kink do not switch for such h);
** jacfwd row 0 = grad (1e-12).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

/* EDIT: the generator kept its spare normal in static locals (static int have;
   static double spare;), which cc-ad refuses: the generated file's copy of a
   static function cannot share them; the state moved to file scope, as the
   error message says. */
int gauss_have = 0;
double gauss_spare;
static double gaussian(unsigned int *seed)
{
    if (gauss_have) { gauss_have = 0; return gauss_spare; }
    double u, v, s;
    do {
        u = 2.0 * rand_r(seed) / RAND_MAX - 1.0;
        v = 2.0 * rand_r(seed) / RAND_MAX - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    s = sqrt(-2.0 * log(s) / s);
    gauss_spare = v * s;
    gauss_have = 1;
    return u * s;
}

void asian(double S0, double sigma, double r, double K, double T, int nsteps, int npaths,
           unsigned int seed, double *out)
{
    double dt = T / nsteps, payoff = 0.0, avgsum = 0.0;
    unsigned int st = seed;
    for (int p = 0; p < npaths; p++) {
        double S = S0, sum = 0.0;
        for (int k = 0; k < nsteps; k++) {
            double z = gaussian(&st);
            S *= exp((r - 0.5 * sigma * sigma) * dt + sigma * sqrt(dt) * z);
            sum += S;
        }
        double avg = sum / nsteps;
        avgsum += avg;
        if (avg > K) payoff += avg - K;
    }
    out[0] = exp(-r * T) * payoff / npaths;
    out[1] = avgsum / npaths;
}
double price(double S0, double sigma, double r, double K, double T, int nsteps, int npaths, unsigned int seed)
{
    double o[2];
    asian(S0, sigma, r, K, T, nsteps, npaths, seed, o);
    return o[0];
}
#pragma ad grad(price) wrt(S0, sigma, r)
#pragma ad jacfwd(asian) wrt(S0, sigma, r) out(out[2])

#include "mc_asian.ad.h"

int main(void)
{
    double S0 = 100, sig = 0.25, r = 0.03, K = 100, T = 1.0, gS = 0, gs = 0, gr = 0, h = 1e-6;
    int ns = 12, np = 400;
    unsigned int seed = 12345;
    double p0 = price(S0, sig, r, K, T, ns, np, seed);
    double p1 = price_grad(S0, &gS, sig, &gs, r, &gr, K, T, ns, np, seed);
    CHECK_CLOSE("primal", p1, p0, 1e-14, 0);
    CHECK_CLOSE("delta vs fd", gS, (price(S0 + h, sig, r, K, T, ns, np, seed) - price(S0 - h, sig, r, K, T, ns, np, seed)) / (2 * h), 1e-5, 1e-8);
    CHECK_CLOSE("vega vs fd", gs, (price(S0, sig + h, r, K, T, ns, np, seed) - price(S0, sig - h, r, K, T, ns, np, seed)) / (2 * h), 1e-5, 1e-8);
    CHECK_CLOSE("rho vs fd", gr, (price(S0, sig, r + h, K, T, ns, np, seed) - price(S0, sig, r - h, K, T, ns, np, seed)) / (2 * h), 1e-5, 1e-8);
    double o[2], J[6];
    asian_jacfwd(S0, sig, r, K, T, ns, np, seed, o, J);
    CHECK_CLOSE("jacfwd price", o[0], p0, 1e-14, 0);
    CHECK_CLOSE("jacfwd row 0 = grad (S0)", J[0], gS, 1e-12, 1e-14);
    CHECK_CLOSE("jacfwd row 0 = grad (sigma)", J[1], gs, 1e-12, 1e-14);
    CHECK_CLOSE("jacfwd row 0 = grad (r)", J[2], gr, 1e-12, 1e-14);
    CHECK_CLOSE("d mean avg / dS0 = mean avg / S0", J[3], o[1] / S0, 1e-12, 1e-14);
    return oracle_result();
}
