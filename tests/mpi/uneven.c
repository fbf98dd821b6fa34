/* Jacobian drivers over an uneven distribution: each rank holds a
 * different number of elements (n = 2 + rank), as a block distribution
 * with a remainder gives. jacfwd runs one sweep per column, jacrev one per
 * row, hessian one per column of the gradient: the ranks ran different
 * numbers of sweeps, so the extra sweeps' collectives met the other ranks'
 * next calls (wrong values, then a hang). Every rank now runs as many
 * sweeps as the rank with the most (ccad_mpi_sweeps), seeding nothing in
 * its extra ones.
 * Oracles (jacfwd moves every rank's x[j] at once, where it has one):
 * jacfwd of the norm = sum over the ranks with an x[j] of x[j] / norm;
 * jacrev of y = x * norm (rows i of every rank that has one seeded at once)
 * against vjp with those seeds; the hessian's columns against differences
 * of grad along the same directions; no hang at 1 to 4 ranks. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

double nrm(const double *x, int n) {
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return sqrt(t);
}

void scaled(const double *x, double *y, int n) {
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  for (int i = 0; i < n; i++) y[i] = x[i] * sqrt(t);
}

#pragma ad jacfwd(nrm) wrt(x[n])
#pragma ad grad(nrm) wrt(x[n])
#pragma ad hessian(nrm) wrt(x[n])
#pragma ad jacrev(scaled) wrt(x[n]) out(y[n])
#pragma ad vjp(scaled) wrt(x[n]) out(y[n])

#include "uneven.ad.h"

enum { MAXN = 8 };

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), n = 2 + rank, most = 1 + size;
  double x[MAXN], j[MAXN], h[MAXN * MAXN], want[MAXN] = {0}, y[MAXN];
  for (int i = 0; i < n; i++) x[i] = 0.1 * (i + 1) + 0.3 * rank;
  double norm = nrm(x, n);
  nrm_jacfwd(x, n, j);
  for (int c = 0; c < most; c++) {
    double mine = c < n ? x[c] : 0.0;
    double col = mpi_gsum(mine) / norm;
    if (c < n) want[c] = col;
  }
  mpi_check_vec("jacfwd = sum over the ranks with an x[j] of x[j] / norm", j, want, n, 1e-13);
  /* hessian column c: differences of grad along e_c on every rank that has one */
  nrm_hessian(x, n, h);
  for (int c = 0; c < most; c++) {
    double xp[MAXN], gp[MAXN], gm[MAXN], fd[MAXN], hc[MAXN], hh = 1e-5;
    memcpy(xp, x, sizeof xp);
    if (c < n) xp[c] += hh;
    nrm_grad(xp, gp, n);
    if (c < n) xp[c] -= 2 * hh;
    nrm_grad(xp, gm, n);
    for (int i = 0; i < n; i++) fd[i] = (gp[i] - gm[i]) / (2 * hh), hc[i] = c < n ? h[i * n + c] : fd[i];
    mpi_check_vec("hessian column vs differences of grad", hc, fd, n, 1e-6);
  }
  /* jacrev rows: vjp with e_i on every rank that has a row i */
  double jr[MAXN * MAXN];
  scaled_jacrev(x, y, n, jr);
  for (int i = 0; i < most; i++) {
    double w[MAXN] = {0}, xb[MAXN] = {0}, row[MAXN];
    if (i < n) w[i] = 1.0;
    scaled_vjp(x, xb, y, w, n);
    for (int c = 0; c < n; c++) row[c] = i < n ? jr[i * n + c] : xb[c];
    mpi_check_vec("jacrev row = vjp with e_i where a rank has row i", row, xb, n, 1e-13);
  }
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
