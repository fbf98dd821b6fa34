// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_save_root
// EXPECT-STDERR: FILE:14:3: error: the derivative needs the values that 'MPI_Reduce' overwrites
/* What reverse mode refuses: an MPI_Reduce overwriting values the backward
 * sweep needs in a receive buffer only the root has. (A non-blocking
 * receive into a parameter passed by value of a split helper, refused
 * before, works: the front end copies such a parameter into a local,
 * tests/mpi/irecv_byvalue.) */
#include "mpi/mpi.h"

double again(const double *x) {
  double r[2] = {x[0] * x[1], x[1]};
  double y = r[0] * r[0];
  MPI_Reduce(x, r, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return y * r[1];
}

#pragma ad grad(again) wrt(x[2])
