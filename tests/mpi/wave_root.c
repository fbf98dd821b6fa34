/* A root-driven 1-D wave equation, written as MPI programs usually are:
 * the root (the last rank) holds the parameters p = {c, damping} and the
 * whole initial field; MPI_Bcast sends p, MPI_Scatter deals the field out
 * (the send buffer NULL on the other ranks); each rank steps its part with
 * a leapfrog scheme whose halo goes by MPI_Irecv/MPI_Isend/MPI_Waitall,
 * the time loop under '#pragma ad checkpoint'; MPI_Gather collects the
 * final field at the root (the receive buffer NULL elsewhere), which
 * computes the energy; MPI_Reduce with MPI_IN_PLACE at the root adds a
 * per-rank term; MPI_Bcast hands the loss to every rank.
 * Oracles: the same scheme on the whole domain in one process (no MPI):
 * the root's gradient (p and the field) equals its, to 1e-12; central
 * differences of the distributed loss; jvp = <grad, v>; the dot-product
 * test of the scattered-then-stepped field (vjp/jvp of wave_field). */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { STEPS = 10 };

static void halo(double *u, int n, MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int left = rank > 0 ? rank - 1 : MPI_PROC_NULL, right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  MPI_Request rq[4];
  MPI_Irecv(&u[0], 1, MPI_DOUBLE, left, 3, comm, &rq[0]);
  MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, right, 4, comm, &rq[1]);
  MPI_Isend(&u[n], 1, MPI_DOUBLE, right, 3, comm, &rq[2]);
  MPI_Isend(&u[1], 1, MPI_DOUBLE, left, 4, comm, &rq[3]);
  MPI_Waitall(4, rq, MPI_STATUSES_IGNORE);
}

/* one leapfrog step of u (n + 2 with ghosts; um the previous step) */
static void leap(double *u, double *um, double *tmp, int n, double c2, double damp) {
  for (int i = 1; i <= n; i++)
    tmp[i] = (2.0 * u[i] - (1.0 - damp) * um[i] + c2 * (u[i - 1] - 2.0 * u[i] + u[i + 1]) * (1.0 + 0.3 * u[i] * u[i])) /
             (1.0 + damp);
  for (int i = 1; i <= n; i++) {
    um[i] = u[i];
    u[i] = tmp[i];
  }
}

/* field: ntot = n * size at the root (NULL, ntot = 0 elsewhere; its gradient
 * block must still be a valid pointer there, since grad zeroes
 * field_bar[ntot]); p[2] at the root */
double wave_loss(double *p, const double *field, int n, int ntot, MPI_Comm comm) {
  (void)ntot;
  int rank, size, root;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  root = size - 1;
  MPI_Bcast(p, 2, MPI_DOUBLE, root, comm);
  double *u = calloc((size_t)n + 2, sizeof(double)), *um = calloc((size_t)n + 2, sizeof(double));
  double *tmp = calloc((size_t)n + 2, sizeof(double));
  MPI_Scatter(field, n, MPI_DOUBLE, &u[1], n, MPI_DOUBLE, root, comm);
  for (int i = 1; i <= n; i++) um[i] = u[i];
  double c2 = p[0] * p[0], damp = p[1];
#pragma ad checkpoint
  for (int t = 0; t < STEPS; t++) {
    halo(u, n, comm);
    leap(u, um, tmp, n, c2, damp);
  }
  double *all = rank == root ? malloc(sizeof(double) * (size_t)(n * size)) : NULL;
  MPI_Gather(&u[1], n, MPI_DOUBLE, all, n, MPI_DOUBLE, root, comm);
  double e = 0.0, loss = 0.0;
  if (rank == root)
    for (int i = 0; i < n * size; i++) e += all[i] * all[i] * (1.0 + 0.01 * i);
  double sd = 0.0;
  for (int i = 1; i <= n; i++) sd += u[i] - um[i];
  double mine = sd * sd;
  if (rank == root) {
    MPI_Reduce(MPI_IN_PLACE, &mine, 1, MPI_DOUBLE, MPI_SUM, root, comm);
    loss = e + mine;
  } else {
    MPI_Reduce(&mine, NULL, 1, MPI_DOUBLE, MPI_SUM, root, comm);
  }
  MPI_Bcast(&loss, 1, MPI_DOUBLE, root, comm);
  free(all);
  free(u);
  free(um);
  free(tmp);
  return loss;
}

/* the whole domain in one process, no MPI */
double wave_serial(const double *p, const double *field, int N, int parts) {
  int n = N / parts;
  double *u = calloc((size_t)N + 2, sizeof(double)), *um = calloc((size_t)N + 2, sizeof(double));
  double *tmp = calloc((size_t)N + 2, sizeof(double));
  for (int i = 1; i <= N; i++) um[i] = u[i] = field[i - 1];
  double c2 = p[0] * p[0], damp = p[1];
  for (int t = 0; t < STEPS; t++) {
    for (int i = 1; i <= N; i++)
      tmp[i] = (2.0 * u[i] - (1.0 - damp) * um[i] + c2 * (u[i - 1] - 2.0 * u[i] + u[i + 1]) * (1.0 + 0.3 * u[i] * u[i])) /
               (1.0 + damp);
    for (int i = 1; i <= N; i++) {
      um[i] = u[i];
      u[i] = tmp[i];
    }
  }
  double e = 0.0, loss = 0.0;
  for (int i = 0; i < N; i++) e += u[i + 1] * u[i + 1] * (1.0 + 0.01 * i);
  for (int r = 0; r < parts; r++) {
    double m = 0.0;
    for (int i = 1; i <= n; i++) m += u[r * n + i] - um[r * n + i];
    loss += m * m;
  }
  free(u);
  free(um);
  free(tmp);
  return loss + e;
}

/* the distributed field after the steps (y: n per rank) */
void wave_field(const double *u0, double *y, int n, double c) {
  double *u = calloc((size_t)n + 2, sizeof(double)), *um = calloc((size_t)n + 2, sizeof(double));
  double *tmp = calloc((size_t)n + 2, sizeof(double));
  for (int i = 1; i <= n; i++) um[i] = u[i] = u0[i - 1];
#pragma ad checkpoint(snapshots=2)
  for (int t = 0; t < STEPS; t++) {
    halo(u, n, MPI_COMM_WORLD);
    leap(u, um, tmp, n, c * c, 0.05);
  }
  for (int i = 0; i < n; i++) y[i] = u[i + 1];
  free(u);
  free(um);
  free(tmp);
}

#pragma ad grad(wave_loss) wrt(p[2], field[ntot])
#pragma ad jvp(wave_loss) wrt(p, field)
#pragma ad grad(wave_serial) wrt(p[2], field[N])
#pragma ad jvp(wave_field) wrt(u0) out(y)
#pragma ad vjp(wave_field) wrt(u0[n]) out(y[n])

#include "wave_root.ad.h"

enum { NL = 5 };

typedef struct { double *field; } Ctx;
static double loss_at(void *c, const double *pf) {
  /* pf: p then the field, meaningful at the root only */
  (void)c;
  double p[2] = {pf[0], pf[1]};
  int root = mpi_rank() == mpi_size() - 1;
  return wave_loss(p, root ? pf + 2 : NULL, NL, root ? NL * mpi_size() : 0, MPI_COMM_WORLD);
}
static void f_f(void *c, const double *x, double *y) { (void)c; wave_field(x, y, NL, 0.7); }
static void f_j(void *c, const double *x, const double *v, double *y, double *yd) {
  (void)c;
  wave_field_jvp(x, v, y, yd, NL, 0.7);
}
static void f_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  wave_field_vjp(x, xb, y, w, NL, 0.7);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), N = NL * size, isroot = rank == size - 1;
  double *pf = calloc((size_t)N + 2, sizeof(double)), *gpf = calloc((size_t)N + 2, sizeof(double));
  double *want = calloc((size_t)N + 2, sizeof(double));
  OracleRng rng = oracle_rng(77);
  pf[0] = 0.6, pf[1] = 0.05;
  oracle_fill_uniform(&rng, pf + 2, N, -0.5, 0.5);
  double lw = wave_serial_grad(pf, want, pf + 2, want + 2, N, size);
  /* non-roots hold garbage parameters, overwritten by the broadcast */
  double p[2] = {isroot ? pf[0] : 99.0, isroot ? pf[1] : -7.0};
  /* (a rank's empty gradient block: a valid pointer, not NULL: grad zeroes
   * field_bar[0 .. ntot), memset(p, 0, 0), which C leaves undefined for a
   * null p, and UBSan reports) */
  double no_block[1];
  double l = wave_loss_grad(p, gpf, isroot ? pf + 2 : NULL, isroot ? gpf + 2 : no_block, NL, isroot ? N : 0, MPI_COMM_WORLD);
  mpi_check_close("loss = serial loss", l, lw, 1e-12, 0.0);
  if (!isroot) memset(want, 0, sizeof(double) * (size_t)(N + 2));
  mpi_check_vec("grad (p, field) at the root = serial grad, 0 elsewhere", gpf, want, isroot ? N + 2 : 2, 1e-12);
  /* central differences: only the root's entries count */
  double *dir = calloc((size_t)N + 2, sizeof(double));
  for (int k = 0; k < 2; k++) {
    OracleRng r2 = oracle_rng(100 + (uint64_t)k);
    oracle_fill_uniform(&r2, dir, N + 2, -1.0, 1.0);
    if (!isroot) memset(dir, 0, sizeof(double) * (size_t)(N + 2));
    double fd = mpi_fd_dir(loss_at, NULL, pf, dir, N + 2), got = mpi_gdot(gpf, dir, isroot ? N + 2 : 2);
    mpi_check_close("<grad, v> vs differences", got, fd, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    double pd[2] = {dir[0], dir[1]}, ld, pp[2] = {pf[0], pf[1]};
    wave_loss_jvp(pp, pd, isroot ? pf + 2 : NULL, isroot ? dir + 2 : NULL, NL, N, MPI_COMM_WORLD, &ld);
    mpi_check_close("jvp = <grad, v>", ld, got, 1e-12, 1e-14);
  }
  double u0[NL];
  for (int i = 0; i < NL; i++) u0[i] = pf[2 + rank * NL + i];
  mpi_check_vector("wave_field", f_f, f_j, f_v, NULL, u0, NL, NL, 4);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(pf), free(gpf), free(want), free(dir);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
