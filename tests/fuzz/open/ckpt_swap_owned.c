/* OPEN (probe6): '#pragma ad checkpoint' refused (loop taped in full, with a
** wrong hint), grad/vjp/hvp. A time stepper that swaps the malloc'd buffers
** themselves (t = a; a = b; b = t;), the most common way to write it, gets
**   warning: '#pragma ad checkpoint' is not applied, and the loop is taped
**   in full: cc-ad cannot tell the size of the memory it writes through 'a'
**   (malloc it in this function, or pass it as a parameter sized in the
**   request)
** though a and b ARE malloc'd once in this function with size n (the
** manual: "buffers the function mallocs once", and ping-pong pointers
** "tmp = cur; cur = nxt; nxt = tmp;" take their shadows along). The same
** loop with the buffers held in separate owner pointers (double *a0 =
** malloc(..), *a = a0) is checkpointed. The gradient is right (full tape),
** but tape memory is no longer flat in T, and the hint tells the user to do
** what the code already does. Expected: no warning, checkpoint applied.
**   build/tool/cc-ad -o /tmp/c.ad.c tests/fuzz/open/ckpt_swap_owned.c -- -std=c11
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void step(const double *u, double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = u[i] + 0.1 * (sin(u[i]) + u[(i + 1) % n]);
}

double heat(const double *u0, int n, int T)
{
    double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *t;
    memcpy(a, u0, n * sizeof *a);
#pragma ad checkpoint(snapshots=3)
    for (int k = 0; k < T; k++) {
        step(a, b, n);
        t = a; a = b; b = t;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += a[i] * a[i];
    free(a);
    free(b);
    return s;
}

#pragma ad grad(heat) wrt(u0[n])
