/* A 1-D nonlinear heat equation u_t = (k(u) u_x)_x, k(u) = 1 + u^2, on a
 * domain split across ranks: each rank owns n cells and two ghost cells,
 * exchanged with MPI_Sendrecv every step (MPI_PROC_NULL at the domain's
 * ends, where u stays 0). The loss is the global sum of u^2 at the end,
 * reduced with MPI_Allreduce.
 *
 * Oracles: the same equation on the whole domain in one process
 * (heat_serial, no MPI, differentiated by cc-ad too): the distributed
 * gradient and tangent equal its slice to 1e-12; central differences
 * along random global directions; the dot-product test between jvp and
 * vjp of the distributed final state, with global inner products. The
 * nonlinear flux reads the ghost values in the backward sweep, so the
 * values each MPI_Sendrecv overwrites must be saved. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

static void exchange(double *u, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  /* my first cell to the left neighbour's right ghost, and back */
  MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&u[n], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

static void step(const double *u, double *v, int n, double r) {
  for (int i = 1; i <= n; i++) {
    double kl = 1.0 + 0.5 * (u[i - 1] * u[i - 1] + u[i] * u[i]);
    double kr = 1.0 + 0.5 * (u[i] * u[i] + u[i + 1] * u[i + 1]);
    v[i] = u[i] + r * (kr * (u[i + 1] - u[i]) - kl * (u[i] - u[i - 1]));
  }
}

/* u[n + 2]: ghost, n cells, ghost; the final state in place */
void heat(double *u, int n, int steps, double r) {
  double *v = calloc((size_t)n + 2, sizeof(double));
  for (int t = 0; t < steps; t++) {
    exchange(u, n);
    step(u, v, n, r);
    memcpy(&u[1], &v[1], sizeof(double) * (size_t)n);
  }
  free(v);
}

double heat_loss(const double *u0, int n, int steps, double r) {
  double *u = calloc((size_t)n + 2, sizeof(double));
  memcpy(&u[1], u0, sizeof(double) * (size_t)n);
  heat(u, n, steps, r);
  double local = 0.0, loss;
  for (int i = 1; i <= n; i++) local += u[i] * u[i];
  MPI_Allreduce(&local, &loss, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(u);
  return loss;
}

/* the whole domain, N cells, one process */
double heat_serial(const double *u0, int N, int steps, double r) {
  double *u = calloc((size_t)N + 2, sizeof(double));
  double *v = calloc((size_t)N + 2, sizeof(double));
  memcpy(&u[1], u0, sizeof(double) * (size_t)N);
  for (int t = 0; t < steps; t++) {
    step(u, v, N, r);
    memcpy(&u[1], &v[1], sizeof(double) * (size_t)N);
  }
  double loss = 0.0;
  for (int i = 1; i <= N; i++) loss += u[i] * u[i];
  free(u);
  free(v);
  return loss;
}

#pragma ad grad(heat_loss) wrt(u0[n])
#pragma ad jvp(heat_loss) wrt(u0)
#pragma ad grad(heat_serial) wrt(u0[N])
#pragma ad hvp(heat_loss) wrt(u0[n])
#pragma ad hvp(heat_serial) wrt(u0[N])
#pragma ad jvp(heat) wrt(u) out(u)
#pragma ad vjp(heat) wrt(u[n + 2]) out(u[n + 2])

#include "heat.ad.h"

enum { N_LOCAL = 6, STEPS = 12 };
static const double R = 0.2;

static double loss_at(void *ctx, const double *x) {
  (void)ctx;
  return heat_loss(x, N_LOCAL, STEPS, R);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), N = N_LOCAL * size;
  double *all = malloc(sizeof(double) * (size_t)N), *gall = malloc(sizeof(double) * (size_t)N);
  OracleRng rng = oracle_rng(42);
  oracle_fill_uniform(&rng, all, N, -0.8, 0.8);
  const double *x = all + rank * N_LOCAL;

  /* grad: the distributed gradient is the single-process one's slice */
  double g[N_LOCAL];
  double loss = heat_loss_grad(x, g, N_LOCAL, STEPS, R);
  double want = heat_serial_grad(all, gall, N, STEPS, R);
  mpi_check_close("loss = serial loss", loss, want, 1e-12, 0.0);
  mpi_check_close("loss = heat_loss", loss, heat_loss(x, N_LOCAL, STEPS, R), 0.0, 0.0);
  mpi_check_vec("grad = serial grad", g, gall + rank * N_LOCAL, N_LOCAL, 1e-12);
  mpi_check_grad("grad", loss_at, NULL, x, g, N_LOCAL, 3, 5);

  /* jvp along a global direction: <grad, v> */
  double v[N_LOCAL], ld;
  oracle_fill_uniform(&rng, v, N_LOCAL, -1.0, 1.0);  /* differs per rank: same seed, different slices below */
  for (int i = 0; i < N_LOCAL; i++) v[i] = sin(1.0 + rank * N_LOCAL + i);
  heat_loss_jvp(x, v, N_LOCAL, STEPS, R, &ld);
  mpi_check_close("jvp = <grad, v>", ld, mpi_gdot(g, v, N_LOCAL), 1e-12, 0.0);

  /* hvp: the serial one's slice, and differences of grad */
  double *vall = calloc((size_t)N, sizeof(double)), *hall = malloc(sizeof(double) * (size_t)N);
  double hv[N_LOCAL], gp[N_LOCAL], gm[N_LOCAL], xp[N_LOCAL], fd[N_LOCAL], h = 1e-5;
  memcpy(vall + rank * N_LOCAL, v, sizeof v);
  MPI_Allreduce(MPI_IN_PLACE, vall, N, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  heat_loss_hvp(x, v, hv, N_LOCAL, STEPS, R);
  heat_serial_hvp(all, vall, hall, N, STEPS, R);
  mpi_check_vec("hvp = serial hvp", hv, hall + rank * N_LOCAL, N_LOCAL, 1e-12);
  for (int i = 0; i < N_LOCAL; i++) xp[i] = x[i] + h * v[i];
  heat_loss_grad(xp, gp, N_LOCAL, STEPS, R);
  for (int i = 0; i < N_LOCAL; i++) xp[i] = x[i] - h * v[i];
  heat_loss_grad(xp, gm, N_LOCAL, STEPS, R);
  for (int i = 0; i < N_LOCAL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("hvp vs differences of grad", hv, fd, N_LOCAL, 1e-6);
  free(vall);
  free(hall);

  /* dot-product test on the final state: <J v, w> = <v, J^T w> */
  double u[N_LOCAL + 2] = {0}, ud[N_LOCAL + 2] = {0}, ub[N_LOCAL + 2] = {0}, w[N_LOCAL + 2] = {0};
  memcpy(&u[1], x, sizeof v);
  memcpy(&ud[1], v, sizeof v);
  for (int i = 1; i <= N_LOCAL; i++) w[i] = ub[i] = cos(3.0 * (rank * N_LOCAL + i));
  heat_jvp(u, ud, N_LOCAL, STEPS, R);
  memcpy(&u[1], x, sizeof v);
  heat_vjp(u, ub, N_LOCAL, STEPS, R);
  mpi_check_close("<J v, w> = <v, J^T w>", mpi_gdot(&ud[1], &w[1], N_LOCAL), mpi_gdot(v, &ub[1], N_LOCAL), 1e-12, 0.0);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(all);
  free(gall);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
