// EXPECT-EXIT: 1
// EXPECT-DIAG: global_pointer
// EXPECT-STDERR: error: the global variable 'g_input' is set to point to data that carries derivatives
/* A layer's output kept in a global pointer that the next layer reads (net.input as a global,
** the way small C nets and solvers keep their "current state"): each function's analysis sees
** a global's memory as set where it does not see, so the reading layer found no derivatives
** there, and f_grad returned 0 with only the warning "input 'w' of 'f' has no path to any
** output" (false). The write of such a pointer into a global is refused now. */
#include <stdlib.h>

double *g_input;

void layer2(double *out, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = g_input[i] * g_input[i];
}

double f(double *w, int n)
{
    double *o1 = malloc(n * sizeof(double)), *o2 = malloc(n * sizeof(double));
    for (int i = 0; i < n; i++)
        o1[i] = w[i] * 2.0;
    g_input = o1;
    layer2(o2, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += o2[i];
    free(o1);
    free(o2);
    return s;
}

#pragma ad grad(f) wrt(w[n])
