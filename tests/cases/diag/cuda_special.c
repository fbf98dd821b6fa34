// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: FILE:15:9: error: 'nll_grad_cuda' cannot run on a GPU: it calls 'ccad_digamma', which the derivative of lgamma or tgamma needs and only the host has; batch it with vmap instead
/* cuda() of a gradient whose derivative needs a special function of
** libccad (digamma, for lgamma): the tape has a device version, the
** special functions do not; an error that points to vmap, which batches
** the same gradient on the CPU. (cuda of a Hessian-vector product, which
** this case refused when the tape was host-only, is tests/cases/cuda/reverse.c.) */
#include <math.h>

double nll(const double *k, double lambda, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += lgamma(k[i] + 1.0) - k[i] * log(lambda) + lambda;
    return s;
}
#pragma ad grad(nll) wrt(k[n], lambda)
#pragma ad cuda(nll_grad) batch(k[n], k_bar[n], lambda, lambda_bar[1])
