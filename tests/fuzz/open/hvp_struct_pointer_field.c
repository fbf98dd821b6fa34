/* OPEN (probe6): refused though the manual says it works, with a message
** that does not fit; hvp. A network struct whose pointer field holds
** activations read back across layers (genann's ann->output) needs the
** struct in wrt (a[1]) for reverse mode; grad accepts that (with its
** warning about zeroing what the pointers lead to), and so does the
** composition jvp(run_grad) wrt(w[a->n], a[1]) out(w_bar[a->n], a_bar[1])
** (right against differences of run_grad: a Hessian-vector product). But
**   #pragma ad hvp(run) wrt(w[a->n], a[1])
** is refused:
**   error: 'run_hvp': 'a' is a struct whose field 'out' leads to floating
**   data through a pointer; the matrix covers the floating fields a struct
**   holds itself: pass that data as a parameter of its own, or use vjp or
**   jvp
** hvp forms no matrix; the manual (hvp): "For a struct input (by value or
** by pointer), the direction and the result are structs of its type, like
** the shadows of vjp". (The refusal is documented for jacfwd/jacrev/
** hessian only.) Expected: hvp generated as jvp(run_grad) is, with
** a_v/a_hv structs whose pointers the caller sets, as for grad's a_bar.
**   build/tool/cc-ad -o /tmp/h.ad.c tests/fuzz/open/hvp_struct_pointer_field.c
*/
#include <math.h>

typedef struct Ann { int n; double *out; } Ann;

double run(const double *w, Ann *a)
{
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < a->n; i++)
            a->out[i] = tanh(w[i] * a->out[(i + 1) % a->n] + 0.2 * w[(i + k) % a->n]);
    double s = 0.0;
    for (int i = 0; i < a->n; i++)
        s += a->out[i] * a->out[i];
    return s;
}

#pragma ad grad(run) wrt(w[a->n], a[1])
#pragma ad jvp(run_grad) wrt(w[a->n], a[1]) out(w_bar[a->n], a_bar[1])
#pragma ad hvp(run) wrt(w[a->n], a[1])
