// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_second_order
// EXPECT-STDERR: FILE:14:3: error: non-blocking 'MPI_Irecv' in a reverse-mode result differentiated again
/* Forward over reverse (hvp, hessian, jvp of a grad) of a function with
 * non-blocking messages: the tangents of their adjoint communication are
 * not generated, an error naming the MPI call rather than a derivative
 * without them. */
#include <math.h>
#include "mpi/mpi.h"

double energy(const double *x, int n) {
  double s = 0.0, t;
  MPI_Request req;
  MPI_Irecv(&t, 1, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD, &req);
  for (int i = 0; i < n; i++) s += sin(x[i]) * x[i];
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  return s * t;
}

#pragma ad hvp(energy) wrt(x[n])
