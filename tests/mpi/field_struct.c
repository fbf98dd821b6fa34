/* MPI state in a struct, as solver codes keep it: struct Field holds the
 * local size, the values u (with ghosts), the communicator and the
 * neighbours; helpers take the struct by pointer (halo exchange by
 * MPI_Sendrecv on f->comm, a norm by MPI_Allreduce); grad and jvp with
 * respect to the struct's values (f->u), vjp of a step.
 * Oracles: central differences along random global directions, jvp =
 * <grad, v>, the dot-product test. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

typedef struct Field {
  int n, left, right;
  double *u; /* n + 2: ghost, cells, ghost */
  MPI_Comm comm;
} Field;

static void halo(Field *f) {
  MPI_Sendrecv(&f->u[1], 1, MPI_DOUBLE, f->left, 0, &f->u[f->n + 1], 1, MPI_DOUBLE, f->right, 0, f->comm,
               MPI_STATUS_IGNORE);
  MPI_Sendrecv(&f->u[f->n], 1, MPI_DOUBLE, f->right, 1, &f->u[0], 1, MPI_DOUBLE, f->left, 1, f->comm,
               MPI_STATUS_IGNORE);
}

static double gnorm2(const Field *f) {
  double s = 0.0, t;
  for (int i = 1; i <= f->n; i++) s += f->u[i] * f->u[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, f->comm);
  return t;
}

/* a few nonlinear smoothing steps, normalised by the global norm */
void smooth(Field *f, double *tmp, int steps) {
  for (int k = 0; k < steps; k++) {
    halo(f);
    double g = gnorm2(f);
    for (int i = 1; i <= f->n; i++)
      tmp[i] = f->u[i] + 0.2 * (f->u[i - 1] - 2.0 * f->u[i] + f->u[i + 1]) * f->u[i] / (1.0 + 0.1 * g);
    for (int i = 1; i <= f->n; i++) f->u[i] = tmp[i];
  }
}

double field_loss(const double *u0, int n, MPI_Comm comm) {
  int rank, size;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  Field f = {n, rank > 0 ? rank - 1 : MPI_PROC_NULL, rank < size - 1 ? rank + 1 : MPI_PROC_NULL, NULL, comm};
  f.u = calloc((size_t)n + 2, sizeof(double));
  double *tmp = calloc((size_t)n + 2, sizeof(double));
  for (int i = 0; i < n; i++) f.u[i + 1] = u0[i];
  smooth(&f, tmp, 4);
  double e = gnorm2(&f) + f.u[1] * f.u[n];
  double tot;
  MPI_Allreduce(&e, &tot, 1, MPI_DOUBLE, MPI_SUM, comm);
  free(f.u);
  free(tmp);
  return tot;
}

#pragma ad grad(field_loss) wrt(u0[n])
#pragma ad jvp(field_loss) wrt(u0)
#pragma ad hvp(field_loss) wrt(u0[n])

#include "field_struct.ad.h"

enum { NL = 4 };

static double at(void *c, const double *x) { (void)c; return field_loss(x, NL, MPI_COMM_WORLD); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(600 + (uint64_t)mpi_rank());
  double x[NL], g[NL], v[NL], ld;
  oracle_fill_uniform(&rng, x, NL, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, NL, -1.0, 1.0);
  double l = field_loss_grad(x, g, NL, MPI_COMM_WORLD);
  mpi_check_close("grad's primal", l, field_loss(x, NL, MPI_COMM_WORLD), 0.0, 0.0);
  mpi_check_grad("field_loss", at, NULL, x, g, NL, 3, 61);
  field_loss_jvp(x, v, NL, MPI_COMM_WORLD, &ld);
  mpi_check_close("jvp = <grad, v>", ld, mpi_gdot(g, v, NL), 1e-12, 1e-14);
  double hv[NL], xp[NL], gp[NL], gm[NL], fd[NL], h = 1e-5;
  field_loss_hvp(x, v, hv, NL, MPI_COMM_WORLD);
  for (int i = 0; i < NL; i++) xp[i] = x[i] + h * v[i];
  field_loss_grad(xp, gp, NL, MPI_COMM_WORLD);
  for (int i = 0; i < NL; i++) xp[i] = x[i] - h * v[i];
  field_loss_grad(xp, gm, NL, MPI_COMM_WORLD);
  for (int i = 0; i < NL; i++) fd[i] = (gp[i] - gm[i]) / (2 * h);
  mpi_check_vec("hvp vs differences of grad", hv, fd, NL, 1e-6);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
