// EXPECT-EXIT: 1
// EXPECT-DIAG: external_pointer
// EXPECT-STDERR: error: 'get_buf' returns a pointer to memory that carries derivatives here
// EXPECT-STDERR: error: this call through a function pointer returns a pointer to memory that carries derivatives here
/* A pointer from a call cc-ad cannot see into (a library's buffer, or GSL's
** s->state = s->type->alloc(dim) where the file takes the address of no function of the
** pointer's type, so there is nothing to dispatch to: grad/gsl_odeiv2_step_alloc is the
** dispatched form), stored where derivatives then
** flow: the derivative code left the pointer's shadow null and wrote through it (a
** segmentation fault in realc/gsl_odeiv_rk4's first port). Refused now, at the call. */
#include <stdlib.h>

double *get_buf(int n);

typedef struct {
    void *(*alloc)(size_t n);
} Alloc;

typedef struct {
    double *k;
} Work;

double f(const double *x)
{
    Work w;
    w.k = get_buf(2);
    w.k[0] = x[0] * x[0];
    return w.k[0] * x[0];
}

double g(const Alloc *A, const double *x)
{
    Work *w = A->alloc(sizeof *w);
    w->k = malloc(2 * sizeof(double));
    w->k[0] = x[0] * x[0];
    double r = w->k[0] * x[0];
    free(w->k);
    return r;
}

#pragma ad grad(f) wrt(x[1])
#pragma ad jvp(g) wrt(x[1])
