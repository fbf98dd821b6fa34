/*
** grad/fnptr_ptr_fallback: calls through function pointers whose signatures hold data
** pointers and no floating type (void *(*alloc)(size_t), void (*note)(void *, int)) are
** dispatched to the file's functions of their type (GSL's s->type->alloc(dim):
** grad/gsl_odeiv2_step_alloc), and where the pointer matches none of them (here: a static
** function whose address main takes, which the generated file's copy does not equal) the
** call falls back to the indirect call:
**  - a call that touches no derivative (note(count, 1): an int counter) runs as in f,
**    in the derivative too (the counter counts the gradient's forward sweep);
**  - one whose result comes to carry derivatives (w = alloc(..) with w->k differentiated)
**    stops the program first: CCAD_ECALLEE through the error handler, naming the site; its
**    derivative would be wrong (the shadow of w unknown), never silently.
** Oracles: closed form, d/dx0 (x0^2 sin x1) = 2 x0 sin x1, d/dx1 = x0^2 cos x1; the
** counter; the error code and message.
*/
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"
#include "ccad.h"

typedef struct Work {
    double *k;
} Work;

typedef struct Ops {
    void *(*alloc)(size_t n);
    void (*note)(void *ctx, int step);
} Ops;

void *work_alloc(size_t n)
{
    Work *w = malloc(sizeof *w);
    w->k = malloc(n * sizeof(double));
    return w;
}

static void *work_alloc_here(size_t n)
{
    Work *w = malloc(sizeof *w);
    w->k = calloc(n, sizeof(double));
    return w;
}

static void note(void *ctx, int step)
{
    *(int *)ctx += step;
}

double f(const Ops *ops, const double *x, int *count)
{
    Work *w = ops->alloc(2);
    w->k[0] = x[0] * x[0];
    w->k[1] = sin(x[1]);
    ops->note(count, 1);
    double r = w->k[0] * w->k[1];
    free(w->k);
    free(w);
    return r;
}

#pragma ad grad(f) wrt(x[2])

#include "fnptr_ptr_fallback.ad.h"

static jmp_buf out;
static int got_code;
static char got_message[512];

static void on_error(int code, const char *message)
{
    got_code = code;
    strncpy(got_message, message, sizeof got_message - 1);
    longjmp(out, 1);
}

int main(void)
{
    double x[2] = {0.7, 1.3}, g[2] = {0, 0};
    int count = 0;
    Ops ops = {work_alloc, note};  /* note: static, its address taken here: no match */
    double y = f_grad(&ops, x, g, &count);
    CHECK_CLOSE("primal", y, x[0] * x[0] * sin(x[1]), 1e-15, 0);
    CHECK_CLOSE("d/dx0", g[0], 2 * x[0] * sin(x[1]), 1e-14, 0);
    CHECK_CLOSE("d/dx1", g[1], x[0] * x[0] * cos(x[1]), 1e-14, 0);
    CHECK_EQ_INT("the fallback note ran once", count, 1);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    /* last: an allocator the dispatch does not know, whose memory carries derivatives */
    Ops other = {work_alloc_here, note};
    ccad_set_error_handler(on_error);
    if (!setjmp(out)) {
        f_grad(&other, x, g, &count);
        CHECK_TRUE("the unknown allocator stops the gradient", 0);
    } else {
        printf("message: %s\n", got_message);
        CHECK_EQ_INT("error code", got_code, CCAD_ECALLEE);
        CHECK_TRUE("message names the site", strstr(got_message, "fnptr_ptr_fallback.c:") != NULL);
    }
    return oracle_result();
}
