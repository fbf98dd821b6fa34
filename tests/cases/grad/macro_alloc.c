/*
** grad/macro_alloc: allocations and sizes written through macros, as
** gradbench's and llm.c's C does (NEW_VEC(), an ALLOC(T, n) wrapper, a
** type name that is itself a macro, sizeof in a macro's body). The
** generated file spells each sizeof(T) as written when FILE.ad.c can read
** it (macros expanded: FILE.ad.c does not have FILE.c's macros), else its
** value; it used to copy the source text from the macro's definition to
** its use. sizeof(real[NB]) is the size of a type, not of NB (it was
** read as sizeof(4)). Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define real double
#define NB 4
#define SCALE 1e-1
typedef struct { int n; real *data; } Vec;

#define NEW_VEC() ((Vec *)calloc(1, sizeof(Vec)))
#define NEW_ARR(n) ((real *)malloc((size_t)(n) * sizeof(real)))
#define ALLOC(T, n) ((T *)malloc((size_t)(n) * sizeof(T)))
#define SQ(a) ((a) * (a))

double f(const double *x, int n)
{
    Vec *v = NEW_VEC();
    v->n = n;
    v->data = NEW_ARR(n);
    real *w = ALLOC(real, n);
    real *u = (real *)malloc(n * sizeof(real));
    real tab[NB] = {0.5, SCALE, 2, -1};
    const int nb = (int)(sizeof(real[NB]) / sizeof(real));  /* a type with a length: 4 */
    for (int i = 0; i < n; i++) {
        v->data[i] = SQ(x[i]) + SCALE * x[(i + 1) % n];
        w[i] = sin(v->data[i]);
        u[i] = w[i] * tab[i % nb];
    }
    double s = 0;
    for (int i = 0; i < v->n; i++)
        s += w[i] * u[i] + v->data[i] * x[i];
    free(v->data);
    free(v);
    free(w);
    free(u);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "macro_alloc.ad.h"

ORACLE_XN_CASE(f, 8, 6)
