/* OPEN (probe18): REFUSED (valid code): MPI_Reduce with MPI_IN_PLACE at the
** root, into a variable that an earlier statement set from its own value
** (mine = mine * mine; then MPI_Reduce(MPI_IN_PLACE, &mine, ...) at the
** root, MPI_Reduce(&mine, NULL, ...) elsewhere), is refused: "the
** derivative needs the values that 'MPI_Reduce' overwrites in the root's
** receive buffer; receive into a buffer of its own" (diag mpi_save_root,
** adjoint_lib.c: a written 'R' buffer is never saved, its size being the
** root's only). Writing double m2 = mine * mine; and reducing m2 in place
** works (tests/mpi/wave_root.c), so the refusal costs a rewrite, nothing
** worse. In place at the root the buffer is the root's own (count
** elements, known): it could be saved on the root alone (the call's root
** argument against the rank, at run time), or adj_must_save is too
** conservative here (the square's own save restores mine).
** Expected: grad compiles and matches differences; got the error above.
** Run: cc-ad tests/fuzz/open/mpi_reduce_inplace_refused.c -- $(mpicc --showme:compile) */
#include <mpi.h>

double f2(const double *x) {
  int rank;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double mine = x[0] * x[1], loss = 0.0;
  mine = mine * mine;
  if (rank == 0) {
    MPI_Reduce(MPI_IN_PLACE, &mine, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    loss = mine;
  } else {
    MPI_Reduce(&mine, NULL, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  }
  return loss;
}
#pragma ad grad(f2) wrt(x[2])
