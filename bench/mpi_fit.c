/* mpi_fit.c: bench_mpi's loss, a logistic regression over data split across
 * ranks (as samples/mpi-fit): each rank's part, summed with MPI_Allreduce. */
#include <math.h>
#include <mpi.h>

double mpi_fit_loss(const double *w, int d, const double *X, const double *y, int m, MPI_Comm comm) {
  double local = 0.0;
  for (int i = 0; i < m; i++) {
    double z = w[d];
    for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
    local += log1p(exp(-y[i] * z));
  }
  double total;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  return total;
}

#pragma ad grad(mpi_fit_loss) wrt(w[d + 1])
