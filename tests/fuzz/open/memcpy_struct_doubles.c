/* OPEN (probe6): generated code does not compile, grad / vjp (and the
** reverse sweeps of hessian, hvp, jacrev). memcpy between a struct of
** doubles and a double array (either direction: memcpy(arr, &s, sizeof s),
** memcpy(&t, x, sizeof t)), a common way to move a Vec3 in and out of a
** flat array, gets an adjoint that uses one side's element type on the
** other:
**   to_flat: for (k = 0; k < sizeof(s) / sizeof(*moved); k++)
**                (&s_bar)[k] += moved[k];
**            error: invalid operands to binary + (have 'P3' and 'double')
**   from_flat: (x_bar)[k].a += moved[k].a;
**            error: request for member 'a' in something not a structure
** jvp and the forward parts are right (memcpy of the shadows byte for
** byte). Expected: the adjoint of a byte copy added element by element of
** the common floating type (both sides hold only doubles), or, if
** refused, an error like diag/memcpy_void's untyped_copy.
**   build/tool/cc-ad -o /tmp/m.ad.c tests/fuzz/open/memcpy_struct_doubles.c &&
**   gcc -std=c11 -Wall -Wextra -I include -c /tmp/m.ad.c     */
#include <math.h>
#include <string.h>

typedef struct P3 { double a, b, c; } P3;

double to_flat(const double *x)
{
    P3 s = {x[0] * x[1], sin(x[2]), x[3]};
    double arr[3];
    memcpy(arr, &s, sizeof s);
    return arr[0] * arr[1] + arr[2];
}

double from_flat(const double *x)
{
    P3 t;
    memcpy(&t, x, sizeof t);
    return t.a * t.b + sin(t.c);
}

#pragma ad grad(to_flat) wrt(x[4])
#pragma ad grad(from_flat) wrt(x[3])
