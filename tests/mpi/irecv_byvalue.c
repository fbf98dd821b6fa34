/* Non-blocking receives into parameters passed by value of helpers the
 * differentiated function calls (split in reverse mode), as the MPI code
 * that refreshes a scalar from a neighbour writes them: ring_pull receives
 * into its own parameter v (MPI_Irecv(&v, ...)), via_ptr through a pointer
 * to it (double *p = &x; swap(p, ...)), and pull_pair into a field of a
 * struct passed by value (&c.w). cc-ad copies such a parameter into a
 * local at entry, which the split helper keeps in its frame until its
 * backward sweep (it refused them: the adjoint of the parameter lived in
 * the forward sweep's stack frame only).
 *
 * Each rank r sends w^2 of its x[(i+1)%n] to the right neighbour and
 * receives the left neighbour's into v, then uses v*sin(v); the loss is the
 * sum over ranks of the local results. Oracles: the closed-form gradient
 * on each rank, d/dx_r[j] = 2 x_r[j] g'(x_r[j]^2) for each of the three
 * terms (g(v) = v sin v, h(v) = cos v, k(v) = v^3), to 1e-12; jvp =
 * <grad, v> with global inner products. */
#include <math.h>
#include <mpi.h>
#include <string.h>

#include "mpi_oracle.h"

typedef struct { double w; int tag; } Cell;

static void ring(int *left, int *right)
{
    int r = mpi_rank(), s = mpi_size();
    *left = (r + s - 1) % s;
    *right = (r + 1) % s;
}

static double ring_pull(double v, double w, int tag)
{
    int left, right;
    MPI_Request req[2];
    double out = w * w;
    ring(&left, &right);
    MPI_Irecv(&v, 1, MPI_DOUBLE, left, tag, MPI_COMM_WORLD, &req[0]);
    MPI_Isend(&out, 1, MPI_DOUBLE, right, tag, MPI_COMM_WORLD, &req[1]);
    MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
    return v * sin(v);
}

static void swap(double *v, double w, int tag)
{
    int left, right;
    MPI_Request req[2];
    double out = w * w;
    ring(&left, &right);
    MPI_Irecv(v, 1, MPI_DOUBLE, left, tag, MPI_COMM_WORLD, &req[0]);
    MPI_Isend(&out, 1, MPI_DOUBLE, right, tag, MPI_COMM_WORLD, &req[1]);
    MPI_Waitall(2, req, MPI_STATUSES_IGNORE);
}

static double via_ptr(double x, double w, int tag)
{
    double *p = &x;
    swap(p, w, tag);
    return cos(x);
}

static double pull_pair(Cell c, double w)
{
    swap(&c.w, w, c.tag);
    return c.w * c.w * c.w;
}

double ring_loss(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        Cell c = {0.5, 300 + i};
        s += ring_pull(x[i], x[(i + 1) % n], 100 + i) + via_ptr(x[i], x[(i + 1) % n], 200 + i) +
             pull_pair(c, x[(i + 1) % n]);
    }
    return s;
}

#pragma ad grad(ring_loss) wrt(x[n])
#pragma ad jvp(ring_loss) wrt(x)

#include "irecv_byvalue.ad.h"

#define N 4

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    double x[N], g[N], v[N], want[N];
    for (int i = 0; i < N; i++) {
        x[i] = 0.3 + 0.1 * i + 0.05 * mpi_rank();
        v[i] = 0.7 - 0.2 * i;
    }
    double f = ring_loss(x, N);
    double fg = ring_loss_grad(x, g, N);
    mpi_check_close("grad primal", fg, f, 0, 0);
    for (int j = 0; j < N; j++) {
        double t = x[j] * x[j];
        want[j] = 2 * x[j] * ((sin(t) + t * cos(t)) - sin(t) + 3 * t * t);
    }
    mpi_check_vec("grad closed form", g, want, N, 1e-12);
    double rd;
    double fj = ring_loss_jvp(x, v, N, &rd);
    mpi_check_close("jvp primal", fj, f, 0, 0);
    mpi_check_close("jvp = <grad, v>", mpi_gsum(rd), mpi_gdot(g, v, N), 1e-12, 1e-14);
    int rc = oracle_result();
    MPI_Finalize();
    return rc;
}
