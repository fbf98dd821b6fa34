/* OPEN (probe6): crash (abort at run time), jacrev of a function that
** communicates (contract section 4: MPI "differentiated in every mode").
** ring_jacrev runs the forward sweep once and, for each row, rewinds the
** tape to a mark and runs the backward sweep again (the manual: "the
** forward sweep runs once: the tape is marked after it and read again by
** each backward sweep"). But the backward sweep of an MPI call consumes
** libccad_mpi's record of it, which the rewind does not restore, so the
** second row aborts on every rank:
**   ccad: fatal: ccad_mpi: the backward sweep of MPI_Allreduce finds no
**   record of it
** (m = 1 would pass: one backward sweep). vjp of the same function is
** right. Expected: jacrev re-runs the forward sweep per row (or keeps the
** MPI records with the tape mark) when f communicates.
** Run: bash tests/harness/run_mpi_case.sh build/tool/cc-ad
**      build/runtime/mpi/libccad_mpi.a build/runtime/libccad.a include /tmp/w
**      tests/fuzz/open/jacrev_mpi_records.c
*/
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

#include "jacrev_mpi_records.ad.h"

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
