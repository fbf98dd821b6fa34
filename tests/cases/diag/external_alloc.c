// EXPECT-EXIT: 1
// EXPECT-DIAG: external_pointer
// EXPECT-STDERR: FILE:17:17: error: 'pool_alloc' returns a pointer to memory that carries derivatives here
/* A buffer from an allocator of another translation unit (a pool, a
** library's allocator; only declared here) holding data that carries
** derivatives (probe16). cc-ad cannot know how much derivative storage to
** allocate with it: the shadow stayed NULL (double *w_bar = 0) and the
** derivative wrote through it, SIGSEGV at run time. Now an error: allocate
** with malloc, calloc or realloc, or define the allocator in this file (it
** is then differentiated, its shadow allocated too). */
#include <math.h>
#include <stdlib.h>
void *pool_alloc(size_t bytes);
void pool_free(void *p);
double f(const double *x, int n)
{
    double *w = pool_alloc(n * sizeof *w);
    for (int i = 0; i < n; i++) w[i] = sin(x[i]) * x[(i + 1) % n];
    double s = 0;
    for (int i = 0; i < n; i++) s += w[i] * w[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])
