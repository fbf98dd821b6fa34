/*
** grad/constfield: structs as numerical C passes them around: a model
** struct whose `const double *w` field points to the differentiated
** weights (regression: the adjoint wrote through the shadow struct's const
** field, `M_bar->w[i] += ..`, which did not compile), next to a data
** struct holding only pointers to constant data, passed separately.
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    const double *w;
    int n;
} Model;

typedef struct {
    const double *in;
    const double *target;
    int count;
} Data;

static const double IN[6] = {0.5, -0.2, 0.3, 0.9, -0.7, 0.1};
static const double TARGET[6] = {0.1, 0.0, -0.3, 0.4, 0.2, -0.1};

static double predict(const Model *M, double in)
{
    double s = 0;
    for (int i = 0; i < M->n; i++)
        s += tanh(M->w[i] * in * (i + 1));
    return s;
}

double f(const double *x, int n)
{
    Model M = {x, n};
    Data D = {IN, TARGET, 6};
    double loss = 0;
    for (int k = 0; k < D.count; k++) {
        double r = predict(&M, D.in[k]) - D.target[k];
        loss += r * r;
    }
    return loss;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "constfield.ad.h"

ORACLE_XN_CASE(f, 7, 21)
