// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* vmap of functions that communicate: a loss reduced with MPI_Allreduce
 * after a ring MPI_Sendrecv, batched as is (vmap(f)) and as its gradient
 * and tangent (vmap(f_grad), vmap(f_jvp)). MPI matches collectives and
 * messages by their order on each rank, not by thread, so the batch
 * elements must run one after another, every rank alike: cc-ad wrote the
 * usual '#pragma omp parallel for', and with two threads the elements of
 * one rank met those of another in the wrong order (every result wrong,
 * silently). The vmap loop of a function that communicates is serial.
 * Oracles: each batched result against the function (and its derivatives)
 * called on the element alone, bit for bit; the gradient against central
 * differences of the distributed loss. Runs with 3 OpenMP threads. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "mpi_oracle.h"

enum { NL = 2, B = 24 };

double ring_loss(const double *x) {
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  double q[NL] = {x[0] * x[1], sin(x[0])}, r[NL], s = 0.0, t;
  MPI_Sendrecv(q, NL, MPI_DOUBLE, (rank + 1) % size, 0, r, NL, MPI_DOUBLE, (rank + size - 1) % size, 0,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  for (int i = 0; i < NL; i++) s += r[i] * x[i] + x[i] * x[i] * (1.0 + rank);
  MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return t * t;
}

#pragma ad vmap(ring_loss) batch(x[NL])
#pragma ad grad(ring_loss) wrt(x[NL])
#pragma ad vmap(ring_loss_grad) batch(x[2], x_bar[2])
#pragma ad jvp(ring_loss) wrt(x)
#pragma ad vmap(ring_loss_jvp) batch(x[2], x_dot[2], ret_dot[1])

#include "vmap_serial.ad.h"

static double l_at(void *c, const double *x) { (void)c; return ring_loss(x); }

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
#ifdef _OPENMP
  omp_set_num_threads(3);
#endif
  OracleRng rng = oracle_rng(300 + (uint64_t)mpi_rank());
  double x[B * NL], v[B * NL], r[B], g[B * NL], rd[B], rg[B], rj[B];
  oracle_fill_uniform(&rng, x, B * NL, -1.0, 1.0);
  oracle_fill_uniform(&rng, v, B * NL, -1.0, 1.0);
  ring_loss_vmap(B, x, r);
  ring_loss_grad_vmap(B, x, g, rg);
  ring_loss_jvp_vmap(B, x, v, rd, rj);
  int bad = 0;
  for (int b = 0; b < B; b++) {
    double gb[NL], ld;
    double lb = ring_loss_grad(x + b * NL, gb);
    double y = ring_loss_jvp(x + b * NL, v + b * NL, &ld);
    if (r[b] != ring_loss(x + b * NL) || rg[b] != lb || gb[0] != g[b * NL] || gb[1] != g[b * NL + 1] || rd[b] != ld || rj[b] != y)
      bad++;
  }
  mpi_check_close("batched results = per element results (bad elements)", bad, 0.0, 0.0, 0.0);
  mpi_check_grad("ring_loss grad (element 5)", l_at, NULL, x + 5 * NL, g + 5 * NL, NL, 2, 31);
  CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
  int rc = oracle_result();
  MPI_Finalize();
  return rc;
}
