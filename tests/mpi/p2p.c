/* Point-to-point messages in every mode: a ring with MPI_Send/MPI_Recv
 * (blocking, even ranks send first; one receive from MPI_ANY_SOURCE, whose
 * actual source the backward sweep must use), and a halo exchange with
 * MPI_Irecv/MPI_Isend completed by MPI_Waitall and by MPI_Wait.
 * Oracles: central differences of the distributed function, the
 * dot-product test between jvp and vjp with global inner products, and
 * grad of a scalar reduction against differences. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

/* y[i] = x[i] * (what the previous rank holds)[i], then a smooth map */
void ring(const double *x, double *y, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  double *got = malloc(sizeof(double) * (size_t)n);
  MPI_Status st;
  if (rank % 2 == 0) {
    MPI_Send(x, n, MPI_DOUBLE, next, 7, MPI_COMM_WORLD);
    MPI_Recv(got, n, MPI_DOUBLE, MPI_ANY_SOURCE, 7, MPI_COMM_WORLD, &st);
  } else {
    MPI_Recv(got, n, MPI_DOUBLE, prev, 7, MPI_COMM_WORLD, &st);
    MPI_Send(x, n, MPI_DOUBLE, next, 7, MPI_COMM_WORLD);
  }
  int count;  /* what the message held (forward mode sends tangents in it too) */
  MPI_Get_count(&st, MPI_DOUBLE, &count);
  for (int i = 0; i < n; i++) y[i] = i < count ? sin(x[i]) * got[i] + exp(0.1 * got[i]) + 0.01 * count : 0.0;
  free(got);
}

/* Both neighbours' edge values by non-blocking messages, then a stencil. */
void halo(const double *x, double *y, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  double left, right, edge[2] = {x[0] * x[0], x[n - 1]};
  MPI_Request req[4];
  MPI_Irecv(&left, 1, MPI_DOUBLE, prev, 1, MPI_COMM_WORLD, &req[0]);
  MPI_Irecv(&right, 1, MPI_DOUBLE, next, 2, MPI_COMM_WORLD, &req[1]);
  MPI_Isend(&edge[1], 1, MPI_DOUBLE, next, 1, MPI_COMM_WORLD, &req[2]);
  MPI_Isend(&edge[0], 1, MPI_DOUBLE, prev, 2, MPI_COMM_WORLD, &req[3]);
  MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
  for (int i = 0; i < n; i++) {
    double l = i > 0 ? x[i - 1] : left, r = i < n - 1 ? x[i + 1] : right;
    y[i] = l * r - 2.0 * x[i];
  }
  /* one more value round the ring, with MPI_Wait on each request */
  double mine = y[0] * y[n - 1], theirs;
  MPI_Request rr, rs;
  MPI_Irecv(&theirs, 1, MPI_DOUBLE, prev, 3, MPI_COMM_WORLD, &rr);
  MPI_Isend(&mine, 1, MPI_DOUBLE, next, 3, MPI_COMM_WORLD, &rs);
  MPI_Wait(&rs, MPI_STATUS_IGNORE);
  MPI_Wait(&rr, MPI_STATUS_IGNORE);
  y[0] += cos(theirs);
}

double ring_norm(const double *x, int n) {
  double *y = malloc(sizeof(double) * (size_t)n);
  ring(x, y, n);
  double s = 0.0, total;
  for (int i = 0; i < n; i++) s += y[i] * y[i];
  free(y);
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return sqrt(total);
}

#pragma ad jvp(ring) wrt(x) out(y)
#pragma ad vjp(ring) wrt(x[n]) out(y[n])
#pragma ad jvp(halo) wrt(x) out(y)
#pragma ad vjp(halo) wrt(x[n]) out(y[n])
#pragma ad grad(ring_norm) wrt(x[n])
#pragma ad hvp(ring_norm) wrt(x[n])

#include "p2p.ad.h"

enum { N = 5 };

static void ring_f(void *c, const double *x, double *y) { (void)c; ring(x, y, N); }
static void ring_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; ring_jvp(x, v, y, yd, N); }
static void ring_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[N];
  ring_vjp(x, xb, y, w, N);
}
static void halo_f(void *c, const double *x, double *y) { (void)c; halo(x, y, N); }
static void halo_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; halo_jvp(x, v, y, yd, N); }
static void halo_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[N];
  halo_vjp(x, xb, y, w, N);
}
static double norm_f(void *c, const double *x) { (void)c; return ring_norm(x, N); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  double x[N], g[N];
  OracleRng rng = oracle_rng(100 + (uint64_t)mpi_rank());
  oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
  mpi_check_vector("ring", ring_f, ring_j, ring_v, NULL, x, N, N, 1);
  mpi_check_vector("halo", halo_f, halo_j, halo_v, NULL, x, N, N, 2);
  double r = ring_norm_grad(x, g, N);
  mpi_check_close("ring_norm_grad's primal", r, ring_norm(x, N), 0.0, 0.0);
  mpi_check_grad("ring_norm", norm_f, NULL, x, g, N, 3, 3);
  double v[N], hv[N], xp[N], gp[N], gm[N], fd[N], h = 1e-5;
  for (int i = 0; i < N; i++) v[i] = cos(1.0 + mpi_rank() * N + i);
  ring_norm_hvp(x, v, hv, N);
  for (int i = 0; i < N; i++) xp[i] = x[i] + h * v[i];
  ring_norm_grad(xp, gp, N);
  for (int i = 0; i < N; i++) xp[i] = x[i] - h * v[i];
  ring_norm_grad(xp, gm, N);
  for (int i = 0; i < N; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("ring_norm: hvp vs differences of grad", hv, fd, N, 1e-6);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
