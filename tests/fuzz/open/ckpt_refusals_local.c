/* OPEN (probe6): '#pragma ad checkpoint' not applied (warning, taped in
** full) on two loops whose state the manual says it can save, with hints
** that do not fit; grad. The gradients are right (full tape).
**   1. f2: the state is a local struct with an array field, written by a
**      helper through h.v (upd(h.v, 4)):
**        cannot tell the size of the memory it writes through a pointer
**        (malloc it in this function, or pass it as a parameter sized in
**        the request)
**      The same loop on a plain local array (f3, upd(v, 4)) is
**      checkpointed; the struct is a local of known size too ("the loop's
**      state is what its body writes that is declared outside it:
**      variables, saved whole"). The hint (malloc it) would make it worse.
**   2. inner: a checkpointed loop in a helper (the manual: checkpointed
**      loops "may sit in helpers") writing its parameter only as u[i] with
**      i the loop's own counter, for (int i = 0; i < n; i++):
**        cannot tell the size of the memory it writes through 'u' (a
**        function it calls writes there, or not only u[i] in a loop for
**        (i = 0; i < n; i++)); checkpoint the loop where that memory is
**        allocated
**      but no function writes there and it is only u[i] in such a loop,
**      the form the manual lists ("a parameter p the loop writes only as
**      p[i] in loops for (i = 0; i < n; i++)").
**   build/tool/cc-ad -o /tmp/l.ad.c tests/fuzz/open/ckpt_refusals_local.c
*/
#include <math.h>

static void upd(double *u, int n)
{
    for (int i = 0; i < n; i++)
        u[i] = u[i] * 0.9 + 0.1 * sin(u[(i + 1) % n]);
}

typedef struct Hist { double v[4]; double e; } Hist;

double f2(const double *x, int n)
{
    Hist h = {{x[0], x[1], x[2], x[3 % n]}, 0.0};
#pragma ad checkpoint(snapshots=2)
    for (int k = 0; k < 5; k++) {
        upd(h.v, 4);
        h.e += h.v[0];
    }
    return h.e;
}

double f3(const double *x, int n)          /* checkpointed */
{
    double v[4] = {x[0], x[1], x[2], x[3 % n]}, e = 0.0;
#pragma ad checkpoint(snapshots=2)
    for (int k = 0; k < 5; k++) {
        upd(v, 4);
        e += v[0];
    }
    return e;
}

static double inner(double *u, int n)
{
    double s = 0.0;
#pragma ad checkpoint
    for (int i = 0; i < n; i++) {
        u[i] = u[i] * 0.9 + 0.1 * sin(u[(i + 1) % n]);
        s += u[i];
    }
    return s;
}

double f1(const double *x, int n)
{
    double v[4] = {x[0], x[1], x[2], x[3 % n]};
    return inner(v, 4);
}

#pragma ad grad(f1) wrt(x[n])
#pragma ad grad(f2) wrt(x[n])
#pragma ad grad(f3) wrt(x[n])
