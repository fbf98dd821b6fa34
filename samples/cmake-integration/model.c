/* model.c: the potential energy of a hanging chain. The request is not in
 * this file: CMakeLists.txt passes it with ccad_generate(... AD "..."),
 * which generates
 *   double chain_energy_grad(const double *y, double *y_bar, int n);
 */
#include <math.h>

#include "chain.h"

static const double masses[CHAIN_N] = {1.0, 0.5, 2.0, 0.5, 1.0};

/* y[i]: height of mass i; horizontal spacing 1, ends fixed at height 0. */
double chain_energy(const double *y, int n) {
    double e = 0.0;
    double prev = 0.0;
    for (int i = 0; i <= n; i++) {
        double cur = i < n ? y[i] : 0.0;
        double len = sqrt(1.0 + (cur - prev) * (cur - prev));
        e += 0.5 * CHAIN_STIFFNESS * (len - CHAIN_REST) * (len - CHAIN_REST);
        prev = cur;
    }
    for (int i = 0; i < n; i++)
        e += masses[i] * CHAIN_GRAVITY * y[i];
    return e;
}
