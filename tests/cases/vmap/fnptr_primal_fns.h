/* vmap/fnptr_primal: element functions whose addresses fnptr_primal.c
** takes only through this table, so the call through 'w' there stays an
** indirect call (no function of the main file has its type). */
#ifndef FNPTR_PRIMAL_FNS_H
#define FNPTR_PRIMAL_FNS_H
#include <math.h>
static inline double fns_cube(double v) { return v * v * v; }
static inline double fns_soft(double v) { return log1p(exp(v)); }
static double (*const fns_table[2])(double) = {fns_cube, fns_soft};
#endif
