/* float buffers (MPI_FLOAT) and MPI_IN_PLACE in every collective that
 * allows it: MPI_Scatter with MPI_IN_PLACE as the root's receive buffer,
 * MPI_Gather and MPI_Allgather in place, MPI_Reduce in place at a root
 * other than 0 with MPI_MIN and MPI_SUM, MPI_Allreduce in place with
 * MPI_MAX, MPI_Bcast of floats; jvp, vjp, grad and hvp, the same
 * function in double as the oracle of the float one.
 * Oracles: central differences (double version), the dot-product test
 * between jvp and vjp, the float derivatives against the double ones
 * (rtol 1e-4), hvp against differences of grad. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { NL = 2 };

void mapd(const double *x, double *y) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int root = size > 1 ? 1 : 0;
  double *all = malloc(sizeof(double) * (size_t)(NL * size));
  for (int i = 0; i < NL * size; i++) all[i] = 0;
  for (int i = 0; i < NL; i++) all[rank * NL + i] = x[i] * x[i];
  /* everyone's block, everywhere */
  MPI_Allgather(MPI_IN_PLACE, NL, MPI_DOUBLE, all, NL, MPI_DOUBLE, MPI_COMM_WORLD);
  double s = 0;
  for (int r = 0; r < size; r++) s += all[r * NL] * (double)(r + 1) + sin(all[r * NL + 1]);
  /* the root's block is its own, the others come from the root */
  double mine[NL];
  if (rank == root) {
    for (int i = 0; i < NL * size; i++) all[i] = all[i] * s;
    MPI_Scatter(all, NL, MPI_DOUBLE, MPI_IN_PLACE, NL, MPI_DOUBLE, root, MPI_COMM_WORLD);
    for (int i = 0; i < NL; i++) mine[i] = all[root * NL + i];
  } else {
    MPI_Scatter(NULL, NL, MPI_DOUBLE, mine, NL, MPI_DOUBLE, root, MPI_COMM_WORLD);
  }
  /* MIN and SUM to the root, in place there */
  double lo[NL], sum[NL];
  for (int i = 0; i < NL; i++) lo[i] = mine[i] - x[i], sum[i] = mine[i] * x[i];
  if (rank == root) {
    MPI_Reduce(MPI_IN_PLACE, lo, NL, MPI_DOUBLE, MPI_MIN, root, MPI_COMM_WORLD);
    MPI_Reduce(MPI_IN_PLACE, sum, NL, MPI_DOUBLE, MPI_SUM, root, MPI_COMM_WORLD);
  } else {
    MPI_Reduce(lo, NULL, NL, MPI_DOUBLE, MPI_MIN, root, MPI_COMM_WORLD);
    MPI_Reduce(sum, NULL, NL, MPI_DOUBLE, MPI_SUM, root, MPI_COMM_WORLD);
  }
  /* the root gathers in place, then broadcasts a summary */
  double g[2 * 4 + 2], c[2];
  g[root * 2] = 0, g[root * 2 + 1] = 0;
  double pair[2] = {mine[0] * mine[1], exp(mine[0] * (double)0.1)};
  if (rank == root) {
    g[root * 2] = pair[0], g[root * 2 + 1] = pair[1];
    MPI_Gather(MPI_IN_PLACE, 2, MPI_DOUBLE, g, 2, MPI_DOUBLE, root, MPI_COMM_WORLD);
    c[0] = 0, c[1] = lo[0] * lo[1] + sum[0] - sum[1];
    for (int r = 0; r < size; r++) c[0] += g[2 * r] * g[2 * r + 1];
  } else {
    MPI_Gather(pair, 2, MPI_DOUBLE, NULL, 2, MPI_DOUBLE, root, MPI_COMM_WORLD);
  }
  MPI_Bcast(c, 2, MPI_DOUBLE, root, MPI_COMM_WORLD);
  double hi[NL] = {mine[0] * c[0], mine[1] + c[1]};
  MPI_Allreduce(MPI_IN_PLACE, hi, NL, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  for (int i = 0; i < NL; i++) y[i] = hi[i] * x[i] + mine[i] * c[1];
  free(all);
}

/* the same in float */
void mapf(const float *x, float *y) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int root = size > 1 ? 1 : 0;
  float *all = malloc(sizeof(float) * (size_t)(NL * size));
  for (int i = 0; i < NL * size; i++) all[i] = 0;
  for (int i = 0; i < NL; i++) all[rank * NL + i] = x[i] * x[i];
  /* everyone's block, everywhere */
  MPI_Allgather(MPI_IN_PLACE, NL, MPI_FLOAT, all, NL, MPI_FLOAT, MPI_COMM_WORLD);
  float s = 0;
  for (int r = 0; r < size; r++) s += all[r * NL] * (float)(r + 1) + sinf(all[r * NL + 1]);
  /* the root's block is its own, the others come from the root */
  float mine[NL];
  if (rank == root) {
    for (int i = 0; i < NL * size; i++) all[i] = all[i] * s;
    MPI_Scatter(all, NL, MPI_FLOAT, MPI_IN_PLACE, NL, MPI_FLOAT, root, MPI_COMM_WORLD);
    for (int i = 0; i < NL; i++) mine[i] = all[root * NL + i];
  } else {
    MPI_Scatter(NULL, NL, MPI_FLOAT, mine, NL, MPI_FLOAT, root, MPI_COMM_WORLD);
  }
  /* MIN and SUM to the root, in place there */
  float lo[NL], sum[NL];
  for (int i = 0; i < NL; i++) lo[i] = mine[i] - x[i], sum[i] = mine[i] * x[i];
  if (rank == root) {
    MPI_Reduce(MPI_IN_PLACE, lo, NL, MPI_FLOAT, MPI_MIN, root, MPI_COMM_WORLD);
    MPI_Reduce(MPI_IN_PLACE, sum, NL, MPI_FLOAT, MPI_SUM, root, MPI_COMM_WORLD);
  } else {
    MPI_Reduce(lo, NULL, NL, MPI_FLOAT, MPI_MIN, root, MPI_COMM_WORLD);
    MPI_Reduce(sum, NULL, NL, MPI_FLOAT, MPI_SUM, root, MPI_COMM_WORLD);
  }
  /* the root gathers in place, then broadcasts a summary */
  float g[2 * 4 + 2], c[2];
  g[root * 2] = 0, g[root * 2 + 1] = 0;
  float pair[2] = {mine[0] * mine[1], expf(mine[0] * (float)0.1)};
  if (rank == root) {
    g[root * 2] = pair[0], g[root * 2 + 1] = pair[1];
    MPI_Gather(MPI_IN_PLACE, 2, MPI_FLOAT, g, 2, MPI_FLOAT, root, MPI_COMM_WORLD);
    c[0] = 0, c[1] = lo[0] * lo[1] + sum[0] - sum[1];
    for (int r = 0; r < size; r++) c[0] += g[2 * r] * g[2 * r + 1];
  } else {
    MPI_Gather(pair, 2, MPI_FLOAT, NULL, 2, MPI_FLOAT, root, MPI_COMM_WORLD);
  }
  MPI_Bcast(c, 2, MPI_FLOAT, root, MPI_COMM_WORLD);
  float hi[NL] = {mine[0] * c[0], mine[1] + c[1]};
  MPI_Allreduce(MPI_IN_PLACE, hi, NL, MPI_FLOAT, MPI_MAX, MPI_COMM_WORLD);
  for (int i = 0; i < NL; i++) y[i] = hi[i] * x[i] + mine[i] * c[1];
  free(all);
}

double lossd(const double *x) {
  double y[NL], e = 0.0, t;
  mapd(x, y);
  for (int i = 0; i < NL; i++) e += y[i] * y[i];
  MPI_Allreduce(&e, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

#pragma ad jvp(mapd) wrt(x) out(y)
#pragma ad vjp(mapd) wrt(x[NL]) out(y[NL])
#pragma ad jvp(mapf) wrt(x) out(y)
#pragma ad vjp(mapf) wrt(x[NL]) out(y[NL])
#pragma ad grad(lossd) wrt(x[NL])
#pragma ad hvp(lossd) wrt(x[NL])

#include "inplace_float.ad.h"

static void m_f(void *c, const double *x, double *y) { (void)c; mapd(x, y); }
static void m_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; mapd_jvp(x, v, y, yd); }
static void m_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  mapd_vjp(x, xb, y, w);
}
static double l_at(void *c, const double *x) { (void)c; return lossd(x); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(90 + (uint64_t)mpi_rank());
  double x[NL], v[NL], g[NL];
  oracle_fill_uniform(&rng, x, NL, 0.2, 0.9);
  oracle_fill_uniform(&rng, v, NL, -1.0, 1.0);
  mpi_check_vector("mapd", m_f, m_j, m_v, NULL, x, NL, NL, 12);
  /* float against double: jvp and vjp */
  float xf[NL], vf[NL], yf[NL], ydf[NL], wf[NL], xbf[NL] = {0, 0};
  double yd[NL], y[NL], w[NL], xb[NL] = {0, 0}, t1[NL], t2[NL];
  for (int i = 0; i < NL; i++) xf[i] = (float)x[i], vf[i] = (float)v[i], w[i] = cos(3.0 * i + mpi_rank()), wf[i] = (float)w[i];
  mapf_jvp(xf, vf, yf, ydf);
  mapd_jvp(x, v, y, yd);
  for (int i = 0; i < NL; i++) t1[i] = ydf[i], t2[i] = xbf[i];
  mpi_check_vec("mapf jvp = mapd jvp", t1, yd, NL, 1e-4);
  mapf_vjp(xf, xbf, yf, wf);
  mapd_vjp(x, xb, y, w);
  for (int i = 0; i < NL; i++) t2[i] = xbf[i];
  mpi_check_vec("mapf vjp = mapd vjp", t2, xb, NL, 1e-4);
  lossd_grad(x, g);
  mpi_check_grad("lossd", l_at, NULL, x, g, NL, 2, 13);
  double hv[NL], xp[NL], gp[NL], gm[NL], fd[NL], h = 1e-5;
  lossd_hvp(x, v, hv);
  for (int i = 0; i < NL; i++) xp[i] = x[i] + h * v[i];
  lossd_grad(xp, gp);
  for (int i = 0; i < NL; i++) xp[i] = x[i] - h * v[i];
  lossd_grad(xp, gm);
  for (int i = 0; i < NL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("lossd hvp vs differences of grad", hv, fd, NL, 1e-6);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
