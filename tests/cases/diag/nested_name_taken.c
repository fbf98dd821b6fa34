// EXPECT-EXIT: 1
// EXPECT-DIAG: name_taken_function
// EXPECT-STDERR: FILE:23:22: error: the request would define 'f_grad', but FILE already defines a function of that name (line 18); this nested spelling implies grad(f), which takes the default name; write it on its own line with another, grad(f) CLAUSES name(f_grad_2), and nest that name (vmap(f_grad_2) ...)
/* vmap(grad(f)) in a file that already has its own f_grad (a hand-written
** gradient to compare with, as tests do): the implied inner request takes
** the default name, and the error says how to name it. It advised "name
** f_grad in the others", which names the user's own function. */
#include <math.h>

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

void f_grad(const double *x, int n, double *g)
{
    for (int i = 0; i < n; i++) g[i] = 2 * x[i];
}

#pragma ad vmap(grad(f)) wrt(x[n]) batch(x[n]) name(fg_batch)
