// EXPECT-EXIT: 1
// EXPECT-DIAG: cuda_host_call
// EXPECT-STDERR: 'loss_cuda' cannot run on a GPU: it calls 'MPI_Allreduce' (MPI: host code)
// EXPECT-ERRORS: 1
/* (probe18) cuda(f) of a function that communicates: MPI is host code
** (cuda(f_grad): mpi_cuda_grad). cc-ad wrote the MPI call
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


#pragma ad cuda(loss) batch(x[2])
