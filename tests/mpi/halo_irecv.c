/* A 1-D diffusion solver written the way halo exchanges usually are: each
 * rank owns n cells of u[n + 2] (ghosts u[0] and u[n + 1]); a helper posts
 * MPI_Irecv into both ghosts and MPI_Isend of both edge cells and completes
 * them with MPI_Waitall (exchange_halo), or posts them in one helper and
 * waits in another with the requests kept by the caller (post_halo,
 * finish_halo, with work on the interior in between), or receives into
 * a local pair and copies (exchange_copy). The time loop calls
 * them; the loss is the global sum of u^2, reduced with MPI_Allreduce.
 * Reverse mode sees the non-blocking calls in split callees (g_fwd/g_bwd).
 *
 * Oracles: the same solver on the whole domain in one process (the
 * gradient's slice to 1e-12), central differences of the global loss along
 * random global directions, jvp = <grad, v>, and the dot-product test
 * between jvp and vjp of the final state with global inner products. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

static void neighbours(int *left, int *right) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  *left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  *right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
}

static void exchange_halo(double *u, int n) {
  int left, right;
  MPI_Request req[4];
  neighbours(&left, &right);
  MPI_Irecv(&u[0], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, &req[0]);
  MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD, &req[1]);
  MPI_Isend(&u[1], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, &req[2]);
  MPI_Isend(&u[n], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, &req[3]);
  MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
}

static void post_halo(double *u, int n, MPI_Request *req) {
  int left, right;
  neighbours(&left, &right);
  MPI_Irecv(u, 1, MPI_DOUBLE, left, 2, MPI_COMM_WORLD, &req[0]);
  MPI_Irecv(u + n + 1, 1, MPI_DOUBLE, right, 3, MPI_COMM_WORLD, &req[1]);
  MPI_Isend(u + 1, 1, MPI_DOUBLE, left, 3, MPI_COMM_WORLD, &req[2]);
  MPI_Isend(u + n, 1, MPI_DOUBLE, right, 2, MPI_COMM_WORLD, &req[3]);
}

static void finish_halo(MPI_Request *req) { MPI_Waitall(4, req, MPI_STATUSES_IGNORE); }

/* the ghosts received into a local pair first, then copied (a domain end
 * keeps 0: a receive from MPI_PROC_NULL leaves its buffer as it was) */
static void exchange_copy(double *u, int n) {
  int left, right;
  double ghost[2] = {0.0, 0.0}, edge[2] = {u[1], u[n]};
  MPI_Request req[4];
  neighbours(&left, &right);
  MPI_Irecv(ghost, 1, MPI_DOUBLE, left, 4, MPI_COMM_WORLD, &req[0]);
  MPI_Irecv(ghost + 1, 1, MPI_DOUBLE, right, 5, MPI_COMM_WORLD, &req[1]);
  MPI_Isend(&edge[0], 1, MPI_DOUBLE, left, 5, MPI_COMM_WORLD, &req[2]);
  MPI_Isend(&edge[1], 1, MPI_DOUBLE, right, 4, MPI_COMM_WORLD, &req[3]);
  MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
  u[0] = ghost[0];
  u[n + 1] = ghost[1];
}

/* v[i] for cells lo..hi: explicit Euler with a nonlinear conductivity */
static void diffuse(const double *u, double *v, int lo, int hi, double r) {
  for (int i = lo; i <= hi; i++) {
    double kl = 1.0 + 0.5 * (u[i - 1] * u[i - 1] + u[i] * u[i]);
    double kr = 1.0 + 0.5 * (u[i] * u[i] + u[i + 1] * u[i + 1]);
    v[i] = u[i] + r * (kr * (u[i + 1] - u[i]) - kl * (u[i] - u[i - 1]));
  }
}

/* u[n + 2]: the final state in place; every third step overlaps the exchange
 * with the interior (n >= 3) */
void solve(double *u, int n, int steps, double r) {
  double *v = calloc((size_t)n + 2, sizeof(double));
  MPI_Request req[4];
  for (int t = 0; t < steps; t++) {
    if (t % 3 == 0) {
      exchange_halo(u, n);
      diffuse(u, v, 1, n, r);
    } else if (t % 3 == 1) {
      exchange_copy(u, n);
      diffuse(u, v, 1, n, r);
    } else {
      post_halo(u, n, req);
      diffuse(u, v, 2, n - 1, r);
      finish_halo(req);
      diffuse(u, v, 1, 1, r);
      diffuse(u, v, n, n, r);
    }
    memcpy(&u[1], &v[1], sizeof(double) * (size_t)n);
  }
  free(v);
}

double solve_loss(const double *u0, int n, int steps, double r) {
  double *u = calloc((size_t)n + 2, sizeof(double));
  memcpy(&u[1], u0, sizeof(double) * (size_t)n);
  solve(u, n, steps, r);
  double local = 0.0, loss;
  for (int i = 1; i <= n; i++) local += u[i] * u[i];
  MPI_Allreduce(&local, &loss, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(u);
  return loss;
}

/* the whole domain, N cells, one process (u = 0 beyond both ends) */
double serial_loss(const double *u0, int N, int steps, double r) {
  double *u = calloc((size_t)N + 2, sizeof(double));
  double *v = calloc((size_t)N + 2, sizeof(double));
  memcpy(&u[1], u0, sizeof(double) * (size_t)N);
  for (int t = 0; t < steps; t++) {
    diffuse(u, v, 1, N, r);
    memcpy(&u[1], &v[1], sizeof(double) * (size_t)N);
  }
  double loss = 0.0;
  for (int i = 1; i <= N; i++) loss += u[i] * u[i];
  free(u);
  free(v);
  return loss;
}

#pragma ad grad(solve_loss) wrt(u0[n])
#pragma ad jvp(solve_loss) wrt(u0)
#pragma ad grad(serial_loss) wrt(u0[N])
#pragma ad jvp(solve) wrt(u) out(u)
#pragma ad vjp(solve) wrt(u[n + 2]) out(u[n + 2])

#include "halo_irecv.ad.h"

enum { N_LOCAL = 5, STEPS = 9 };
static const double R = 0.2;

static double loss_at(void *ctx, const double *x) {
  (void)ctx;
  return solve_loss(x, N_LOCAL, STEPS, R);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), N = N_LOCAL * size;
  double *all = malloc(sizeof(double) * (size_t)N), *gall = malloc(sizeof(double) * (size_t)N);
  OracleRng rng = oracle_rng(7);
  oracle_fill_uniform(&rng, all, N, -0.8, 0.8);
  const double *x = all + rank * N_LOCAL;

  /* grad: the single-process gradient's slice, and central differences */
  double g[N_LOCAL];
  double loss = solve_loss_grad(x, g, N_LOCAL, STEPS, R);
  double want = serial_loss_grad(all, gall, N, STEPS, R);
  mpi_check_close("loss = serial loss", loss, want, 1e-12, 0.0);
  mpi_check_vec("grad = serial grad", g, gall + rank * N_LOCAL, N_LOCAL, 1e-12);
  mpi_check_grad("grad", loss_at, NULL, x, g, N_LOCAL, 3, 5);

  /* jvp along a global direction: <grad, v> */
  double v[N_LOCAL], ld;
  for (int i = 0; i < N_LOCAL; i++) v[i] = sin(1.0 + rank * N_LOCAL + i);
  solve_loss_jvp(x, v, N_LOCAL, STEPS, R, &ld);
  mpi_check_close("jvp = <grad, v>", ld, mpi_gdot(g, v, N_LOCAL), 1e-12, 0.0);

  /* dot-product test on the final state: <J v, w> = <v, J^T w> */
  double u[N_LOCAL + 2] = {0}, ud[N_LOCAL + 2] = {0}, ub[N_LOCAL + 2] = {0}, w[N_LOCAL + 2] = {0};
  memcpy(&u[1], x, sizeof v);
  memcpy(&ud[1], v, sizeof v);
  for (int i = 1; i <= N_LOCAL; i++) w[i] = ub[i] = cos(3.0 * (rank * N_LOCAL + i));
  solve_jvp(u, ud, N_LOCAL, STEPS, R);
  memset(u, 0, sizeof u);
  memcpy(&u[1], x, sizeof v);
  solve_vjp(u, ub, N_LOCAL, STEPS, R);
  mpi_check_close("<J v, w> = <v, J^T w>", mpi_gdot(&ud[1], &w[1], N_LOCAL), mpi_gdot(v, &ub[1], N_LOCAL), 1e-12, 0.0);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(all);
  free(gall);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
