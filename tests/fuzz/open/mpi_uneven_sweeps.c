/* OPEN (probe18): HANG / MISMATCHED COLLECTIVES: jacfwd, jacrev and hessian
** of a distributed function whose wrt (or out) size differs between ranks,
** as an uneven block distribution gives (n = N / size + (rank < N % size)),
** run a different number of sweeps on each rank (one per column: the
** sweeps that call libccad_mpi are not widened), so the collectives of
** the extra sweeps on one rank meet whatever the other ranks call next:
** here nrm_jacfwd "returns" on both ranks (rank 1's third sweep's
** MPI_Allreduce pairs with rank 0's next call), then nrm_hessian hangs.
** The man page says jacfwd's matrix is that of parameters shared by the
** ranks (same size everywhere), but nothing checks it. Expected: an error
** (libccad_mpi could compare the sweep counts of the ranks, e.g. an
** MPI_Allreduce MAX/MIN of n_in on the communicator of the first recorded
** call, and stop with CCAD_EMPI), or the ranks with fewer columns run
** zero sweeps up to the maximum (block-diagonal semantics); got a hang
** (timeout) at -np 2.
** Run: mpicc ... this file and its .ad.c, libccad_mpi, libccad; mpirun -np 2 */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

double nrm(const double *x, int n) {
  double s = 0, t;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return sqrt(t);
}
#pragma ad jacfwd(nrm) wrt(x[n])
#pragma ad hessian(nrm) wrt(x[n])

#include "mpi_uneven_sweeps.ad.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int n = 2 + rank; /* uneven */
  double x[8], j[8], h[64];
  for (int i = 0; i < n; i++) x[i] = 0.1 * (i + 1) + rank;
  nrm_jacfwd(x, n, j);
  printf("rank %d jacfwd returned\n", rank);
  nrm_hessian(x, n, h);
  printf("rank %d hessian returned\n", rank);
  MPI_Finalize();
  return 0;
}
