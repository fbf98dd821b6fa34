/* OPEN (probe6): generated code does not compile, grad / vjp / hessian /
** hvp (every reverse sweep). A struct read straight through a cast of a
** const double array, P3 t = *(const P3 *)(x + 1); (reading a Vec3 out of
** a flat coordinate array), gets the adjoint
**   (*(const P3 *)(x_bar + 1)).a += t_bar.a;
**   error: assignment of member 'a' in read-only object
** The cast keeps the primal's const on the adjoint (elsewhere a pointer
** shadow's type drops the const, commit "a pointer shadow's type drops
** the const").
** The same read through a named pointer (const P3 *q = (const P3 *)x;
** P3 t = q[1];) compiles and is right. jvp compiles.
**   build/tool/cc-ad -o /tmp/c.ad.c tests/fuzz/open/const_struct_view_deref.c &&
**   gcc -std=c11 -Wall -Wextra -I include -c /tmp/c.ad.c      */
#include <math.h>
#include <stddef.h>

typedef struct P3 { double a, b, c; } P3;

double f(const double *x)
{
    P3 t = *(const P3 *)(x + 1);
    return t.a * t.b + sin(t.c) * x[0];
}

static double get(const void *base, size_t stride, int k)
{
    return *(const double *)((const char *)base + (size_t)k * stride);
}

double bytes(const double *x, int n)
{
    double s = 0.0;
    for (int k = 0; k < n / 2; k++)
        s += sin(get(x, 2 * sizeof(double), k)) * get(x + 1, 2 * sizeof(double), k);
    return s;
}

#pragma ad grad(f) wrt(x[4])
#pragma ad grad(bytes) wrt(x[n])
