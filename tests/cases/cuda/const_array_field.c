/* cuda/const_array_field (probe5): cuda(f_grad) of a function reading an
** array field of a struct passed as const Par *p. The device code made
** every implicit pointer cast explicit (C++ converts void * only so), the
** decay of p_bar->d too, with the primal's const:
** ((const double *)p_bar->d)[1] += x[0]; which nvcc rejects. Decays stay
** implicit now. Oracle: the host copy of the per-element code bitwise
** against energy_grad, and energy_grad's closed form (x[0] p->d[1]). */
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double d[2]; } Par;

double energy(const double *x, const Par *p)
{
    return x[0] * p->d[1];
}

#pragma ad grad(energy) wrt(x[1], p[1])
#pragma ad cuda(energy_grad) batch(x[1], p[1])

#include "const_array_field.ad.h"

enum { B = 4 };

int main(void)
{
    double x[B], g[B], gh[B], r[B], rh[B];
    Par p[B], pb[B], pbh[B];
    for (int b = 0; b < B; b++) {
        x[b] = 0.3 * b - 0.5;
        p[b].d[0] = 1.0 + b;
        p[b].d[1] = 2.0 - 0.7 * b;
        r[b] = energy_grad(&x[b], &g[b], &p[b], &pb[b]);
        CHECK_CLOSE("d/dx = p->d[1]", g[b], p[b].d[1], 0, 0);
        CHECK_CLOSE("d/dp->d[1] = x", pb[b].d[1], x[b], 0, 0);
        CHECK_CLOSE("d/dp->d[0] = 0", pb[b].d[0], 0.0, 0, 0);
    }
    energy_grad_cuda_host(B, x, gh, p, pbh, rh);
    CHECK_VEC_CLOSE("energy_grad_cuda_host value", rh, r, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("energy_grad_cuda_host x_bar", gh, g, B, 0.0, 0.0);
    for (int b = 0; b < B; b++) CHECK_CLOSE("energy_grad_cuda_host p_bar->d[1]", pbh[b].d[1], pb[b].d[1], 0, 0);
    return oracle_result();
}
