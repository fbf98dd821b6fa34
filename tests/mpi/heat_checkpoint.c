/* Checkpointed loops and calls in MPI code: a distributed explicit time
 * stepper (halo exchange by MPI_Sendrecv, or by MPI_Isend/MPI_Irecv and
 * MPI_Waitall, each step; a global norm by MPI_Allreduce each step) under
 * '#pragma ad checkpoint(snapshots=2)', a while loop of data-dependent
 * length (its stopping test reduced over the ranks, so every rank runs it
 * alike: the online schedule) and a checkpointed call returning the
 * allreduced norm, grad's output. A checkpoint runs iterations again in
 * the backward sweep: their messages are sent again (every rank follows
 * the same schedule) and libccad_mpi's records of them go with their tape.
 *
 * Oracles: the same stepper on the whole domain in one process, without
 * MPI (serial_loss): the distributed gradient equals its slice to 1e-12;
 * the distributed function without checkpoints (loss_taped); central
 * differences along random global directions; every record reversed. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_oracle.h"

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

/* the same exchange by non-blocking calls, completed in the step */
static void exchange_nb(double *u, int n)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    int right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    MPI_Request req[4];
    MPI_Irecv(&u[n + 1], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD, &req[0]);
    MPI_Irecv(&u[0], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD, &req[1]);
    MPI_Isend(&u[1], 1, MPI_DOUBLE, left, 0, MPI_COMM_WORLD, &req[2]);
    MPI_Isend(&u[n], 1, MPI_DOUBLE, right, 1, MPI_COMM_WORLD, &req[3]);
    MPI_Waitall(4, req, MPI_STATUSES_IGNORE);
}

static void step(const double *u, double *v, int n)
{
    for (int i = 1; i <= n; i++)
        v[i] = u[i] + 0.2 * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.05 * sin(u[i]);
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
        step(u, v, n);
        for (int i = 1; i <= n; i++) u[i] = v[i];
        acc += 0.01 * gnorm(u, n);
    }
    /* relax until the global norm falls below a fraction of its start */
    double start = gnorm(u, n), now = start;
    int it = 0;
#pragma ad checkpoint(snapshots=3)
    while (now > 0.7 * start && it < 40) {
        exchange_nb(u, n);
        step(u, v, n);
        for (int i = 1; i <= n; i++) u[i] = v[i];
        now = gnorm(u, n);
        it++;
    }
    double g;
#pragma ad checkpoint
    g = gnorm(u, n);
    free(u);
    free(v);
    return g + acc + 0.1 * now;
}

/* the same without checkpoints */
double loss_taped(const double *u0, int n, int steps)
{
    double *u = calloc((size_t)n + 2, sizeof(double));
    double *v = calloc((size_t)n + 2, sizeof(double));
    memcpy(&u[1], u0, sizeof(double) * (size_t)n);
    double acc = 0.0;
    for (int t = 0; t < steps; t++) {
        exchange(u, n);
        step(u, v, n);
        for (int i = 1; i <= n; i++) u[i] = v[i];
        acc += 0.01 * gnorm(u, n);
    }
    double start = gnorm(u, n), now = start;
    int it = 0;
    while (now > 0.7 * start && it < 40) {
        exchange_nb(u, n);
        step(u, v, n);
        for (int i = 1; i <= n; i++) u[i] = v[i];
        now = gnorm(u, n);
        it++;
    }
    double g = gnorm(u, n);
    free(u);
    free(v);
    return g + acc + 0.1 * now;
}

/* the whole domain in one process */
static double snorm(const double *u, int N)
{
    double s = 0.0;
    for (int i = 1; i <= N; i++) s += u[i] * u[i];
    return s;
}

double serial_loss(const double *u0, int N, int steps)
{
    double *u = calloc((size_t)N + 2, sizeof(double));
    double *v = calloc((size_t)N + 2, sizeof(double));
    memcpy(&u[1], u0, sizeof(double) * (size_t)N);
    double acc = 0.0;
    for (int t = 0; t < steps; t++) {
        step(u, v, N);
        for (int i = 1; i <= N; i++) u[i] = v[i];
        acc += 0.01 * snorm(u, N);
    }
    double start = snorm(u, N), now = start;
    int it = 0;
    while (now > 0.7 * start && it < 40) {
        step(u, v, N);
        for (int i = 1; i <= N; i++) u[i] = v[i];
        now = snorm(u, N);
        it++;
    }
    double g = snorm(u, N);
    free(u);
    free(v);
    return g + acc + 0.1 * now;
}

#pragma ad grad(loss) wrt(u0[n])
#pragma ad grad(loss_taped) wrt(u0[n])
#pragma ad grad(serial_loss) wrt(u0[N])

#include "heat_checkpoint.ad.h"

enum { N_LOCAL = 5, STEPS = 9 };

static double loss_at(void *ctx, const double *x)
{
    (void)ctx;
    return loss(x, N_LOCAL, STEPS);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank = mpi_rank(), N = N_LOCAL * mpi_size();
    double *all = malloc(sizeof(double) * (size_t)N), *gall = malloc(sizeof(double) * (size_t)N);
    OracleRng rng = oracle_rng(7);
    oracle_fill_uniform(&rng, all, N, -0.9, 0.9);
    const double *x = all + rank * N_LOCAL;

    double g[N_LOCAL], gt[N_LOCAL];
    double l = loss_grad(x, g, N_LOCAL, STEPS);
    double lt = loss_taped_grad(x, gt, N_LOCAL, STEPS);
    double ls = serial_loss_grad(all, gall, N, STEPS);
    mpi_check_close("loss = loss without MPI", l, ls, 1e-12, 0.0);
    mpi_check_close("loss = the function", l, loss(x, N_LOCAL, STEPS), 0.0, 0.0);
    mpi_check_vec("grad = serial grad", g, gall + rank * N_LOCAL, N_LOCAL, 1e-12);
    mpi_check_close("loss = taped loss", l, lt, 0.0, 0.0);
    mpi_check_vec("grad = taped grad", g, gt, N_LOCAL, 1e-12);
    mpi_check_grad("grad", loss_at, NULL, x, g, N_LOCAL, 3, 11);
    CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
    free(all);
    free(gall);
    int rc = oracle_result();
    MPI_Finalize();
    return rc;
}
