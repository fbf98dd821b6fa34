/* OPEN (probe18): REFUSED, MISLEADING: an MPI buffer that is an array of
** structs of doubles sent as MPI_DOUBLE with count 2 * n (particles
** typedef struct { double x, y; } P; MPI_Sendrecv(q, 2 * n, MPI_DOUBLE,
** ...)), as MPI codes write them, is not taken as float data
** (ir/mpi.c's mpi_float_buffer asks for a float element type), so the call
** is treated as a function cc-ad cannot see: "argument 1 of the call to
** 'MPI_Sendrecv' points to data that carries derivatives, but cc-ad cannot
** see the body of 'MPI_Sendrecv'" (it suggests inactive or custom rules for
** an MPI function). Not silently wrong. A struct of doubles only
** (adjoint_lib.c's only_float) could be a double buffer of count * sizeof
** (P) / sizeof (double) elements (mpi_bytes counts elements of the struct
** type now), or the message should say that the buffer's type is the
** problem (cast it to double *).
** Expected: differentiated (or an MPI-specific error naming the buffer's
** type); got the generic external-call error.
** Run: run_mpi_case.sh build/tool/cc-ad build/runtime/mpi/libccad_mpi.a
** build/runtime/libccad.a include /tmp/w tests/fuzz/open/mpi_struct_buffer.c
** (with -I tests/mpi for mpi_oracle.h: copy it beside the file) */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include "mpi_oracle.h"

typedef struct P { double x, y; } P;

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

#pragma ad grad(ring_struct) wrt(p[n])

#include "mpi_struct_buffer.ad.h"

enum { NL = 3 };
static double rs_at(void *c, const double *x) { (void)c; return ring_struct((const P *)x, NL); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  OracleRng rng = oracle_rng(5 + (uint64_t)mpi_rank());
  P p[NL], pb[NL];
  oracle_fill_uniform(&rng, (double *)p, 2 * NL, -1.0, 1.0);
  ring_struct_grad(p, pb, NL);
  mpi_check_grad("ring_struct", rs_at, NULL, (double *)p, (double *)pb, 2 * NL, 2, 3);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
