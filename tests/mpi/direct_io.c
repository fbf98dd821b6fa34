/* MPI calls whose buffers are the request's own parameters: a receive,
 * a broadcast and an allreduce straight into the output y (out), a send
 * and an allgather straight from the input x (wrt), an in-place MPI_Bcast
 * of an in-out parameter z (wrt and out). jvp, vjp, jacfwd, jacrev.
 * Oracles: central differences of the map, the dot-product test between
 * jvp and vjp with global inner products, jacfwd's columns against jvp with
 * e_j on every rank, jacrev's rows against vjp with e_i on every rank. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { NL = 2, NY = 6 };

/* y[NY]: [0..1] from the previous rank's x, [2..3] the allreduce of x^2,
 * [4] the root's x[0] (broadcast), [5] a function of everyone's x[1];
 * z[2] (in and out): broadcast from the last rank, then scaled */
void direct(const double *x, double *y, double *z) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  MPI_Sendrecv(x, NL, MPI_DOUBLE, (rank + 1) % size, 3, y, NL, MPI_DOUBLE, (rank + size - 1) % size, 3,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double sq[NL] = {x[0] * x[0], x[1] * x[0]};
  MPI_Allreduce(sq, y + 2, NL, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  if (rank == 0) y[4] = x[0];
  MPI_Bcast(&y[4], 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double *every = malloc(sizeof(double) * (size_t)(NL * size));
  MPI_Allgather(x, NL, MPI_DOUBLE, every, NL, MPI_DOUBLE, MPI_COMM_WORLD);
  y[5] = 0.0;
  for (int r = 0; r < size; r++) y[5] += sin(every[r * NL + 1]) * (r + 1);
  free(every);
  MPI_Bcast(z, 2, MPI_DOUBLE, size - 1, MPI_COMM_WORLD);
  z[0] = z[0] * z[1] + x[0];
  z[1] = exp(0.1 * z[1]);
}

#pragma ad jvp(direct) wrt(x, z) out(y, z)
#pragma ad vjp(direct) wrt(x[NL], z[2]) out(y[NY], z[2])
#pragma ad jacfwd(direct) wrt(x[NL], z[2]) out(y[NY], z[2])
#pragma ad jacrev(direct) wrt(x[NL], z[2]) out(y[NY], z[2])

#include "direct_io.ad.h"

/* the map on [x, z] -> [y, z] */
static void d_f(void *c, const double *xz, double *yz) {
  (void)c;
  double z[2] = {xz[NL], xz[NL + 1]};
  direct(xz, yz, z);
  yz[NY] = z[0], yz[NY + 1] = z[1];
}
static void d_j(void *c, const double *xz, const double *v, double *yz, double *yd) {
  (void)c;
  double z[2] = {xz[NL], xz[NL + 1]}, zd[2] = {v[NL], v[NL + 1]};
  direct_jvp(xz, v, yz, yd, z, zd);
  yz[NY] = z[0], yz[NY + 1] = z[1], yd[NY] = zd[0], yd[NY + 1] = zd[1];
}
static void d_v(void *c, const double *xz, double *xb, double *w) {
  (void)c;
  double y[NY], z[2] = {xz[NL], xz[NL + 1]}, zb[2] = {w[NY], w[NY + 1]};
  direct_vjp(xz, xb, y, w, z, zb);
  xb[NL] += zb[0], xb[NL + 1] += zb[1];
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(700 + (uint64_t)mpi_rank());
  double xz[NL + 2];
  oracle_fill_uniform(&rng, xz, NL + 2, -1.0, 1.0);
  mpi_check_vector("direct", d_f, d_j, d_v, NULL, xz, NL + 2, NY + 2, 71);
  enum { M = NY + 2, N = NL + 2 };
  double jf[M * N], jr[M * N], y[NY], z[2];
  memcpy(z, xz + NL, sizeof z);
  direct_jacfwd(xz, y, z, jf);
  memcpy(z, xz + NL, sizeof z);
  direct_jacrev(xz, y, z, jr);
  for (int j = 0; j < N; j++) {
    double v[N] = {0}, yz[M], yd[M], col[M];
    v[j] = 1.0;
    d_j(NULL, xz, v, yz, yd);
    for (int i = 0; i < M; i++) col[i] = jf[i * N + j];
    mpi_check_vec("jacfwd column = jvp with e_j on every rank", col, yd, M, 1e-13);
  }
  for (int i = 0; i < M; i++) {
    double w[M] = {0}, xb[N] = {0}, row[N];
    w[i] = 1.0;
    d_v(NULL, xz, xb, w);
    for (int j = 0; j < N; j++) row[j] = jr[i * N + j];
    mpi_check_vec("jacrev row = vjp with e_i on every rank", row, xb, N, 1e-13);
  }
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
