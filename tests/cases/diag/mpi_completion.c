// EXPECT-EXIT: 1
// EXPECT-DIAG: mpi_completion
// EXPECT-STDERR: FILE:17:5: error: 'MPI_Testall' completes requests of non-blocking calls on float or double data
/* A non-blocking exchange of float data completed by polling with
 * MPI_Testall: libccad_mpi pairs a request with its MPI_Isend or MPI_Irecv
 * at MPI_Wait or MPI_Waitall only (forward mode unpacks the tangents there,
 * reverse mode records the wait whose adjoint posts the adjoint message),
 * so the call is refused rather than a receive left without its values. */
#include "mpi/mpi.h"

void shift(const double *x, double *y, int n, int peer) {
  MPI_Request r[2];
  int done = 0;
  MPI_Irecv(y, n, MPI_DOUBLE, peer, 0, MPI_COMM_WORLD, &r[0]);
  MPI_Isend(x, n, MPI_DOUBLE, peer, 0, MPI_COMM_WORLD, &r[1]);
  while (!done)
    MPI_Testall(2, r, &done, (MPI_Status *)0);
}

#pragma ad jvp(shift) wrt(x) out(y)
