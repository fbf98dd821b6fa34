/* fit.c: the loss of a logistic regression whose data are split across MPI
 * ranks. Each rank holds m samples (rows of X, labels y in {-1, 1}); the
 * parameters w (d weights and a bias) are the same on every rank. */
#include <math.h>
#include <mpi.h>

#include "fit.h"

double fit_loss(const double *w, int d, const double *X, const double *y, int m, MPI_Comm comm) {
  double local = 0.0;
  for (int i = 0; i < m; i++) {
    double z = w[d];
    for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
    local += log1p(exp(-y[i] * z));   /* -log sigmoid(y z) */
  }
  double total;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  double reg = 0.0;
  for (int j = 0; j < d; j++) reg += w[j] * w[j];
  return total + 0.5 * LAMBDA * reg;
}

/* d fit_loss / d w: each rank gets its share (its data's part, and
 * 1/size of what every rank computes alike); the shares sum to the gradient */
#pragma ad grad(fit_loss) wrt(w[d + 1])
