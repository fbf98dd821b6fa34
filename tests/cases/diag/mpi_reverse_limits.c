// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_irecv_split
// EXPECT-DIAG: mpi_save_root
// EXPECT-STDERR: FILE:19:3: error: 'MPI_Irecv' receives non-blocking into 'v', a parameter passed by value, in a function called
// EXPECT-STDERR: FILE:31:3: error: 'swap' receives non-blocking into 'x', a parameter passed by value
// EXPECT-STDERR: FILE:39:3: error: 'swap' receives non-blocking into 'x', a parameter passed by value
// EXPECT-STDERR: FILE:50:3: error: the derivative needs the values that 'MPI_Reduce' overwrites
/* What reverse mode refuses: an MPI_Irecv into a parameter passed by value
 * of a function called by the differentiated one, itself or through a
 * callee given its address (the adjoint of its wait must reach the receive
 * buffer's adjoint, which that function's forward sweep holds only until it
 * returns; a local copy, or the caller's memory, works), and an MPI_Reduce
 * overwriting values the backward sweep needs in a receive buffer only the
 * root has. */
#include "mpi/mpi.h"

static double get(double v, int from) {
  MPI_Request req;
  MPI_Irecv(&v, 1, MPI_DOUBLE, from, 0, MPI_COMM_WORLD, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
  return v * v;
}

static void swap(double *v, int peer) {
  MPI_Request req;
  MPI_Irecv(v, 1, MPI_DOUBLE, peer, 1, MPI_COMM_WORLD, &req);
  MPI_Wait(&req, MPI_STATUS_IGNORE);
}

static double edge(double x, int peer) {
  swap(&x, peer);
  double y = 2.0 * x;
  swap(&y, peer);  /* a local: fine */
  return x * y;
}

static double via(double x, int peer) {
  double *p = &x;  /* the same, through a pointer */
  swap(p, peer);
  return x;
}

double pull(const double *x) { return get(x[0], 0) + edge(x[1], 1) * via(x[0], 1); }

#pragma ad grad(pull) wrt(x[2])

double again(const double *x) {
  double r[2] = {x[0] * x[1], x[1]};
  double y = r[0] * r[0];
  MPI_Reduce(x, r, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return y * r[1];
}

#pragma ad grad(again) wrt(x[2])
