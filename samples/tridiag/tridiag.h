/* tridiag.h - the function samples/tridiag differentiates. */
#ifndef TRIDIAG_H
#define TRIDIAG_H

#define TRIDIAG_NP 5   /* number of parameters */
#define TRIDIAG_NZ 100 /* size of the tridiagonal system */

/* L2 norm of the solution of a 100 x 100 tridiagonal system whose
 * diagonals and right-hand side are the 5 parameters tiled and rolled. */
double scal_fun(const double *params);

#endif
