/* Complex data in MPI communication, in every mode: MPI_C_DOUBLE_COMPLEX
 * through MPI_Sendrecv (a ring), MPI_Send/MPI_Recv (rank 0 to the last),
 * MPI_Bcast, MPI_Reduce and MPI_Allreduce with MPI_SUM, MPI_Gather,
 * MPI_Scatter and MPI_Allgather, and MPI_C_FLOAT_COMPLEX in an
 * MPI_Allreduce. A complex element is two reals, for messages and for sums
 * (MPI has no MAX or MIN of complex numbers); cc-ad used to accept such
 * calls and then every rank stopped with "a buffer of float or double data
 * needs the datatype MPI_FLOAT or MPI_DOUBLE".
 * Oracles: central differences of the distributed loss along random global
 * directions, the dot-product test between jvp and vjp, grad's primal
 * against the function; the float complex loss against its closed-form
 * gradient (float rounding: rtol 1e-4). */
#include <complex.h>
#include <math.h>
#include <mpi.h>
#include <stdlib.h>

#include "mpi_oracle.h"

#define N 3

/* y[N]: every call leaves a trace in y */
void waves(const double *x, double *y)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double complex z = 0, t, u[2], got[2], b[2];
    for (int i = 0; i < N; i++) z += x[i] * cexp(I * (i + 1.0) * x[i]);
    MPI_Allreduce(&z, &t, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, MPI_COMM_WORLD);
    u[0] = z * z, u[1] = conj(z) + I * x[0];
    MPI_Sendrecv(u, 2, MPI_C_DOUBLE_COMPLEX, (rank + 1) % size, 7, got, 2, MPI_C_DOUBLE_COMPLEX,
                 (rank + size - 1) % size, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    double complex p2p = 0;
    if (rank == 0) MPI_Send(&t, 1, MPI_C_DOUBLE_COMPLEX, size - 1, 9, MPI_COMM_WORLD);
    if (rank == size - 1) MPI_Recv(&p2p, 1, MPI_C_DOUBLE_COMPLEX, 0, 9, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    b[0] = csin(z), b[1] = x[1] - I * x[2];
    MPI_Bcast(b, 2, MPI_C_DOUBLE_COMPLEX, size - 1, MPI_COMM_WORLD);
    double complex red = 0;
    MPI_Reduce(&u[0], &red, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, 0, MPI_COMM_WORLD);
    double complex *all = malloc(sizeof(double complex) * (size_t)size), back;
    double complex *every = malloc(sizeof(double complex) * (size_t)size);
    MPI_Gather(&z, 1, MPI_C_DOUBLE_COMPLEX, all, 1, MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
    if (rank == 0)
        for (int r = 0; r < size; r++) all[r] = all[r] * all[(r + 1) % size];
    MPI_Scatter(all, 1, MPI_C_DOUBLE_COMPLEX, &back, 1, MPI_C_DOUBLE_COMPLEX, 0, MPI_COMM_WORLD);
    MPI_Allgather(&u[1], 1, MPI_C_DOUBLE_COMPLEX, every, 1, MPI_C_DOUBLE_COMPLEX, MPI_COMM_WORLD);
    double complex mixed = 0;
    for (int r = 0; r < size; r++) mixed += every[r] * (r + 1.0 + rank);
    y[0] = cabs(t) + creal(t * t) + cimag(got[0] * got[1]);
    y[1] = creal(p2p * b[0]) + cimag(b[1] * b[1]) + creal(red);
    y[2] = cimag(back) + creal(mixed * conj(mixed)) * 0.1;
    free(all);
    free(every);
}

double waves_loss(const double *x)
{
    double y[N], e = 0.0, total;
    waves(x, y);
    for (int i = 0; i < N; i++) e += y[i] * (1.0 + 0.5 * i);
    MPI_Allreduce(&e, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    return total;
}

/* |sum over ranks and i of (x_i + i x_i^2)|^2 in float complex */
float fpower(const float *x)
{
    float complex s = 0, t;
    for (int i = 0; i < N; i++) s += x[i] + I * x[i] * x[i];
    MPI_Allreduce(&s, &t, 1, MPI_C_FLOAT_COMPLEX, MPI_SUM, MPI_COMM_WORLD);
    return crealf(t * conjf(t));
}

#pragma ad jvp(waves) wrt(x) out(y)
#pragma ad vjp(waves) wrt(x[N]) out(y[N])
#pragma ad grad(waves_loss) wrt(x[N])
#pragma ad jvp(waves_loss) wrt(x[N])
#pragma ad grad(fpower) wrt(x[N])

#include "complex.ad.h"

static void waves_f(void *c, const double *x, double *y) { (void)c; waves(x, y); }
static void waves_j(void *c, const double *x, const double *v, double *y, double *yd) { (void)c; waves_jvp(x, v, y, yd); }
static void waves_v(void *c, const double *x, double *xb, double *w)
{
    (void)c;
    double y[N];
    waves_vjp(x, xb, y, w);
}
static double loss_f(void *c, const double *x) { (void)c; return waves_loss(x); }

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    double x[N], g[N], v[N], yd;
    OracleRng rng = oracle_rng(300 + (uint64_t)mpi_rank());
    oracle_fill_uniform(&rng, x, N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    mpi_check_vector("waves", waves_f, waves_j, waves_v, NULL, x, N, N, 1);
    double e = waves_loss_grad(x, g);
    mpi_check_close("waves_loss_grad's primal", e, waves_loss(x), 0.0, 0.0);
    mpi_check_grad("waves_loss", loss_f, NULL, x, g, N, 3, 3);
    waves_loss_jvp(x, v, &yd);
    mpi_check_close("waves_loss: jvp vs <grad, v>", yd, mpi_gdot(g, v, N), 1e-10, 1e-12);
    /* float complex: the closed form, with S summed in double */
    float xf[N], gf[N];
    double sr = 0, si = 0, gw[N], gd[N];
    for (int i = 0; i < N; i++) xf[i] = (float)x[i], sr += xf[i], si += (double)xf[i] * xf[i];
    sr = mpi_gsum(sr), si = mpi_gsum(si);
    fpower_grad(xf, gf);
    for (int i = 0; i < N; i++) gd[i] = gf[i], gw[i] = 2 * sr + 4 * si * xf[i];
    mpi_check_vec("fpower: grad vs closed form", gd, gw, N, 1e-4);
    CHECK_TRUE("libccad_mpi records all reversed", ccad_mpi_pending() == 0);
    int rc = oracle_result();
    MPI_Finalize();
    return rc;
}
