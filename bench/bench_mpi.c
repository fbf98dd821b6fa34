/* bench_mpi: a data-parallel gradient under MPI (cc-ad's grad through
 * MPI_Allreduce, libccad_mpi), run as
 *     mpirun -np 2 ./build/bench/bench_mpi [samples]
 * Prints, measured in this run: the time of one gradient over all the
 * samples on 1 rank (rank 0 alone, MPI_COMM_SELF) and on every rank (each
 * its slice, the shares summed with MPI_Allreduce), their ratio (the goal:
 * >= 1.7 on 2 ranks for 10^6 samples, on 2 free cores), and the bytes of
 * floating data the primal and the adjoint communication move per rank. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccad_mpi.h"
#include "mpi_fit.ad.h"

enum { D = 8, REPS = 7 };

double mpi_fit_loss(const double *w, int d, const double *X, const double *y, int m, MPI_Comm comm);

static double uniform(unsigned long long *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (double)(*s >> 11) / 9007199254740992.0;
}

/* samples [first, first + m) of the data set, the same on every rank */
static void draw(double *X, double *y, long first, int m) {
  for (int i = 0; i < m; i++) {
    unsigned long long s = 0x9e3779b97f4a7c15ULL * (unsigned long long)(first + i + 1);
    double z = 0.1;
    for (int j = 0; j < D; j++) z += (j % 3 - 1) * (X[(long)i * D + j] = 2.0 * uniform(&s) - 1.0);
    y[i] = (z > 0) == (uniform(&s) < 0.9) ? 1.0 : -1.0;
  }
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  int rank, size;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  long first = n * rank / size;
  int m = (int)(n * (rank + 1) / size - first);
  double *X = malloc(sizeof(double) * (size_t)n * D), *y = malloc(sizeof(double) * (size_t)n);
  double w[D + 1], g[D + 1], g1[D + 1];
  for (int j = 0; j <= D; j++) w[j] = 0.1 * j - 0.3;

  /* 1 rank: rank 0 alone on all the data */
  double t1 = 1e30;
  if (rank == 0) {
    draw(X, y, 0, (int)n);
    for (int r = 0; r < REPS; r++) {
      double t = MPI_Wtime();
      mpi_fit_loss_grad(w, g1, D, X, y, (int)n, MPI_COMM_SELF);
      t1 = fmin(t1, MPI_Wtime() - t);
    }
  }
  /* every rank: its slice, then the shares summed */
  draw(X, y, first, m);
  double tp = 1e30;
  for (int r = 0; r < REPS; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    mpi_fit_loss(w, D, X, y, m, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    tp = fmin(tp, MPI_Wtime() - t);
  }
  double tn = 1e30;
  ccad_mpi_bytes_moved();
  for (int r = 0; r < REPS; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t = MPI_Wtime();
    mpi_fit_loss_grad(w, g, D, X, y, m, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, g, D + 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    MPI_Barrier(MPI_COMM_WORLD);
    tn = fmin(tn, MPI_Wtime() - t);
  }
  size_t adjoint = ccad_mpi_bytes_moved() / REPS;
  if (rank == 0) {
    double err = 0.0, scale = 0.0;
    for (int j = 0; j <= D; j++) err = fmax(err, fabs(g[j] - g1[j])), scale = fmax(scale, fabs(g1[j]));
    printf("bench_mpi: %ld samples, %d weights; min of %d runs\n", n, D + 1, REPS);
    printf("  gradient, 1 rank:         %8.2f ms\n", 1e3 * t1);
    printf("  gradient, %d ranks:        %8.2f ms   (primal %.2f ms: grad/primal %.2f)\n", size, 1e3 * tn,
           1e3 * tp, tn / tp);
    printf("  speedup %d ranks / 1 rank: %8.2f   (goal on 2 ranks: >= 1.7)\n", size, t1 / tn);
    printf("  communication per rank and gradient: primal %zu bytes, adjoint %zu bytes (shares summed "
           "by the program: %zu more)\n",
           sizeof(double), adjoint, sizeof(double) * (D + 1));
    printf("  gradient on %d ranks vs 1 rank: max relative difference %.1e\n", size, err / scale);
  }
  free(X);
  free(y);
  MPI_Finalize();
  return 0;
}
