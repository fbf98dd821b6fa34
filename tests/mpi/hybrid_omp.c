// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* MPI with OpenMP (hybrid): mpi/field_struct's solver with its stencil and
 * its local sum as '#pragma omp parallel for' loops (the sum a reduction),
 * two threads per rank, the MPI calls outside the parallel regions (the
 * default MPI_THREAD_SINGLE suffices). grad, jvp, hvp.
 * Oracles: central differences along random global directions, jvp =
 * <grad, v>, hvp against differences of grad; grad's primal to 1e-13 (the
 * reduction's order varies). */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"
#ifdef _OPENMP
#include <omp.h>
#endif

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
#pragma omp parallel for reduction(+ : s)
  for (int i = 1; i <= f->n; i++) s += f->u[i] * f->u[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, f->comm);
  return t;
}

/* a few nonlinear smoothing steps, normalised by the global norm */
void smooth(Field *f, double *tmp, int steps) {
  for (int k = 0; k < steps; k++) {
    halo(f);
    double g = gnorm2(f);
#pragma omp parallel for
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

#include "hybrid_omp.ad.h"

enum { NL = 40 };

static double at(void *c, const double *x) { (void)c; return field_loss(x, NL, MPI_COMM_WORLD); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
#ifdef _OPENMP
  omp_set_num_threads(2);
#endif
  OracleRng rng = oracle_rng(600 + (uint64_t)mpi_rank());
  double x[NL], g[NL], v[NL], ld;
  oracle_fill_uniform(&rng, x, NL, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, NL, -1.0, 1.0);
  double l = field_loss_grad(x, g, NL, MPI_COMM_WORLD);
  mpi_check_close("grad's primal", l, field_loss(x, NL, MPI_COMM_WORLD), 1e-13, 0.0);
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
