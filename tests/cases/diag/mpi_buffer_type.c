// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_buffer_type
// EXPECT-STDERR: FILE:23:16: error: argument 1 of 'MPI_Sendrecv' points to elements of type 'P' that hold floating data
// EXPECT-STDERR: FILE:33:40: error: argument 6 of 'MPI_Sendrecv' points to elements of type 'Tagged' that hold floating data
// EXPECT-NOT-STDERR: cannot see the body
/* MPI buffers of structs that cc-ad cannot take as float or double
 * elements: structs of doubles sent as MPI_BYTE (a count of bytes, not of
 * reals), and a struct mixing an int with doubles beside a double buffer.
 * Each is an MPI-specific error naming the buffer's element type and
 * saying how to pass it (it used to be "cc-ad cannot see the body of
 * 'MPI_Sendrecv'", or, beside a double buffer, no error at all: the
 * struct buffer's derivatives would have been dropped). A struct made of
 * doubles alone sent as MPI_DOUBLE is differentiated: tests/mpi/struct_buffer.c. */
#include "mpi/mpi.h"

typedef struct P { double x, y; } P;
typedef struct Tagged { int id; double v; } Tagged;

double bytes(const P *p, int n) {
  P q[4], r[4];
  double s = 0;
  for (int i = 0; i < n; i++) q[i].x = p[i].x * p[i].y, q[i].y = p[i].x;
  MPI_Sendrecv(q, (int)sizeof(P) * n, MPI_BYTE, 1, 0, r, (int)sizeof(P) * n, MPI_BYTE, 1, 0, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
  for (int i = 0; i < n; i++) s += r[i].x * r[i].y + p[i].x;
  return s;
}

double tagged(const double *x) {
  Tagged t[2] = {{1, x[0] * x[1]}, {2, x[1]}}, u[2];
  double y[2], z[2] = {x[0], x[1] * x[1]};
  MPI_Sendrecv(z, 2, MPI_DOUBLE, 1, 0, y, 2, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(z, 2, MPI_DOUBLE, 1, 0, u, 2, MPI_DOUBLE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  (void)t;
  return y[0] * u[1].v;
}

#pragma ad grad(bytes) wrt(p[n])
#pragma ad grad(tagged) wrt(x[2])
