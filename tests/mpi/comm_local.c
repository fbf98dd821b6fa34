/* Communicators the differentiated function makes and frees itself, as
 * library code does (MPI_Comm_split / MPI_Comm_dup at the top, MPI_Comm_free
 * at the end), in the function itself and in a helper it calls (split in
 * reverse mode). The backward sweep's adjoint communication runs after the
 * forward sweep freed them: every rank crashed in the backward sweep
 * (a freed communicator). libccad_mpi now frees a communicator the forward
 * sweep frees once every record is reversed (ccad_mpi_comm_free_fwd).
 * grad, jvp, hvp and jacfwd (whose sweeps agree on their count over the
 * communicator of their last call: not one freed).
 * Oracles: central differences of the distributed loss, jvp = <grad, v>,
 * hvp against differences of grad, no record left. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

double pair_loss(const double *x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm pair, dup;
  MPI_Comm_split(MPI_COMM_WORLD, rank / 2, rank, &pair);
  MPI_Comm_dup(MPI_COMM_WORLD, &dup);
  double s = x[0] * x[1] + sin(x[2]), t, u;
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, pair);
  t = t * t;
  MPI_Allreduce(&t, &u, 1, MPI_DOUBLE, MPI_SUM, dup);
  MPI_Comm_free(&pair);
  MPI_Comm_free(&dup);
  return u;
}

/* a helper with a communicator of its own */
static double row_sum(double s) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm row;
  MPI_Comm_split(MPI_COMM_WORLD, rank % 2, rank, &row);
  double t;
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, row);
  MPI_Comm_free(&row);
  return t;
}

double helper_loss(const double *x) {
  double a = row_sum(x[0] * x[1]), b = row_sum(exp(0.3 * x[2]) * a), t;
  double s = a * b + x[2] * x[2];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t;
}

#pragma ad grad(helper_loss) wrt(x[3])
#pragma ad hvp(helper_loss) wrt(x[3])
#pragma ad hvp(pair_loss) wrt(x[3])
#pragma ad grad(pair_loss) wrt(x[3])
#pragma ad jacfwd(pair_loss) wrt(x[3])
#pragma ad jvp(pair_loss) wrt(x)

#include "comm_local.ad.h"

static double at(void *c, const double *x) { (void)c; return pair_loss(x); }
static double hat(void *c, const double *x) { (void)c; return helper_loss(x); }

typedef double (*GradFn)(const double *, double *);
typedef double (*HvpFn)(const double *, const double *, double *);

static void check_hvp(const char *label, GradFn g, HvpFn hvp, const double *x, const double *v) {
  double hv[3], xp[3], gp[3], gm[3], fd[3], h = 1e-5;
  hvp(x, v, hv);
  for (int i = 0; i < 3; i++) xp[i] = x[i] + h * v[i];
  g(xp, gp);
  for (int i = 0; i < 3; i++) xp[i] = x[i] - h * v[i];
  g(xp, gm);
  for (int i = 0; i < 3; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec(label, hv, fd, 3, 1e-6);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(500 + (uint64_t)mpi_rank());
  double x[3], g[3], v[3], ld;
  oracle_fill_uniform(&rng, x, 3, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, 3, -1.0, 1.0);
  double l = pair_loss_grad(x, g);
  mpi_check_close("grad's primal", l, pair_loss(x), 0.0, 0.0);
  mpi_check_grad("pair_loss", at, NULL, x, g, 3, 2, 51);
  pair_loss_jvp(x, v, &ld);
  mpi_check_close("jvp = <grad, v>", ld, mpi_gdot(g, v, 3), 1e-12, 1e-14);
  /* jacfwd (jvp sweeps: MPI_Comm_free as written, libccad_mpi told) moves x[j] on every rank at once */
  double jf[3], gs[3];
  pair_loss_jacfwd(x, jf);
  for (int i = 0; i < 3; i++) gs[i] = mpi_gsum(g[i]);
  mpi_check_vec("pair_loss jacfwd = grad summed over the ranks", jf, gs, 3, 1e-12);
  check_hvp("pair_loss hvp vs differences of grad", pair_loss_grad, pair_loss_hvp, x, v);
  double l2 = helper_loss_grad(x, g);
  mpi_check_close("helper_loss grad's primal", l2, helper_loss(x), 0.0, 0.0);
  mpi_check_grad("helper_loss", hat, NULL, x, g, 3, 2, 52);
  check_hvp("helper_loss hvp vs differences of grad", helper_loss_grad, helper_loss_hvp, x, v);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
