/* A root's receive buffer that the backward sweep needs as it was before
 * the call, saved on the root alone (its size, the count, is the root's):
 * MPI_Reduce with MPI_IN_PLACE at the root into a variable an earlier
 * statement set from its own value (mine = mine * mine), and into one an
 * earlier statement read (sq = sin(mine) * mine); MPI_Gather into an array
 * read before (count times the ranks at the root); MPI_Reduce not in
 * place into an array read before. These were refused
 * ("the derivative needs the values that 'MPI_Reduce' overwrites in the
 * root's receive buffer", probe18): the save is now
 * if (ccad_mpi_comm_rank(comm) == root) around the push and the pop.
 * Oracles: central differences of the sum over ranks of each function
 * along random global directions (mpi_check_grad). */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

#include "mpi_oracle.h"

double f2(const double *x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double mine = x[0] * x[1], loss = 0.0;
  mine = mine * mine;
  if (rank == 0) {
    MPI_Reduce(MPI_IN_PLACE, &mine, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    loss = mine;
  } else {
    MPI_Reduce(&mine, NULL, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  }
  return loss;
}

/* the root is the last rank; its value of mine before the reduce is read
 * backward by sq's derivative */
double f3(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int root = size - 1;
  double mine[2] = {x[0] * x[1], cos(x[1])}, loss;
  double sq = sin(mine[0]) * mine[0] + mine[1] * mine[1];
  if (rank == root) {
    MPI_Reduce(MPI_IN_PLACE, mine, 2, MPI_DOUBLE, MPI_SUM, root, MPI_COMM_WORLD);
    loss = sq + mine[0] * mine[1];
  } else {
    MPI_Reduce(mine, NULL, 2, MPI_DOUBLE, MPI_SUM, root, MPI_COMM_WORLD);
    loss = sq;
  }
  return loss;
}

/* a gather into an array every rank filled and read first */
double g3(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double all[8], pre = 0.0, post = 0.0, two[2] = {x[0] * x[1], cos(x[1])}, tot;
  for (int k = 0; k < 2 * size; k++) all[k] = x[k % 2] * (k + 1);
  for (int k = 0; k < 2 * size; k++) pre += all[k] * all[k];
  MPI_Gather(two, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank == 0)
    for (int k = 0; k < 2 * size; k++) post += all[k] * all[k] * (k + 1);
  double loss = pre + post;
  MPI_Allreduce(&loss, &tot, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return tot;
}

/* not in place: every rank passes r, MPI writes it at the root only (was
 * the diag case mpi_reverse_limits) */
double again(const double *x) {
  double r[2] = {x[0] * x[1], x[1]};
  double y = r[0] * r[0];
  MPI_Reduce(x, r, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  return y * r[1];
}

#pragma ad grad(f2) wrt(x[2])
#pragma ad grad(again) wrt(x[2])
#pragma ad grad(f3) wrt(x[2])
#pragma ad grad(g3) wrt(x[2])

#include "reduce_root_saved.ad.h"

/* each rank's result is one term of the function (f2: the root's alone;
 * grad seeds every rank's with 1); g3 returns the sum on every rank */
static double f2_at(void *c, const double *x) { (void)c; return mpi_gsum(f2(x)); }
static double f3_at(void *c, const double *x) { (void)c; return mpi_gsum(f3(x)); }
static double g3_at(void *c, const double *x) { (void)c; return g3(x); }
static double again_at(void *c, const double *x) { (void)c; return mpi_gsum(again(x)); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(41 + (uint64_t)mpi_rank());
  double x[2], g[2];
  oracle_fill_uniform(&rng, x, 2, -1.0, 1.0);
  double r = f2_grad(x, g);
  mpi_check_close("f2_grad's primal", r, f2(x), 0.0, 0.0);
  mpi_check_grad("f2", f2_at, NULL, x, g, 2, 3, 3);
  r = f3_grad(x, g);
  mpi_check_close("f3_grad's primal", r, f3(x), 0.0, 0.0);
  mpi_check_grad("f3", f3_at, NULL, x, g, 2, 3, 5);
  r = g3_grad(x, g);
  mpi_check_close("g3_grad's primal", r, g3(x), 0.0, 0.0);
  mpi_check_grad("g3", g3_at, NULL, x, g, 2, 3, 7);
  r = again_grad(x, g);
  mpi_check_close("again_grad's primal", r, again(x), 0.0, 0.0);
  mpi_check_grad("again", again_at, NULL, x, g, 2, 3, 9);
  CHECK_TRUE("tape empty", ccad_tape_empty());
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
