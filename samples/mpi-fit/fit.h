/* fit.h: a logistic regression fitted with its data split across MPI ranks. */
#ifndef FIT_H
#define FIT_H

#include <mpi.h>

#define LAMBDA 1e-3   /* weight of the L2 penalty */

/* The loss over every rank's data (collective over comm): X is m x d on
 * this rank, w has d weights and a bias. */
double fit_loss(const double *w, int d, const double *X, const double *y, int m, MPI_Comm comm);

#endif
