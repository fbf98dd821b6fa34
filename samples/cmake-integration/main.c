/* main.c: the gradient cc-ad generated, checked against central finite
 * differences. Exit status 1 when they disagree. */
#include <math.h>
#include <stdio.h>

#include "chain.h"
#include "model.ad.h"

int main(void) {
    double y[CHAIN_N] = {-0.4, -0.9, -1.3, -0.8, -0.3};
    double g[CHAIN_N];
    double e = chain_energy_grad(y, g, CHAIN_N);
    printf("energy(y) = %.12f (chain_energy: %.12f), stiffness %g\n", e,
           chain_energy(y, CHAIN_N), (double)CHAIN_STIFFNESS);

    int ok = fabs(e - chain_energy(y, CHAIN_N)) <= 1e-12 * fmax(1.0, fabs(e));
    const double h = 1e-6;
    printf("%3s %20s %20s %10s\n", "i", "gradient", "finite difference", "rel. err");
    for (int i = 0; i < CHAIN_N; i++) {
        double yp[CHAIN_N], ym[CHAIN_N];
        for (int j = 0; j < CHAIN_N; j++) yp[j] = ym[j] = y[j];
        yp[i] += h;
        ym[i] -= h;
        double fd = (chain_energy(yp, CHAIN_N) - chain_energy(ym, CHAIN_N)) / (2 * h);
        double err = fabs(g[i] - fd) / fmax(1.0, fabs(fd));
        printf("%3d %20.12f %20.12f %10.2e\n", i, g[i], fd, err);
        if (!(err <= 1e-7)) ok = 0;
    }
    printf("%s\n", ok ? "gradient check: ok" : "gradient check: FAILED");
    return ok ? 0 : 1;
}
