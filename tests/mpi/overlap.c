/* Communication overlapped with computation across time steps, as tuned
 * stencil codes write it: the halo of step t + 1 is posted (MPI_Irecv /
 * MPI_Isend into ghost cells of the other buffer) at the end of step t and
 * completed by MPI_Waitall at the start of step t + 1, the requests kept
 * in the caller's array between iterations; the interior is updated while
 * the messages travel, the two edge cells after the wait; buffers swap by
 * pointer. Reverse mode pairs each request with its wait at run time.
 * stencil_ckpt: the same steps with the exchange completed inside each
 * iteration of a checkpointed loop, the MPI calls in its body (cc-ad
 * dropped the checkpoint: "a function it calls writes memory reached
 * through pointers stored in memory", MPI_Waitall's MPI_Request array).
 * Oracles: the same scheme on the whole domain in one process (no MPI):
 * the gradient's slice to 1e-12; central differences along random global
 * directions; jvp = <grad, v>; the dot-product test of the final field. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

enum { STEPS = 6 };

static void post(double *u, int n, MPI_Request *rq) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int l = rank > 0 ? rank - 1 : MPI_PROC_NULL, r = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  MPI_Irecv(&u[0], 1, MPI_DOUBLE, l, 5, MPI_COMM_WORLD, &rq[0]);
  MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, r, 6, MPI_COMM_WORLD, &rq[1]);
  MPI_Isend(&u[n], 1, MPI_DOUBLE, r, 5, MPI_COMM_WORLD, &rq[2]);
  MPI_Isend(&u[1], 1, MPI_DOUBLE, l, 6, MPI_COMM_WORLD, &rq[3]);
}

static double upd(const double *u, int i) {
  return u[i] + 0.2 * (u[i - 1] - 2.0 * u[i] + u[i + 1]) + 0.05 * sin(u[i]) * u[i + 1];
}

/* u0: n cells of this rank; y: the final field */
void stencil(const double *u0, double *y, int n) {
  double *a = calloc((size_t)n + 2, sizeof(double)), *b = calloc((size_t)n + 2, sizeof(double));
  for (int i = 0; i < n; i++) a[i + 1] = u0[i];
  MPI_Request rq[4];
  post(a, n, rq);
  for (int t = 0; t < STEPS; t++) {
    for (int i = 2; i < n; i++) b[i] = upd(a, i);  /* interior while the halo travels */
    MPI_Waitall(4, rq, MPI_STATUSES_IGNORE);
    b[1] = upd(a, 1);
    b[n] = upd(a, n);
    double *tmp = a;
    a = b;
    b = tmp;
    if (t < STEPS - 1) post(a, n, rq);
  }
  for (int i = 0; i < n; i++) y[i] = a[i + 1];
  free(a);
  free(b);
}

double stencil_loss(const double *u0, int n) {
  double y[16], s = 0.0, t;
  stencil(u0, y, n);
  for (int i = 0; i < n; i++) s += y[i] * y[i] * (1.0 + 0.1 * i);
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

/* one process, the whole domain (N = n * parts), the same weights */
double serial_loss(const double *u0, int N, int n) {
  double *a = calloc((size_t)N + 2, sizeof(double)), *b = calloc((size_t)N + 2, sizeof(double));
  for (int i = 0; i < N; i++) a[i + 1] = u0[i];
  for (int t = 0; t < STEPS; t++) {
    for (int i = 1; i <= N; i++) b[i] = upd(a, i);
    double *tmp = a;
    a = b;
    b = tmp;
  }
  double s = 0.0;
  for (int i = 0; i < N; i++) s += a[i + 1] * a[i + 1] * (1.0 + 0.1 * (i % n));
  free(a);
  free(b);
  return s;
}

/* the same steps, the halo exchanged and completed inside each iteration,
 * the MPI calls in the checkpointed loop's body itself */
double stencil_ckpt(const double *u0, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int l = rank > 0 ? rank - 1 : MPI_PROC_NULL, r = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
  double *a = calloc((size_t)n + 2, sizeof(double)), *b = calloc((size_t)n + 2, sizeof(double)), s = 0.0, t;
  for (int i = 0; i < n; i++) a[i + 1] = u0[i];
  MPI_Request rq[4];
#pragma ad checkpoint(snapshots=2)
  for (int k = 0; k < STEPS; k++) {
    MPI_Irecv(&a[0], 1, MPI_DOUBLE, l, 5, MPI_COMM_WORLD, &rq[0]);
    MPI_Irecv(&a[n + 1], 1, MPI_DOUBLE, r, 6, MPI_COMM_WORLD, &rq[1]);
    MPI_Isend(&a[n], 1, MPI_DOUBLE, r, 5, MPI_COMM_WORLD, &rq[2]);
    MPI_Isend(&a[1], 1, MPI_DOUBLE, l, 6, MPI_COMM_WORLD, &rq[3]);
    MPI_Waitall(4, rq, MPI_STATUSES_IGNORE);
    for (int i = 1; i <= n; i++) b[i] = upd(a, i);
    double *tmp = a;
    a = b;
    b = tmp;
  }
  for (int i = 0; i < n; i++) s += a[i + 1] * a[i + 1] * (1.0 + 0.1 * i);
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(a);
  free(b);
  return t;
}

#pragma ad grad(stencil_ckpt) wrt(u0[n])
#pragma ad grad(stencil_loss) wrt(u0[n])
#pragma ad jvp(stencil_loss) wrt(u0)
#pragma ad jvp(stencil) wrt(u0) out(y)
#pragma ad vjp(stencil) wrt(u0[n]) out(y[n])
#pragma ad grad(serial_loss) wrt(u0[N])

#include "overlap.ad.h"

enum { NL = 5 };

static double l_at(void *c, const double *x) { (void)c; return stencil_loss(x, NL); }
static void s_f(void *c, const double *x, double *y) { (void)c; stencil(x, y, NL); }
static void s_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; stencil_jvp(x, v, y, yd, NL); }
static void s_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  stencil_vjp(x, xb, y, w, NL);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), N = NL * size;
  double *all = malloc(sizeof(double) * (size_t)N), *gall = malloc(sizeof(double) * (size_t)N);
  OracleRng rng = oracle_rng(55);
  oracle_fill_uniform(&rng, all, N, -1.0, 1.0);
  const double *x = all + rank * NL;
  double g[NL], v[NL], ld;
  double l = stencil_loss_grad(x, g, NL);
  double lw = serial_loss_grad(all, gall, N, NL);
  mpi_check_close("loss = serial loss", l, lw, 1e-12, 0.0);
  mpi_check_vec("grad = serial grad's slice", g, gall + rank * NL, NL, 1e-12);
  mpi_check_grad("grad", l_at, NULL, x, g, NL, 2, 9);
  for (int i = 0; i < NL; i++) v[i] = cos(1.0 + rank * NL + i);
  stencil_loss_jvp(x, v, NL, &ld);
  mpi_check_close("jvp = <grad, v>", ld, mpi_gdot(g, v, NL), 1e-12, 1e-14);
  mpi_check_vector("stencil", s_f, s_j, s_v, NULL, x, NL, NL, 10);
  double gc[NL];
  double lc = stencil_ckpt_grad(x, gc, NL);
  mpi_check_close("checkpointed loss = serial loss", lc, lw, 1e-12, 0.0);
  mpi_check_vec("checkpointed grad = serial grad's slice", gc, gall + rank * NL, NL, 1e-12);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(all);
  free(gall);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
