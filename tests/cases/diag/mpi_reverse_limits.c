// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_irecv_split
// EXPECT-DIAG: mpi_save_root
// EXPECT-STDERR: FILE:15:3: error: 'MPI_Irecv' into float or double data is differentiated in reverse mode only
// EXPECT-STDERR: FILE:30:3: error: the derivative needs the values that 'MPI_Reduce' overwrites
/* What reverse mode refuses: an MPI_Irecv in a function called by the
 * differentiated one (the adjoint of its wait must reach the receive
 * buffer's adjoint, which only the requested function holds in its forward
 * sweep), and an MPI_Reduce overwriting values the backward sweep needs in
 * a receive buffer only the root has. */
#include "mpi/mpi.h"

static void get(double *v, int from) {
  MPI_Request req;
  MPI_Irecv(v, 2, MPI_DOUBLE, from, 0, MPI_COMM_WORLD, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
}

double pull(const double *x) {
  double v[2] = {x[0], x[1]};
  get(v, 0);
  return v[0] * v[1];
}

#pragma ad grad(pull) wrt(x[2])

double again(const double *x) {
  double r[2] = {x[0] * x[1], x[1]};
  double y = r[0] * r[0];
  MPI_Reduce(x, r, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return y * r[1];
}

#pragma ad grad(again) wrt(x[2])
