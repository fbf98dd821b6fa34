// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_second_order
// EXPECT-STDERR: FILE:13:3: error: 'MPI_Allreduce' in a reverse-mode result differentiated again
/* Forward over reverse (hvp, hessian, jvp of a grad) of a function that
 * calls MPI: the tangents of the adjoint communication are not generated,
 * an error naming the MPI call rather than a derivative without them. */
#include <math.h>
#include "mpi/mpi.h"

double energy(const double *x, int n) {
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += sin(x[i]) * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t * t;
}

#pragma ad hvp(energy) wrt(x[n])
