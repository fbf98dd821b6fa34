// EXPECT-EXIT: 1
// EXPECT-DIAG: struct_return_ptr
// EXPECT-STDERR: FILE:32:18: error: 'view_of' returns a struct that holds pointers to floating data
/* A helper returning a view (a struct of a pointer into the caller's array
 * and a length) by value, computed with a branch: cc-ad does not follow
 * where the returned struct's pointers point past the call, so what flows
 * through them had no derivative (a zero gradient, and the input said to
 * have no path to the output). Refused, with the forms that work: fill the
 * struct through a pointer parameter (grad/struct_view), or build it from
 * the parameters alone, a constructor, which is inlined
 * (grad/struct_ctor_views). A struct of floating values, or of pointers to
 * integers, returned by value is fine. */
#include <math.h>

typedef struct { double *p; int len; } View;
typedef struct { int *idx; double w; } Pick;

static View view_of(double *base, int off, int len)
{
    View v = {base + off, len};
    if (len > 2)
        v.len = 2;
    return v;
}

static Pick pick(int *idx, double w) { Pick p = {idx, w}; return p; }

double model(double *u, int *idx, int n)
{
    double e = 0;
    for (int k = 0; k + 2 <= n; k += 2) {
        View v = view_of(u, k, 2);
        Pick q = pick(idx, u[k]);
        e += v.p[0] * v.p[1] * q.w + q.idx[0];
    }
    return e;
}

#pragma ad grad(model) wrt(u[n])
