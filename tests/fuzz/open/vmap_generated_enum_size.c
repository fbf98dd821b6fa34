/* OPEN (probe18): REFUSED (valid request): batch(x[NL]) with NL a file-scope
** enumeration constant is accepted for vmap of a function of the file
** (vmap(f) batch(x[NL])) but refused for vmap of a generated one:
** "bad size expression for 'x': 'NL' is not a parameter of the function"
** on '#pragma ad vmap(f_grad) batch(x[NL], x_bar[NL])'. The size parser of
** a generated function's request does not look up the file's enumeration
** constants (and object-like macros?) as the user's function's does.
** Expected: f_grad_vmap generated, as with batch(x[2], x_bar[2]); got the
** error above. Run: cc-ad tests/fuzz/open/vmap_generated_enum_size.c */
#include <math.h>

enum { NL = 2 };

double f(const double *x) { return sin(x[0]) * x[1]; }

#pragma ad vmap(f) batch(x[NL])
#pragma ad grad(f) wrt(x[NL])
#pragma ad vmap(f_grad) batch(x[NL], x_bar[NL])
