/* Collectives in every mode: MPI_Bcast from the last rank, MPI_Reduce with
 * MPI_SUM and MPI_MAX to a root, MPI_Allreduce with MPI_MAX and MPI_MIN
 * (in place), MPI_Gather, MPI_Scatter and MPI_Allgather, and an
 * MPI_Barrier (no data: run as written). MAX/MIN pass the derivative of
 * the winning rank's element.
 * Oracles: central differences of the distributed function, the
 * dot-product test between jvp and vjp (global inner products), grad of
 * a scalar against differences; random data, so no ties. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

#define N 4

/* y[N]: every collective leaves a trace in y */
void mix(const double *x, double *y) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double c[2] = {x[0] * x[1], sin(x[2])};
  MPI_Bcast(c, 2, MPI_DOUBLE, size - 1, MPI_COMM_WORLD);
  double part[2] = {x[0] * x[0], x[3]}, sum[2] = {0.0, 0.0}, top[N];
  MPI_Reduce(part, sum, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Reduce(x, top, N, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
  double hi[N], lo[N];
  MPI_Allreduce(x, hi, N, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  for (int i = 0; i < N; i++) lo[i] = x[i] * (1.0 + 0.1 * i);
  MPI_Allreduce(MPI_IN_PLACE, lo, N, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
  MPI_Barrier(MPI_COMM_WORLD);
  for (int i = 0; i < N; i++) y[i] = c[0] * x[i] + c[1] + hi[i] * lo[i];
  if (rank == 0) {
    y[0] += sum[0] * sum[1];
    for (int i = 0; i < N; i++) y[i] += top[i] * top[i];
  }
  /* one value per rank to the root, scaled there, and back */
  double *all = malloc(sizeof(double) * (size_t)size), *every = malloc(sizeof(double) * (size_t)size);
  double mine = exp(0.5 * x[1]), back;
  MPI_Gather(&mine, 1, MPI_DOUBLE, all, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank == 0) {
    double s = 0.0;
    for (int r = 0; r < size; r++) s += all[r];
    for (int r = 0; r < size; r++) all[r] = all[r] / s;
  }
  MPI_Scatter(all, 1, MPI_DOUBLE, &back, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  y[1] += back;
  MPI_Allgather(&x[2], 1, MPI_DOUBLE, every, 1, MPI_DOUBLE, MPI_COMM_WORLD);
  for (int r = 0; r < size; r++) y[2] += every[r] * every[(r + rank) % size];
  free(all);
  free(every);
}

double mix_energy(const double *x) {
  double y[N], e = 0.0, total;
  mix(x, y);
  for (int i = 0; i < N; i++) e += y[i] * y[i];
  MPI_Allreduce(&e, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

#pragma ad jvp(mix) wrt(x) out(y)
#pragma ad vjp(mix) wrt(x[N]) out(y[N])
#pragma ad grad(mix_energy) wrt(x[N])
#pragma ad hvp(mix_energy) wrt(x[N])

#include "collectives.ad.h"

static void mix_f(void *c, const double *x, double *y) { (void)c; mix(x, y); }
static void mix_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; mix_jvp(x, v, y, yd); }
static void mix_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[N];
  mix_vjp(x, xb, y, w);
}
static double energy_f(void *c, const double *x) { (void)c; return mix_energy(x); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double x[N], g[N];
  OracleRng rng = oracle_rng(200 + (uint64_t)mpi_rank());
  oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
  mpi_check_vector("mix", mix_f, mix_j, mix_v, NULL, x, N, N, 1);
  double e = mix_energy_grad(x, g);
  mpi_check_close("mix_energy_grad's primal", e, mix_energy(x), 0.0, 0.0);
  mpi_check_grad("mix_energy", energy_f, NULL, x, g, N, 3, 3);
  /* hvp (forward over reverse: tangents of the adjoint collectives) vs differences of grad */
  double v[N], hv[N], xp[N], gp[N], gm[N], fd[N], h = 1e-5;
  for (int i = 0; i < N; i++) v[i] = cos(1.0 + mpi_rank() * N + i);
  mix_energy_hvp(x, v, hv);
  for (int i = 0; i < N; i++) xp[i] = x[i] + h * v[i];
  mix_energy_grad(xp, gp);
  for (int i = 0; i < N; i++) xp[i] = x[i] - h * v[i];
  mix_energy_grad(xp, gm);
  for (int i = 0; i < N; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("mix_energy: hvp vs differences of grad", hv, fd, N, 1e-6);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
