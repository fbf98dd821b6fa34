/* OPEN (probe11): ABORTS AT RUN TIME (accepted by cc-ad): MPI_Allreduce of
** a double complex with MPI_C_DOUBLE_COMPLEX and MPI_SUM in a function
** requested with grad and jvp. cc-ad exits 0 and emits
** ccad_mpi_allreduce_fwd(&z, &t, 1, MPI_C_DOUBLE_COMPLEX, ...); every rank
** then stops with "ccad: fatal: MPI_Allreduce: a buffer of float or double
** data needs the datatype MPI_FLOAT or MPI_DOUBLE". The contract has
** complex numbers "in every mode" and MPI collectives "in every mode" on
** MPI_DOUBLE/MPI_FLOAT buffers: either support the complex datatypes (a
** complex sum is two real sums; MPI_C_FLOAT_COMPLEX too) or refuse the call
** at translation time with file:line:col (the datatype is a literal, the
** buffer's type is known), not abort at run time.
** Run (as an MPI case, like tests/mpi/):
**   bash tests/harness/run_mpi_case.sh build/tool/cc-ad build/runtime/mpi/libccad_mpi.a
**     build/runtime/libccad.a include /tmp/w tests/fuzz/open/mpi_complex_allreduce.c */
#include <complex.h>
#include <math.h>
#include <stdio.h>
#include <mpi.h>

#define N 3

double f(const double *x, int n)
{
    double complex z = 0, t;
    for (int i = 0; i < n; i++) z += x[i] * cexp(I * (i + 1.0) * x[i]);
    MPI_Allreduce(&z, &t, 1, MPI_C_DOUBLE_COMPLEX, MPI_SUM, MPI_COMM_WORLD);
    return cabs(t) + creal(t * t);
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "mpi_complex_allreduce.ad.h"

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size, bad = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    double x[N], g[N];
    for (int i = 0; i < N; i++) x[i] = 0.3 + 0.2 * i + 0.1 * rank;
    f_grad(x, g, N);
    for (int r = 0; r < size; r++)
        for (int j = 0; j < N; j++) {
            double h = 1e-6, xp[N], xm[N];
            for (int i = 0; i < N; i++) xp[i] = xm[i] = x[i];
            if (rank == r) { xp[j] += h; xm[j] -= h; }
            double fd = (f(xp, N) - f(xm, N)) / (2 * h);
            if (rank == r && fabs(fd - g[j]) > 1e-6 * (1 + fabs(fd))) { printf("rank %d grad[%d] got %.10g want %.10g FAIL\n", rank, j, g[j], fd); bad++; }
        }
    double v[N] = {1, -0.5, 0.25}, yd, gv = 0, all;
    f_jvp(x, v, N, &yd);
    for (int i = 0; i < N; i++) gv += g[i] * v[i];
    MPI_Allreduce(&gv, &all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (fabs(all - yd) > 1e-9 * (1 + fabs(yd))) { printf("rank %d jvp got %.10g want %.10g FAIL\n", rank, yd, all); bad++; }
    printf("rank %d: %s\n", rank, bad ? "FAIL" : "PASS");
    MPI_Finalize();
    return bad != 0;
}
