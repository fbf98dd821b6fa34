/* OPEN (probe6): '#pragma ad checkpoint' not applied (warning, loop taped
** in full), grad/vjp of MPI code. A distributed time stepper, the classic
** use of checkpointing (a halo exchange with MPI_Sendrecv and an
** MPI_Allreduce per step), gets
**   warning: '#pragma ad checkpoint' is not applied, and the loop is taped
**   in full: an iteration run again would call 'MPI_Comm_rank' again, and
**   cc-ad cannot see what it does (random numbers would differ, output
**   would repeat); call it outside the loop, or drop the checkpoint
** and the same for a call checkpoint of a helper doing MPI_Allreduce.
** cc-ad knows these calls (it differentiates them, contract section 4),
** and re-running MPI_Comm_rank/Sendrecv/Allreduce in a recomputed
** iteration is harmless when every rank follows the same schedule (a trip
** count known on entry); the reason given ("random numbers would differ")
** does not apply. Without the pragmas the gradient is right (checked under
** mpirun -np 2 against differences, tests/harness/run_mpi_case.sh). The
** manual (checkpoint) lists only <math.h> and memory functions as calls a
** recomputed iteration may make, so this is a limitation rather than a
** contradiction; it makes checkpointing unusable for MPI codes.
**   build/tool/cc-ad -o /tmp/k.ad.c tests/fuzz/open/ckpt_mpi_refused.c --
**     $(mpicc --showme:compile)          */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <mpi.h>

static void exchange(double *u, int n)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    MPI_Sendrecv(&u[1], 1, MPI_DOUBLE, left, 0, &u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&u[n], 1, MPI_DOUBLE, right, 1, &u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}

static double gnorm(const double *u, int n)
{
    double local = 0.0, tot;
    for (int i = 1; i <= n; i++) local += u[i] * u[i];
    MPI_Allreduce(&local, &tot, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return tot;
}

double loss(const double *u0, int n, int steps)
{
    double *u = calloc((size_t)n + 2, sizeof(double));
    double *v = calloc((size_t)n + 2, sizeof(double));
    memcpy(&u[1], u0, sizeof(double) * (size_t)n);
    double acc = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int t = 0; t < steps; t++) {
        exchange(u, n);
        for (int i = 1; i <= n; i++)
            v[i] = u[i] + 0.2 * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.05 * sin(u[i]);
        for (int i = 1; i <= n; i++) u[i] = v[i];
        acc += 0.01 * gnorm(u, n);
    }
    double g;
#pragma ad checkpoint
    g = gnorm(u, n);
    free(u);
    free(v);
    return g + acc;
}

#pragma ad grad(loss) wrt(u0[n])
