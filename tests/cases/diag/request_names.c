// EXPECT-EXIT: 1
// EXPECT-DIAG: req_keyword_name
// EXPECT-DIAG: req_main_name
// EXPECT-DIAG: name_taken_request
// EXPECT-DIAG: name_taken_function
// EXPECT-DIAG: name_taken_system
// EXPECT-DIAG: name_taken_variable
// EXPECT-STDERR: FILE:40:39: error: name(int): 'int' is a C keyword, not a function name; choose another, such as energy_vjp
// EXPECT-STDERR: FILE:41:39: error: name(main): the generated file would define main; choose another name, such as energy_vjp
// EXPECT-STDERR: FILE:38:17: error: the request would define 'energy_grad', but FILE already defines a function of that name (line 33); choose another with name(...)
// EXPECT-STDERR: FILE:39:39: error: the request would define 'energy', but FILE already defines a function of that name (line 24); choose another
// EXPECT-STDERR: FILE:42:39: error: the request would define 'printf', which a system header declares; choose another
// EXPECT-STDERR: FILE:43:39: error: the request would define 'scale', but that is the name of a variable; choose another
// EXPECT-STDERR: FILE:45:39: error: another request already generates 'energy_tangent'; choose another
/* The generated function's name must be free (contract section 2,
** name(id)): a function the file defines, one a system header declares, a
** variable, a keyword, main, or what another request generates would give
** an output that does not compile or link, or that defines main. Each was
** accepted with exit 0. */
#include <stdio.h>

double scale = 2.0;

double energy(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += scale * x[i] * x[i];
    return s;
}

/* written by hand earlier; grad(energy) would define it again */
double energy_grad(const double *x, int n)
{
    return 2.0 * scale * x[0] * n;
}

#pragma ad grad(energy) wrt(x[n])
#pragma ad vjp(energy) wrt(x[n]) name(energy)
#pragma ad vjp(energy) wrt(x[n]) name(int)
#pragma ad vjp(energy) wrt(x[n]) name(main)
#pragma ad vjp(energy) wrt(x[n]) name(printf)
#pragma ad vjp(energy) wrt(x[n]) name(scale)
#pragma ad jvp(energy) wrt(x[n]) name(energy_tangent)
#pragma ad jvp(energy) wrt(x[n]) name(energy_tangent)
