// CFLAGS: -D_GNU_SOURCE
/* OPEN (probe12): LEAK in reverse mode: memory that an undifferentiated helper
** allocates (Numerical Recipes' `int *indx = ivector(1,n)`, an int buffer) and a
** helper of the file frees (free_ivector(indx,1,n), which calls free) is never
** freed by f_grad / f_jacrev: the helper's _fwd copy is empty (its free() is
** dropped, as for active buffers whose free moves to the allocator's _bwd), but
** the allocator is not differentiated, so no _bwd frees it. Found porting NR's
** ludcmp/lubksb (tests/cases/realc/nr_ludcmp.c leaks 6 blocks under ASan).
** Expected: heap in use after f_grad equals before (mallinfo2); got: n ints more
** per call. Run: run_case.sh ... free_helper_of_inactive_alloc_leaks.c (or with
** CCAD_EXTRA_CFLAGS=-fsanitize=address: LeakSanitizer reports ivec). */
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

#include "free_helper_of_inactive_alloc_leaks.ad.h"

int main(void)
{
    enum { N = 4000 };
    static double x[N], g[N];
    for (int i = 0; i < N; i++) x[i] = 0.001 * i;
    f_grad(x, g, N);                       /* warm up the tape and allocator */
    size_t before = mallinfo2().uordblks;
    for (int k = 0; k < 10; k++) f_grad(x, g, N);
    size_t after = mallinfo2().uordblks;
    CHECK_CLOSE("grad[0]", g[0], 2 * x[N - 1], 1e-15, 0);
    CHECK_TRUE("no heap growth over 10 f_grad calls", after <= before + 1000);
    printf("heap before %zu after %zu\n", before, after);
    return oracle_result();
}
