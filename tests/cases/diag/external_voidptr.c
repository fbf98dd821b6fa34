// EXPECT-EXIT: 1
// EXPECT-DIAG: external_call
// EXPECT-STDERR: FILE:35:19: error: argument 1 of the call to 'MPI_Allreduce' points to data that carries derivatives, but cc-ad cannot see the body of 'MPI_Allreduce'
// EXPECT-STDERR: FILE:33:9: error: argument 1 of the call to 'ext' points to data that carries derivatives
// EXPECT-STDERR: declare '#pragma ad inactive(MPI_Allreduce)'
/* A data-parallel loss: each rank sums its part, MPI_Allreduce adds the
** parts up through const void * / void * buffers. cc-ad cannot see the
** body, so the derivative through the call would be lost: an error
** naming the call and the argument, in every mode, whatever the pointer
** type (regression: with void * parameters it was accepted with exit 0
** and the gradient came out as the regulariser alone; double * was
** already an error). MPI is declared here as <mpi.h> declares it, so the
** case needs no MPI installation. */
typedef int MPI_Comm;
typedef int MPI_Datatype;
typedef int MPI_Op;
#define MPI_DOUBLE ((MPI_Datatype)0x4c00080b)
#define MPI_SUM ((MPI_Op)0x58000003)
int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm);

/* ext reads its input through a const void *: the same rule */
void ext(const void *in, void *out);

double loss(const double *w, int n, double lambda, MPI_Comm comm)
{
    double local = 0, total = 0, reg = 0;
    for (int i = 0; i < n; i++) {
        double r = w[i] - 1.0;
        local += r * r;
        reg += w[i] * w[i];
    }
    double copy;
    ext(&reg, &copy);
    (void)copy;
    MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
    return total + lambda * reg;
}

#pragma ad grad(loss) wrt(w[n])
#pragma ad jvp(loss) wrt(w[n])
