// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: 'traj_grad_cuda' cannot run on a GPU: it calls 'ccad_ckpt_begin'
// EXPECT-ERRORS: 1
/* (probe5) cuda(f_grad) of a function with a checkpointed loop: the
** schedules of #pragma ad checkpoint are host code, so it is an error that
** points to vmap (the manual's BUGS list says so now). */
#include <math.h>

double traj(const double *x, int n, double k)
{
    double u[8];
    for (int i = 0; i < n; i++) u[i] = x[i];
    double t = 0.0, e = 0.0;
#pragma ad checkpoint(snapshots=2)
    while (t < 1.0) {
        double dt = 0.1 + 0.05 * fabs(sin(u[0]));
        for (int i = 0; i < n; i++) u[i] += dt * (-k * u[i] + sin(u[(i + 1) % n]));
        e += dt * u[n - 1] * u[n - 1];
        t += dt;
    }
    return e;
}

#pragma ad grad(traj) wrt(x[n], k)
#pragma ad cuda(traj_grad) batch(x[n], k)
