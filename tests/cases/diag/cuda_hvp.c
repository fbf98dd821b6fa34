// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: FILE:22:17: error: 'loss_hvp_cuda' cannot run on a GPU: it calls 'ccad_push_d' (the derivative tape or a host-only function); batch it with vmap instead
/* cuda() of a Hessian-vector product: its sweeps use the derivative tape,
** which the device code does not have: the check finds it in the sweep the
** driver calls, as for cuda(f_grad). The generated FILE.ad.cu called the
** host-only sweep and did not compile; now it is an error that points to
** vmap, which batches the same function on the CPU. */
static double sq(double u)
{
    return u * u * u;
}

double loss(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += sq(x[i]) * x[(i + 1) % n];
    return s;
}
#pragma ad hvp(loss) wrt(x[n])
#pragma ad cuda(loss_hvp) batch(x[n], x_v[n], x_hv[n])
