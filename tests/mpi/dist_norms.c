/* Distributed norms in every mode: x and y are vectors split over the
 * ranks (n elements each). norm2 reduces a dot product with MPI_Allreduce
 * (MPI_SUM); mixnorm adds a max-norm (MPI_MAX, in place, two elements) and
 * a min (MPI_MIN, in place); normalize is the vector x / ||x||; norm2f the
 * same norm on float buffers (MPI_FLOAT).
 * renorm: a checkpointed loop of MPI_Allreduce on a communicator passed as
 * a parameter.
 * Oracles: the same functions on MPI_COMM_SELF with the whole vectors in
 * one process (whose jacfwd is the full Jacobian J, hessian the full H):
 * grad, jvp, vjp and hvp equal its slices; jacfwd (every rank's inputs
 * moved along the same unit direction) equals sum_s J[r][s]; jacrev (every
 * rank seeded with the same unit row) equals sum_s J[s][r]; hessian
 * (jacfwd of grad) equals sum_s H[r][s]; central differences of the
 * distributed function; forward against reverse with global inner
 * products. Random data: no ties in MAX/MIN. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

double norm2(const double *x, int n, MPI_Comm comm) {
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, comm);
  return sqrt(t);
}

double mixnorm(const double *x, const double *y, int n, MPI_Comm comm) {
  double d = 0.0, m[2] = {0.0, -1e300}, lo = 1e300;
  for (int i = 0; i < n; i++) {
    d += x[i] * y[i];
    m[0] = fmax(m[0], fabs(x[i]));
    m[1] = fmax(m[1], y[i] * x[i] * x[i]);
    lo = fmin(lo, y[i] - x[i]);
  }
  MPI_Allreduce(MPI_IN_PLACE, m, 2, MPI_DOUBLE, MPI_MAX, comm);
  MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_DOUBLE, MPI_MIN, comm);
  double dg;
  MPI_Allreduce(&d, &dg, 1, MPI_DOUBLE, MPI_SUM, comm);
  return dg * m[0] + lo * lo + exp(m[1]);
}

void normalize(const double *x, double *y, int n, MPI_Comm comm) {
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, comm);
  double inv = 1.0 / sqrt(t);
  for (int i = 0; i < n; i++) y[i] = x[i] * inv * (1.0 + 0.1 * x[i]);
}

float norm2f(const float *x, int n, MPI_Comm comm) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_FLOAT, MPI_SUM, comm);
  return sqrtf(s);
}

/* a checkpointed loop calling MPI with the communicator a parameter: MPI
 * handles are no memory the loop writes (the checkpoint was dropped with a
 * warning, "memory whose class the analysis does not know") */
double renorm(const double *x, int n, MPI_Comm comm) {
  double *u = calloc((size_t)n, sizeof(double)), t = 0.0;
  for (int i = 0; i < n; i++) u[i] = x[i];
#pragma ad checkpoint(snapshots=2)
  for (int k = 0; k < 5; k++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += u[i] * u[i];
    MPI_Allreduce(MPI_IN_PLACE, &s, 1, MPI_DOUBLE, MPI_SUM, comm);
    for (int i = 0; i < n; i++) u[i] = u[i] / (1.0 + 0.1 * s) + 0.05 * sin(u[i]);
  }
  for (int i = 0; i < n; i++) t += u[i] * (1.0 + 0.1 * i);
  MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_SUM, comm);
  free(u);
  return t;
}

#pragma ad grad(renorm) wrt(x[n])
#pragma ad grad(norm2) wrt(x[n])
#pragma ad jvp(norm2) wrt(x)
#pragma ad hvp(norm2) wrt(x[n])
#pragma ad hessian(norm2) wrt(x[n])
#pragma ad grad(mixnorm) wrt(x[n], y[n])
#pragma ad jvp(mixnorm) wrt(x, y)
#pragma ad hvp(mixnorm) wrt(x[n], y[n])
#pragma ad jacfwd(normalize) wrt(x[n]) out(y[n])
#pragma ad jacrev(normalize) wrt(x[n]) out(y[n])
#pragma ad jvp(normalize) wrt(x) out(y)
#pragma ad vjp(normalize) wrt(x[n]) out(y[n])
#pragma ad grad(norm2f) wrt(x[n])
#pragma ad jvp(norm2f) wrt(x)

#include "dist_norms.ad.h"

enum { NL = 3 };

static double norm_at(void *c, const double *x) { (void)c; return norm2(x, NL, MPI_COMM_WORLD); }
static double renorm_at(void *c, const double *x) { (void)c; return renorm(x, NL, MPI_COMM_WORLD); }
static double mix_at(void *c, const double *xy) { (void)c; return mixnorm(xy, xy + NL, NL, MPI_COMM_WORLD); }
static void nz_f(void *c, const double *x, double *y) { (void)c; normalize(x, y, NL, MPI_COMM_WORLD); }
static void nz_j(void *c, const double *x, const double *v, double *y, double *yd) {
  (void)c;
  normalize_jvp(x, v, y, yd, NL, MPI_COMM_WORLD);
}
static void nz_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  double y[NL];
  normalize_vjp(x, xb, y, w, NL, MPI_COMM_WORLD);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank = mpi_rank(), size = mpi_size(), N = NL * size, o = rank * NL;
  double *X = malloc(sizeof(double) * (size_t)N), *Y = malloc(sizeof(double) * (size_t)N);
  double *G = malloc(sizeof(double) * (size_t)(2 * N)), *H = malloc(sizeof(double) * (size_t)(N * N));
  double *J = malloc(sizeof(double) * (size_t)(N * N)), *V = malloc(sizeof(double) * (size_t)(2 * N));
  double *HV = malloc(sizeof(double) * (size_t)(2 * N)), want[NL * NL];
  OracleRng rng = oracle_rng(31);
  oracle_fill_uniform(&rng, X, N, -1.0, 1.0);
  oracle_fill_uniform(&rng, Y, N, 0.5, 1.5);
  oracle_fill_uniform(&rng, V, 2 * N, -1.0, 1.0);
  const double *x = X + o, *y = Y + o;

  /* norm2: grad, jvp, hvp, hessian */
  double g[NL], ld, hv[NL], hs[NL * NL], v[NL];
  memcpy(v, V + o, sizeof v);
  double nrm = norm2_grad(x, g, NL, MPI_COMM_WORLD);
  double nw = norm2_grad(X, G, N, MPI_COMM_SELF);
  mpi_check_close("norm2 = single-process", nrm, nw, 1e-14, 0.0);
  mpi_check_vec("norm2 grad = single-process slice", g, G + o, NL, 1e-13);
  mpi_check_grad("norm2 grad", norm_at, NULL, x, g, NL, 2, 5);
  norm2_jvp(x, v, NL, MPI_COMM_WORLD, &ld);
  mpi_check_close("norm2 jvp = <grad, v>", ld, mpi_gdot(G + o, v, NL), 1e-13, 1e-15);
  norm2_hvp(x, v, hv, NL, MPI_COMM_WORLD);
  norm2_hvp(X, V, HV, N, MPI_COMM_SELF);
  mpi_check_vec("norm2 hvp = single-process slice", hv, HV + o, NL, 1e-12);
  norm2_hessian(x, NL, MPI_COMM_WORLD, hs);
  norm2_hessian(X, N, MPI_COMM_SELF, H);
  for (int i = 0; i < NL; i++)
    for (int j = 0; j < NL; j++) {
      want[i * NL + j] = 0.0;
      for (int s = 0; s < size; s++) want[i * NL + j] += H[(o + i) * N + s * NL + j];
    }
  mpi_check_vec("norm2 hessian = sum_s H[r][s]", hs, want, NL * NL, 1e-12);

  /* mixnorm: MAX/MIN in place */
  double xy[2 * NL], gxy[2 * NL], XY[2 * NL * 4], vxy[2 * NL];
  memcpy(xy, x, sizeof(double) * NL);
  memcpy(xy + NL, y, sizeof(double) * NL);
  double *XYall = malloc(sizeof(double) * (size_t)(2 * N));
  memcpy(XYall, X, sizeof(double) * (size_t)N);
  memcpy(XYall + N, Y, sizeof(double) * (size_t)N);
  (void)XY;
  double mv = mixnorm_grad(x, gxy, y, gxy + NL, NL, MPI_COMM_WORLD);
  double mw = mixnorm_grad(X, G, Y, G + N, N, MPI_COMM_SELF);
  mpi_check_close("mixnorm = single-process", mv, mw, 1e-13, 0.0);
  mpi_check_vec("mixnorm grad x = slice", gxy, G + o, NL, 1e-12);
  mpi_check_vec("mixnorm grad y = slice", gxy + NL, G + N + o, NL, 1e-12);
  mpi_check_grad("mixnorm grad", mix_at, NULL, xy, gxy, 2 * NL, 3, 9);
  memcpy(vxy, V + o, sizeof(double) * NL);
  memcpy(vxy + NL, V + N + o, sizeof(double) * NL);
  mixnorm_jvp(x, vxy, y, vxy + NL, NL, MPI_COMM_WORLD, &ld);
  mpi_check_close("mixnorm jvp = <grad, v>", ld, mpi_gdot(gxy, vxy, 2 * NL), 1e-12, 1e-14);
  double hxy[2 * NL];
  mixnorm_hvp(x, vxy, hxy, y, vxy + NL, hxy + NL, NL, MPI_COMM_WORLD);
  mixnorm_hvp(X, V, HV, Y, V + N, HV + N, N, MPI_COMM_SELF);
  mpi_check_vec("mixnorm hvp x = slice", hxy, HV + o, NL, 1e-12);
  mpi_check_vec("mixnorm hvp y = slice", hxy + NL, HV + N + o, NL, 1e-12);
  free(XYall);

  /* normalize: jacfwd, jacrev, jvp/vjp */
  double jf[NL * NL], jr[NL * NL], yy[NL];
  normalize_jacfwd(x, yy, NL, MPI_COMM_WORLD, jf);
  double *YY = malloc(sizeof(double) * (size_t)N);
  normalize_jacfwd(X, YY, N, MPI_COMM_SELF, J);
  for (int i = 0; i < NL; i++)
    for (int j = 0; j < NL; j++) {
      want[i * NL + j] = 0.0;
      for (int s = 0; s < size; s++) want[i * NL + j] += J[(o + i) * N + s * NL + j];
    }
  mpi_check_vec("normalize jacfwd = sum_s J[r][s]", jf, want, NL * NL, 1e-12);
  normalize_jacrev(x, yy, NL, MPI_COMM_WORLD, jr);
  for (int i = 0; i < NL; i++)
    for (int j = 0; j < NL; j++) {
      want[i * NL + j] = 0.0;
      for (int s = 0; s < size; s++) want[i * NL + j] += J[(s * NL + i) * N + o + j];
    }
  mpi_check_vec("normalize jacrev = sum_s J[s][r]", jr, want, NL * NL, 1e-12);
  mpi_check_vec("normalize jacrev's primal", yy, YY + o, NL, 1e-14);
  mpi_check_vector("normalize", nz_f, nz_j, nz_v, NULL, x, NL, NL, 3);
  free(YY);

  /* checkpointed: against central differences */
  double gr[NL];
  double rv = renorm_grad(x, gr, NL, MPI_COMM_WORLD);
  mpi_check_close("renorm grad's primal", rv, renorm(x, NL, MPI_COMM_WORLD), 0.0, 0.0);
  mpi_check_grad("renorm grad", renorm_at, NULL, x, gr, NL, 2, 21);

  /* float */
  float xf[NL], gf[NL], vf[NL], lf;
  for (int i = 0; i < NL; i++) xf[i] = (float)x[i], vf[i] = (float)v[i];
  float nf = norm2f_grad(xf, gf, NL, MPI_COMM_WORLD);
  mpi_check_close("norm2f = norm2", nf, nrm, 1e-5, 0.0);
  double gd[NL];
  for (int i = 0; i < NL; i++) gd[i] = gf[i];
  mpi_check_vec("norm2f grad = double grad", gd, g, NL, 1e-5);
  norm2f_jvp(xf, vf, NL, MPI_COMM_WORLD, &lf);
  mpi_check_close("norm2f jvp", lf, mpi_gdot(g, v, NL), 1e-4, 1e-6);

  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  free(X), free(Y), free(G), free(H), free(J), free(V), free(HV);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
