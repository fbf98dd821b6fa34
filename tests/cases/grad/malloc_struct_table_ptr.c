/* A malloc'd struct holding both a pointer to a const table of functions and a pointer to
** work memory that carries derivatives (GSL's gsl_odeiv2_step: {type, dimension, state}),
** the step called through the table (s->type->apply(s->state, y)) with its int result
** unused. malloc's memory is untyped to activity.c, so the struct's fields share one
** pointee class and the table looked like data with derivatives: "'rk_type' is used where
** cc-ad needs its derivative storage". A pointer to a struct that leads to no float and no
** void * (a table of functions) never needs derivative storage now (ty_ptr_never_shadowed),
** and the dispatch's unused int result no longer warns "set but not used" in the generated
** code. Oracle: closed form, d/dx0 of y + y^2 = 1 + 2 x0. */
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct {
    double *k;
} rk_state;
typedef struct {
    int (*apply)(void *st, double *y);
} step_type;
typedef struct {
    const step_type *type;
    void *state;
} step;

static int rk_apply(void *vs, double *y)
{
    rk_state *s = (rk_state *)vs;
    s->k[0] = y[0] * y[0];
    y[0] += s->k[0];
    return 0;
}

static const step_type rk_type = {&rk_apply};

double f(const double *x)
{
    step *s = malloc(sizeof *s);
    rk_state *st = malloc(sizeof *st);
    st->k = malloc(sizeof(double));
    s->type = &rk_type;
    s->state = st;
    double y[1] = {x[0]};
    s->type->apply(s->state, y);
    free(st->k);
    free(st);
    free(s);
    return y[0];
}

#pragma ad grad(f) wrt(x[1])

#include "malloc_struct_table_ptr.ad.h"

int main(void)
{
    double x[1] = {0.7}, g[1];
    f_grad(x, g);
    CHECK_CLOSE("df/dx", g[0], 1 + 2 * x[0], 1e-14, 0);
    return oracle_result();
}
