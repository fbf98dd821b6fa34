// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/complex: batched complex code (a complex scalar and a complex array
** per batch element, a shared real array, a complex result) and a batched
** gradient with respect to complex inputs. The oracle is the unbatched
** function (and gradient) itself: results must match bitwise.
*/
#include <complex.h>
#include <omp.h>

#include "ccad.h"
#include "ccad_oracle.h"

double complex response(const double complex *z, double complex s, const double *w, int n)
{
    double complex r = 0;
    for (int i = 0; i < n; i++)
        r += w[i] * cexp(-s * z[i]) / (1.0 + z[i] * z[i]);
    return r;
}

double misfit(const double complex *z, double complex s, const double *w, int n)
{
    double complex r = response(z, s, w, n) - 0.5 * I;
    return creal(r * conj(r));
}

#pragma ad vmap(response) batch(z[n], s)
#pragma ad grad(misfit) wrt(z[n], s)
#pragma ad vmap(misfit_grad) batch(z[n], z_bar[n], s, s_bar[1])

#include "complex.ad.h"

enum { B = 32, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(17);
    double complex z[B * N], s[B], r[B], zb[B * N], sb[B];
    double w[N], m[B];
    for (int i = 0; i < B * N; i++)
        z[i] = oracle_uniform(&rng, -1, 1) + I * oracle_uniform(&rng, -1, 1);
    for (int b = 0; b < B; b++)
        s[b] = oracle_uniform(&rng, 0, 1) + I * oracle_uniform(&rng, -1, 1);
    oracle_fill_uniform(&rng, w, N, -1.0, 1.0);
    omp_set_num_threads(4);

    response_vmap(B, z, s, w, N, r);
    misfit_grad_vmap(B, z, zb, s, sb, w, N, m);
    int same = 1, same_g = 1;
    for (int b = 0; b < B; b++) {
        double complex want = response(z + b * N, s[b], w, N), gz[N], gs;
        same &= creal(r[b]) == creal(want) && cimag(r[b]) == cimag(want);
        double v = misfit_grad(z + b * N, gz, s[b], &gs, w, N);
        same_g &= m[b] == v && creal(sb[b]) == creal(gs) && cimag(sb[b]) == cimag(gs);
        for (int i = 0; i < N; i++)
            same_g &= creal(zb[b * N + i]) == creal(gz[i]) && cimag(zb[b * N + i]) == cimag(gz[i]);
    }
    CHECK_TRUE("response_vmap = response per element", same);
    CHECK_TRUE("misfit_grad_vmap = misfit_grad per element", same_g);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
