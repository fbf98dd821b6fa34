// EXPECT-EXIT: 1
// EXPECT-DIAG: inactive_writes
// EXPECT-STDERR: FILE:23:23: error: argument 1 of the call to 'gaussian_fill' points to data that carries derivatives, and 'gaussian_fill' (inactive, or called from an inactive function) may store into it
/* A reparameterised sample drawn in place: z holds mu + sigma * eps, then
** an external, inactive RNG overwrites part of z (the first m) with fresh
** draws. What it writes carries no derivative, so z's derivatives must
** become zero exactly where it writes, and only its body could tell where:
** an error at the argument (before: accepted, and z kept the derivatives
** of its old values, a silently wrong gradient). */
#include <math.h>

void gaussian_fill(double *out, int m, unsigned *state);
#pragma ad inactive(gaussian_fill)

double elbo_term(const double *mu, const double *sigma, int n, int m, unsigned seed)
{
    double z[16], s = 0.0;
    for (int i = 0; i < n; i++)
        z[i] = mu[i] + sigma[i] * 0.5;
    for (int i = 0; i < n; i++)
        s += z[i] * z[i];
    if (m > 0)
        gaussian_fill(z, m, &seed);
    for (int i = 0; i < n; i++)
        s += log(1.0 + z[i] * z[i]) * sigma[i];
    return s;
}

#pragma ad grad(elbo_term) wrt(mu[n], sigma[n])
