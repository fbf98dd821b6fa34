/* MPI calls whose buffers are cast to (void *) as written, as much MPI
 * code does (MPI_Send((void *)x, ...)): the cast is what the prototype's
 * conversion does anyway, so the call moves derivatives as without it. cc-ad
 * refused them ("cannot see the body of 'MPI_Sendrecv'": the buffer did not
 * look like float data). A ring by MPI_Sendrecv, a broadcast, an
 * MPI_Isend/MPI_Irecv pair with MPI_Waitall, a sum by MPI_Allreduce; jvp,
 * vjp, grad and hvp.
 * Oracles: central differences of the distributed loss, jvp = <grad, v>
 * with global inner products, the dot-product test of the vector map,
 * hvp against differences of grad. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

#include "mpi_oracle.h"

enum { NL = 3 };

/* y: what the previous rank computed from its x, times x; a broadcast and
 * a non-blocking shift added */
void shift(const double *x, double *y, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  int next = (rank + 1) % size, prev = (rank + size - 1) % size;
  double *q = malloc(sizeof(double) * (size_t)n), *r = malloc(sizeof(double) * (size_t)n);
  for (int i = 0; i < n; i++) q[i] = x[i] * x[i];
  MPI_Sendrecv((void *)q, n, MPI_DOUBLE, next, 0, (void *)r, n, MPI_DOUBLE, prev, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double c[2] = {sin(x[0]), x[n - 1]};
  MPI_Bcast((void *)c, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  double a = exp(0.3 * x[1]), b;
  MPI_Request rq[2];
  MPI_Irecv((void *)&b, 1, MPI_DOUBLE, next, 1, MPI_COMM_WORLD, &rq[0]);
  MPI_Isend((const void *)&a, 1, MPI_DOUBLE, prev, 1, MPI_COMM_WORLD, &rq[1]);
  MPI_Waitall(2, rq, MPI_STATUSES_IGNORE);
  for (int i = 0; i < n; i++) y[i] = r[i] * x[i] + c[0] * c[1] + b * x[i];
  free(q);
  free(r);
}

double shift_loss(const double *x, int n) {
  double y[NL], s = 0.0, t;
  shift(x, y, n);
  for (int i = 0; i < n; i++) s += y[i] * y[i];
  MPI_Allreduce((void *)&s, (void *)&t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

/* blocking, for hvp (non-blocking messages have no second order) */
double ring_loss(const double *x, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double q[NL], r[NL], s = 0.0, t;
  for (int i = 0; i < n; i++) q[i] = x[i] * x[i];
  MPI_Sendrecv((void *)q, n, MPI_DOUBLE, (rank + 1) % size, 0, (void *)r, n, MPI_DOUBLE, (rank + size - 1) % size, 0,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  for (int i = 0; i < n; i++) s += r[i] * x[i] * x[i];
  MPI_Allreduce((void *)&s, (void *)&t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

#pragma ad jvp(shift) wrt(x) out(y)
#pragma ad vjp(shift) wrt(x[n]) out(y[n])
#pragma ad grad(shift_loss) wrt(x[n])
#pragma ad jvp(shift_loss) wrt(x)
#pragma ad grad(ring_loss) wrt(x[n])
#pragma ad hvp(ring_loss) wrt(x[n])

#include "void_cast.ad.h"

static void sh_f(void *c, const double *x, double *y) { (void)c; shift(x, y, NL); }
static void sh_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; shift_jvp(x, v, y, yd, NL); }
static void sh_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  shift_vjp(x, xb, y, w, NL);
}
static double sl_at(void *c, const double *x) { (void)c; return shift_loss(x, NL); }
static double rl_at(void *c, const double *x) { (void)c; return ring_loss(x, NL); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(61 + (uint64_t)mpi_rank());
  double x[NL], g[NL], v[NL], ld;
  oracle_fill_uniform(&rng, x, NL, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, NL, -1.0, 1.0);
  mpi_check_vector("shift", sh_f, sh_j, sh_v, NULL, x, NL, NL, 2);
  double l = shift_loss_grad(x, g, NL);
  mpi_check_close("shift_loss_grad's primal", l, shift_loss(x, NL), 0.0, 0.0);
  mpi_check_grad("shift_loss", sl_at, NULL, x, g, NL, 2, 8);
  shift_loss_jvp(x, v, NL, &ld);
  mpi_check_close("shift_loss jvp = <grad, v>", ld, mpi_gdot(g, v, NL), 1e-12, 1e-14);
  ring_loss_grad(x, g, NL);
  mpi_check_grad("ring_loss", rl_at, NULL, x, g, NL, 2, 9);
  double hv[NL], xp[NL], gp[NL], gm[NL], fd[NL], h = 1e-5;
  ring_loss_hvp(x, v, hv, NL);
  for (int i = 0; i < NL; i++) xp[i] = x[i] + h * v[i];
  ring_loss_grad(xp, gp, NL);
  for (int i = 0; i < NL; i++) xp[i] = x[i] - h * v[i];
  ring_loss_grad(xp, gm, NL);
  for (int i = 0; i < NL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("ring_loss hvp vs differences of grad", hv, fd, NL, 1e-6);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
