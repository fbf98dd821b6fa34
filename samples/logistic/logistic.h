/* logistic.h - the logistic map x -> a x (1 - x) (seed 002) */
#ifndef LOGISTIC_H
#define LOGISTIC_H

/* one step of the map */
double step(double x, double a);

/* warmup steps from x0, then the next keep points into xs[0..keep-1] */
void orbit(double a, double x0, int warmup, int keep, double *xs);

#endif
