/* Monte Carlo with the reparameterization trick (a JAX classic with PRNG keys): a
   user RNG with a state struct passed by pointer, declared inactive; grad of the
   estimate wrt (mu, log_sigma) equals the pathwise closed form on the same draws;
   calls run exactly as often as in the original (counter); also rand(). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

typedef struct Key { unsigned long long s; } Key;
static int ncalls;

double normal(Key *k)
{
    ncalls++;
    k->s = k->s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u1 = ((k->s >> 11) + 0.5) / 9007199254740992.0;
    k->s = k->s * 6364136223846793005ULL + 1442695040888963407ULL;
    double u2 = ((k->s >> 11) + 0.5) / 9007199254740992.0;
    return sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
}

double objective(const double *th, Key key, int ns)
{
    double mu = th[0], sig = exp(th[1]), s = 0;
    for (int i = 0; i < ns; i++) {
        double z = mu + sig * normal(&key);
        s += z * z * z + sin(z);
    }
    return s / ns + 0.01 * (double)(rand() % 2) * 0;
}

#pragma ad inactive(normal)
#pragma ad grad(objective) wrt(th[2])
#pragma ad jvp(objective) wrt(th)
#pragma ad hessian(objective) wrt(th[2])

#include "mc_reparam_inactive_rng.ad.h"

int main(void)
{
    double th[2] = {0.3, -0.5}, g[2], H[4];
    Key k = {12345};
    ncalls = 0;
    double f = objective_grad(th, g, k, 50);
    CHECK_EQ_INT("rng runs as often as in the original", ncalls, 50);
    Key k2 = {12345};
    double gm = 0, gs = 0, sig = exp(th[1]), fo = 0;
    for (int i = 0; i < 50; i++) {
        double e = normal(&k2), z = th[0] + sig * e, d = 3 * z * z + cos(z);
        gm += d / 50; gs += d * sig * e / 50; fo += (z * z * z + sin(z)) / 50;
    }
    CHECK_CLOSE("primal", f, fo, 1e-13, 0);
    CHECK_CLOSE("pathwise d/dmu", g[0], gm, 1e-12, 1e-14);
    CHECK_CLOSE("pathwise d/dlogsigma", g[1], gs, 1e-12, 1e-14);
    double v[2] = {1, -2}, t;
    ncalls = 0;
    objective_jvp(th, v, k, 50, &t);
    CHECK_EQ_INT("jvp rng calls", ncalls, 50);
    CHECK_CLOSE("jvp", t, gm - 2 * gs, 1e-12, 1e-14);
    ncalls = 0;
    objective_hessian(th, k, 50, H);
    CHECK_TRUE("hessian rng calls: one pass per sweep", ncalls > 0);
    for (int j = 0; j < 2; j++) {
        double tp[2] = {th[0], th[1]}, tm[2] = {th[0], th[1]}, gp[2], gmm[2], h = 1e-5;
        tp[j] += h; tm[j] -= h;
        objective_grad(tp, gp, k, 50); objective_grad(tm, gmm, k, 50);
        for (int i = 0; i < 2; i++) CHECK_CLOSE("hessian vs fd(grad)", H[i * 2 + j], (gp[i] - gmm[i]) / (2 * h), 1e-6, 1e-7);
    }
    return oracle_result();
}
