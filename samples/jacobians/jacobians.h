/* jacobians.h - the functions of samples/jacobians (seed 001). */
#ifndef JACOBIANS_H
#define JACOBIANS_H

/* f: R^2 -> R^3, f(x) = [sin(x0 / x1) + x1^2, x0^2 - x1^2, x0^3] */
void f(const double *x, double *y);

/* loss(x) = sin(exp(<x_star, x> / sqrt(n))): R^n -> R */
double loss(const double *x_star, const double *x, int n);

/* z <- sin(z^2) applied k = (int)max(z) times, then sum(z): R^n -> R */
double sinloop(const double *z, int n);

#endif
