/* OPEN (probe17): VALID CODE REFUSED: a malloc'd struct holding both a pointer to a const
** table of functions and a pointer to work memory that carries derivatives (GSL's
** gsl_odeiv2_step: {const gsl_odeiv2_step_type *type; size_t dimension; void *state;},
** made by gsl_odeiv2_step_alloc inside the function the user differentiates) is refused:
** "error: 'rk_type' is used where cc-ad needs its derivative storage, which it does not have:
** it shares a pointer target with data that carries derivatives". The memory malloc returns
** is an unknown call's result to activity.c (fresh_of: pt_untyped), so the struct's cell is
** collapsed and its two fields share one pointee class: the table then "carries derivatives"
** and needs a shadow. The same struct as a local (step sv; step *s = &sv;) is accepted, and
** so is the malloc'd one without the table pointer. Fresh memory from malloc/calloc has no
** pointers set anywhere the analysis cannot see; it could be a typed node whose cell collapses
** only on an untyped use (a cast between two record types, memcpy), but the (void *) result
** cast to step * must then not count as such a use (note_cast). In realc/gsl_odeiv_rk4 the
** user has to allocate the stepper outside the differentiated function.
** Expected: grad of f (d/dx0 of y + y^2 = 1 + 2 x0); got: cc-ad exits 1.
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w \
**        tests/fuzz/open/malloc_struct_table_ptr.c */
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
