/* newton.h - the functions of samples/newton (seed 002). */
#ifndef NEWTON_H
#define NEWTON_H

/* x <- (x^2 + 21) / 10 applied `steps` times to `start`: the iteration
 * 10 x_{n+1} = x_n^2 + 21, whose fixed points are 3 (attracting) and 7
 * (repelling). */
double iterate(double start, int steps);

/* The seed's quad_fun: -((x - c)^T A (x - c) - 2) with c = (3, 7) and
 * A = [[3, 2], [2, 7]]; its maximum is at (3, 7). */
double quad_fun(const double *x);

/* The same in n dimensions: -((x - c)^T A (x - c) - 2), A n x n row-major. */
double quad_n(const double *x, const double *A, const double *c, int n);

#endif
