// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_request_escapes
// EXPECT-STDERR: FILE:18:3: error: 'complete_all' is given an MPI request but cc-ad sees no body of it
/* The requests of a non-blocking exchange on float data handed to a
 * function defined elsewhere (another file, a library) to complete: the
 * derivative pairs each request with its wait (forward mode unpacks the
 * tangents there, reverse mode posts the adjoint message at the wait's
 * adjoint), which it cannot do in code it does not see. Reported once,
 * though both derivatives below reach the call. */
#include "mpi/mpi.h"

void complete_all(int n, MPI_Request *reqs);

void shift(const double *x, double *y, int n, int peer) {
  MPI_Request r[2];
  MPI_Irecv(y, n, MPI_DOUBLE, peer, 0, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(x, n, MPI_DOUBLE, peer, 0, MPI_COMM_WORLD, &r[1]);
  complete_all(2, r);
}

#pragma ad jvp(shift) wrt(x) out(y)
#pragma ad vjp(shift) wrt(x[n]) out(y[n])
