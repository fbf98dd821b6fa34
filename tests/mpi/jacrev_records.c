/* jacrev of a function that communicates (MPI_Sendrecv around a ring,
 * MPI_Allreduce of a sum): each row of every rank's block against vjp
 * with that unit seed on every rank (vjp being checked elsewhere).
 * jacrev may run one forward sweep and rewind a marked tape for each
 * row's backward sweep, but an MPI call's backward sweep consumes
 * libccad_mpi's record of it, which lies outside the tape mark: with
 * MPI calls each row is a whole vjp (jacobian_split.c's split_clean).
 * Before, the second row aborted ("the backward sweep of MPI_Allreduce
 * finds no record of it"). */
#include <math.h>
#include <mpi.h>
#include "ccad.h"
#include "ccad_mpi.h"
#include "ccad_oracle.h"

void ring(const double *x, double *y, int n)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double recv[4], send[4], loc = 0.0, tot;
    for (int i = 0; i < n; i++)
        send[i] = sin(x[i]) * x[(i + 1) % n];
    MPI_Sendrecv(send, n, MPI_DOUBLE, (rank + 1) % size, 0, recv, n, MPI_DOUBLE, (rank + size - 1) % size, 0,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    for (int i = 0; i < n; i++)
        loc += x[i] * x[i];
    MPI_Allreduce(&loc, &tot, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    for (int i = 0; i < n; i++)
        y[i] = recv[i] * x[i] + tot * 0.1 * x[(i + 2) % n];
}

#pragma ad jacrev(ring) wrt(x[n]) out(y[n])
#pragma ad vjp(ring) wrt(x[n]) out(y[n])

#include "jacrev_records.ad.h"

#define N 3

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    OracleRng rng = oracle_rng(600 + rank);
    double x[N], y[N], J[N * N];
    oracle_fill_uniform(&rng, x, N, -1, 1);
    /* every rank's block: rows its outputs, columns its inputs; each row
       against vjp with that unit seed on every rank */
    ring_jacrev(x, y, N, J);
    for (int i = 0; i < N; i++) {
        double xb[N] = {0}, yb[N] = {0}, yy[N];
        yb[i] = 1.0;
        ring_vjp(x, xb, yy, yb, N);
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("jacrev row vs vjp", J[i * N + j], xb[j], 1e-12, 1e-14);
    }
    int r = oracle_result();
    MPI_Finalize();
    return r;
}
