/* MPI buffers of structs made of doubles alone (particles, typedef struct
 * { double x, y; } P) sent as MPI_DOUBLE with a count of their reals, as
 * MPI codes write them: MPI_Sendrecv(q, 2 * n, MPI_DOUBLE, ...) in a ring;
 * rows double (*)[2] in an MPI_Bcast; a struct of floats by address in an
 * MPI_Allreduce with MPI_FLOAT. cc-ad takes each such buffer as the
 * view MPI reads, (double *)q: count reals of the datatype. It used to
 * refuse the call as one whose body it cannot see (probe18).
 * Oracles: central differences of the distributed loss along random
 * global directions (grad), jvp against differences and the dot-product
 * test with vjp (mpi_check_vector); the float function's gradient against
 * its closed form (float rounding: rtol 1e-4). */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

#include "mpi_oracle.h"

typedef struct P { double x, y; } P;
typedef struct Q { float a, b; } Q;

/* ring: each rank gets the previous rank's points */
double ring_struct(const P *p, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  P *q = malloc(sizeof(P) * (size_t)n), *r = malloc(sizeof(P) * (size_t)n);
  for (int i = 0; i < n; i++) q[i].x = p[i].x * p[i].y, q[i].y = sin(p[i].x);
  MPI_Sendrecv(q, 2 * n, MPI_DOUBLE, (rank + 1) % size, 0, r, 2 * n, MPI_DOUBLE, (rank + size - 1) % size, 0,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double s = 0.0, t;
  for (int i = 0; i < n; i++) s += r[i].x * r[i].y + p[i].x;
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(q);
  free(r);
  return t;
}

/* out[i]: from the ring, and rank 0's rows */
void mixed(const P *p, P *out, int n) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  P got[4];
  MPI_Sendrecv(p, 2 * n, MPI_DOUBLE, (rank + 1) % size, 1, got, 2 * n, MPI_DOUBLE, (rank + size - 1) % size, 1,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double rows[4][2];
  for (int i = 0; i < n; i++) rows[i][0] = cos(p[i].y), rows[i][1] = p[i].x * (rank + 1);
  MPI_Bcast(rows, 2 * n, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  for (int i = 0; i < n; i++) {
    out[i].x = got[i].x * got[i].y + rows[i][0] * p[i].y;
    out[i].y = rows[i][1] + p[i].x * rows[(i + 1) % n][1];
  }
}

/* A * B with A, B the sums over ranks and i of q[i].a and q[i].b^2, in a
 * struct of floats reduced as MPI_FLOAT */
float fsum(const Q *q, int n) {
  Q acc = {0.0f, 0.0f}, tot;
  for (int i = 0; i < n; i++) acc.a += q[i].a, acc.b += q[i].b * q[i].b;
  MPI_Allreduce(&acc, &tot, 2, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
  return tot.a * tot.b;
}

#pragma ad grad(ring_struct) wrt(p[n])
#pragma ad jvp(mixed) wrt(p[n]) out(out[n])
#pragma ad vjp(mixed) wrt(p[n]) out(out[n])
#pragma ad grad(fsum) wrt(q[n])

#include "struct_buffer.ad.h"

enum { NL = 3 };
static double rs_at(void *c, const double *x) { (void)c; return ring_struct((const P *)x, NL); }
static void mx_f(void *c, const double *x, double *y) { (void)c; mixed((const P *)x, (P *)y, NL); }
static void mx_j(void *c, const double *x, const double *v, double *y, double *yd) {
  (void)c;
  mixed_jvp((const P *)x, (const P *)v, (P *)y, (P *)yd, NL);
}
static void mx_v(void *c, const double *x, double *xb, double *w) {
  (void)c;
  P y[NL];
  mixed_vjp((const P *)x, (P *)xb, y, (P *)w, NL);
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(5 + (uint64_t)mpi_rank());
  P p[NL], pb[NL];
  oracle_fill_uniform(&rng, (double *)p, 2 * NL, -1.0, 1.0);
  ring_struct_grad(p, pb, NL);
  mpi_check_grad("ring_struct", rs_at, NULL, (double *)p, (double *)pb, 2 * NL, 2, 3);
  mpi_check_vector("mixed", mx_f, mx_j, mx_v, NULL, (double *)p, 2 * NL, 2 * NL, 11);
  /* float: the closed form d/dq[i].a = B, d/dq[i].b = 2 A q[i].b, A and B summed in double */
  Q q[NL], qb[NL];
  double A = 0, B = 0, gd[2 * NL], gw[2 * NL];
  for (int i = 0; i < NL; i++) q[i].a = (float)p[i].x, q[i].b = (float)p[i].y, A += q[i].a, B += (double)q[i].b * q[i].b;
  A = mpi_gsum(A), B = mpi_gsum(B);
  fsum_grad(q, qb, NL);
  for (int i = 0; i < NL; i++) gd[2 * i] = qb[i].a, gd[2 * i + 1] = qb[i].b, gw[2 * i] = B, gw[2 * i + 1] = 2 * A * q[i].b;
  mpi_check_vec("fsum: grad vs closed form", gd, gw, 2 * NL, 1e-4);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
