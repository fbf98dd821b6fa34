/* basics.h - the functions and types of samples/basics (seed 003). */
#ifndef BASICS_H
#define BASICS_H

/* scalars */
double sq(double x);                 /* x^2 */
double g(double x, double y);        /* y x^2 + x y^3 */

/* vectors */
double fv(const double *x);          /* sum x_i^2 + x1 x2, x in R^3 */

/* a tree of parameters, as the seed's dict of arrays, one level deeper */
typedef struct Leaves {
    double x[5];
    double y[10];
} Leaves;

typedef struct Tree {
    Leaves d;      /* nested struct */
    double alpha;  /* a scalar field */
    int nx;        /* an int field: how many x are used (no derivative) */
} Tree;

double ft(const Tree *t);            /* alpha sum x^3 + sum y^2 */

typedef struct Pair {
    double x, y;
} Pair;

double fts(Pair d);                  /* x^3 + y^2, a struct by value */

/* the seed's loops: x^n three ways, and a convergence loop */
double fl_fori(double x, int n);
double fl_scan(double x, int n, double *hist);
double fl_while(double x, int n);
double sqrt_newton(double a);

#endif
