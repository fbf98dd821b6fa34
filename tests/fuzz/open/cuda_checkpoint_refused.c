/* OPEN (probe5): refusal. cuda(f_grad) of a function with a
** `#pragma ad checkpoint` loop is an error:
**   error: 'traj_grad_cuda' cannot run on a GPU: it calls 'ccad_ckpt_begin'
**   (a host-only function); batch it with vmap instead
** The pragma only trades memory for recomputation; forward-mode variants
** already ignore it, and per-element GPU tapes are small. A user with one
** f whose CPU gradient is checkpointed cannot also have its cuda variant,
** short of keeping two copies of f. Not in the manual's BUGS list (which
** names realloc, the special functions, file-scope variables).
** Expected: the cuda variant tapes the loop in full (a note may say so),
** or the manual documents the restriction.
** Where: tool/transform/cuda.c host_only() sees the checkpoint runtime
** calls; the cuda copy could be made from the variant without checkpoints.
**   build/tool/cc-ad -o /tmp/k.ad.c tests/fuzz/open/cuda_checkpoint_refused.c   (exit 1) */
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
