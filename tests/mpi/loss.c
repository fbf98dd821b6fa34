/* A data-parallel fit: each rank holds a slice of the data, the parameters
 * are shared, the loss is reduced with MPI_Allreduce. Two ways users write
 * it: (1) every rank has w, grad gives each rank its share of the gradient
 * and the program sums the shares with MPI_Allreduce (as data-parallel
 * training does); (2) the root broadcasts w inside the loss, so the
 * adjoint of MPI_Bcast sums the shares at the root. A float loss (MPI_FLOAT)
 * in every mode too.
 * Oracles: the same function on MPI_COMM_SELF with all the data in one
 * process (the single-process gradient, to 1e-12), central differences,
 * jvp = <grad, v>. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

/* logistic regression: X is m x d, labels y in {-1, 1} */
double fit_loss(const double *w, int d, const double *X, const double *y, int m, MPI_Comm comm) {
  double local = 0.0;
  for (int i = 0; i < m; i++) {
    double z = w[d];  /* bias */
    for (int j = 0; j < d; j++) z += w[j] * X[i * d + j];
    local += log1p(exp(-y[i] * z));
  }
  double total;
  MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  double reg = 0.0;
  for (int j = 0; j < d; j++) reg += w[j] * w[j];
  return total + 0.05 * reg;
}

/* the root's parameters count: the others' are overwritten */
double fit_loss_root(double *w, int d, const double *X, const double *y, int m, MPI_Comm comm) {
  MPI_Bcast(w, d + 1, MPI_DOUBLE, 0, comm);
  return fit_loss(w, d, X, y, m, comm);
}

float fsum(const float *x, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  float s = 0.0f, t, prev;
  for (int i = 0; i < n; i++) s += sinf(x[i]) * x[i];
  /* a value from the previous rank, then the global sum */
  MPI_Sendrecv(&s, 1, MPI_FLOAT, (rank + 1) % size, 5, &prev, 1, MPI_FLOAT, (rank + size - 1) % size, 5,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  s = s * prev;
  MPI_Allreduce(&s, &t, 1, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

#pragma ad grad(fit_loss) wrt(w[d + 1])
#pragma ad jvp(fit_loss) wrt(w)
#pragma ad jacfwd(fit_loss) wrt(w[d + 1])
#pragma ad grad(fit_loss_root) wrt(w[d + 1])
#pragma ad grad(fsum) wrt(x[n])
#pragma ad jvp(fsum) wrt(x)

#include "loss.ad.h"

enum { D = 3, M = 7 };

static double loss_at(void *ctx, const double *w) {
  const double *const *data = ctx;
  return fit_loss(w, D, data[0], data[1], M, MPI_COMM_WORLD);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), all_m = M * size;
  double *X = malloc(sizeof(double) * (size_t)(all_m * D)), *y = malloc(sizeof(double) * (size_t)all_m);
  OracleRng rng = oracle_rng(7);
  oracle_fill_normal(&rng, X, all_m * D);
  for (int i = 0; i < all_m; i++) y[i] = oracle_unif01(&rng) < 0.5 ? -1.0 : 1.0;
  const double *Xr = X + rank * M * D, *yr = y + rank * M;
  double w[D + 1] = {0.3, -0.2, 0.5, 0.1}, g[D + 1], want[D + 1];

  /* (1) shares of the gradient, summed by the program */
  double l = fit_loss_grad(w, g, D, Xr, yr, M, MPI_COMM_WORLD);
  MPI_Allreduce(MPI_IN_PLACE, g, D + 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  double lw = fit_loss_grad(w, want, D, X, y, all_m, MPI_COMM_SELF);
  mpi_check_close("loss = single-process loss", l, lw, 1e-12, 0.0);
  mpi_check_vec("summed grad = single-process grad", g, want, D + 1, 1e-12);
  const double *data[2] = {Xr, yr};
  double share[D + 1];
  fit_loss_grad(w, share, D, Xr, yr, M, MPI_COMM_WORLD);
  mpi_check_grad_shared("shares of grad", loss_at, (void *)data, w, share, D + 1, 2, 11);
  double v[D + 1] = {1.0, -0.5, 0.25, 2.0}, ld;
  fit_loss_jvp(w, v, D, Xr, yr, M, MPI_COMM_WORLD, &ld);
  mpi_check_close("jvp = <grad, v>", ld, oracle_dot(want, v, D + 1), 1e-12, 0.0);
  double jac[D + 1];
  fit_loss_jacfwd(w, D, Xr, yr, M, MPI_COMM_WORLD, jac);
  mpi_check_vec("jacfwd (shared w moves on every rank) = single-process grad", jac, want, D + 1, 1e-12);

  /* (2) broadcast inside: the root gets the whole gradient */
  double wr[D + 1], gr[D + 1];
  for (int j = 0; j <= D; j++) wr[j] = rank == 0 ? w[j] : 99.0;
  fit_loss_root_grad(wr, gr, D, Xr, yr, M, MPI_COMM_WORLD);
  if (rank == 0) {
    CHECK_VEC_CLOSE("root's grad = single-process grad", gr, want, D + 1, 1e-12, 0.0);
  } else {
    double zero[D + 1] = {0};
    CHECK_VEC_CLOSE("others' grad = 0 (their w is overwritten)", gr, zero, D + 1, 0.0, 0.0);
  }

  /* float: against the same computation in double */
  enum { NF = 5 };
  float xf[NF], gf[NF], vf[NF], tf;
  for (int i = 0; i < NF; i++) xf[i] = (float)sin(1.0 + rank * NF + i), vf[i] = (float)cos(2.0 * i + rank);
  float f = fsum_grad(xf, gf, NF);
  mpi_check_close("fsum_grad's primal", f, fsum(xf, NF), 0.0, 0.0);
  fsum_jvp(xf, vf, NF, &tf);
  double gv = 0.0;
  for (int i = 0; i < NF; i++) gv += (double)gf[i] * vf[i];
  mpi_check_close("float jvp = <grad, v>", tf, mpi_gsum(gv), ORACLE_RTOL_FLOAT_EXACT, 1e-6);
  float h = 1e-2f, xp[NF], xm[NF];
  for (int i = 0; i < NF; i++) xp[i] = xf[i] + h * vf[i], xm[i] = xf[i] - h * vf[i];
  double fd = ((double)fsum(xp, NF) - (double)fsum(xm, NF)) / (2.0 * h);
  mpi_check_close("float jvp vs differences", tf, fd, ORACLE_RTOL_FLOAT_FD, 1e-4);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(X);
  free(y);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
