// CFLAGS: -D_GNU_SOURCE
/* grad/free_helper_inactive_alloc: memory an undifferentiated helper
** allocates (Numerical Recipes' `int *indx = ivector(1,n)`: an int buffer, no
** derivative) and a helper of the file frees (free_ivec calling free). The
** backward sweep reads the buffer (x_bar[perm[i]]) after free_ivec's place,
** so the free cannot run there; nor does anything differentiated allocate it,
** so no malloc's backward code frees it. The forward sweep defers the free
** (ccad_defer_free) and f_grad frees it at its end: no leak (cc-ad before
** this dropped the free and leaked n ints per call; LeakSanitizer reports it
** in the sanitizer build).
** Oracles: d/dx_i sum_i x[n-1-i] x[i] = 2 x[n-1-i] (closed form, 1e-15); heap
** in use (mallinfo2) after 10 more f_grad calls equals before. */
#include <malloc.h>
#include <stdlib.h>
#include "ccad_oracle.h"

int *ivec(int n) { return malloc((size_t)n * sizeof(int)); }
void free_ivec(int *v) { free(v); }

double f(const double *x, int n)
{
    int *perm = ivec(n);
    for (int i = 0; i < n; i++) perm[i] = n - 1 - i;
    double s = 0;
    for (int i = 0; i < n; i++) s += x[perm[i]] * x[i];
    free_ivec(perm);
    return s;
}
#pragma ad grad(f) wrt(x[n])

#include "free_helper_inactive_alloc.ad.h"

int main(void)
{
    enum { N = 4000 };
    static double x[N], g[N];
    for (int i = 0; i < N; i++) x[i] = 0.001 * i;
    f_grad(x, g, N);                       /* warm up the tape and allocator */
    size_t before = mallinfo2().uordblks;
    for (int k = 0; k < 10; k++) f_grad(x, g, N);
    size_t after = mallinfo2().uordblks;
    for (int i = 0; i < N; i += 997) CHECK_CLOSE("grad[i] = 2 x[n-1-i]", g[i], 2 * x[N - 1 - i], 1e-15, 0);
    CHECK_TRUE("no heap growth over 10 f_grad calls", after <= before + 1000);
    printf("heap before %zu after %zu\n", before, after);
    return oracle_result();
}
