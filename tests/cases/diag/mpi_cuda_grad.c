// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: 'loss_grad_cuda' cannot run on a GPU: it calls 'ccad_mpi_allreduce_fwd' (MPI: host code)
// EXPECT-ERRORS: 1
/* (probe18) cuda(f_grad) of a function that communicates: libccad_mpi's
** wrappers, like MPI, are host code (cuda(f): mpi_cuda). cc-ad wrote the MPI call
** into a __host__ __device__ function, which nvcc refused ("identifier
** ompi_mpi_double is undefined in device code"). vmap batches it on the
** host (serially, each rank alike). */
#include "mpi/mpi.h"

double loss(const double *x)
{
    double s = x[0] * x[1], t;
    MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return t;
}


#pragma ad grad(loss) wrt(x[2])
#pragma ad cuda(loss_grad) batch(x[2], x_bar[2])
