// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_one_sided
// EXPECT-DIAG: mpi_user_op
// EXPECT-DIAG: mpi_unknown
// EXPECT-DIAG: mpi_op
// EXPECT-STDERR: FILE:20:3: error: 'MPI_Put' on float or double data is one-sided communication
// EXPECT-STDERR: FILE:29:40: error: 'MPI_Allreduce' with a user-defined reduction operation
// EXPECT-STDERR: FILE:37:3: error: 'MPI_Alltoall' on float or double data is not among
// EXPECT-STDERR: FILE:44:40: error: 'MPI_Allreduce' with MPI_PROD cannot be differentiated
/* MPI calls cc-ad cannot differentiate, each an error naming the call:
 * one-sided communication, MPI_PROD, a reduction operation that is not a predefined
 * one written in the call, and an MPI function outside its table. */
#include "mpi/mpi.h"

MPI_Op my_op;
MPI_Win win;

double put(const double *x) {
  double s = x[0] * x[1];
  MPI_Put(&s, 1, MPI_DOUBLE, 1, 0, 1, MPI_DOUBLE, win);
  return s;
}

#pragma ad grad(put) wrt(x[2])

double reduce(const double *x) {
  double s = x[0] * x[1], t;
  MPI_Op op = my_op;
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, op, MPI_COMM_WORLD);
  return t;
}

#pragma ad jvp(reduce) wrt(x)

void transpose(const double *x, double *y) {
  double z[2] = {x[0] * x[0], x[1]};
  MPI_Alltoall(z, 1, MPI_DOUBLE, y, 1, MPI_DOUBLE, MPI_COMM_WORLD);
}

#pragma ad vjp(transpose) wrt(x[2]) out(y[2])

double product(const double *x) {
  double s = x[0] * x[1], p;
  MPI_Allreduce(&s, &p, 1, MPI_DOUBLE, MPI_PROD, MPI_COMM_WORLD);
  return p;
}

#pragma ad grad(product) wrt(x[2])
