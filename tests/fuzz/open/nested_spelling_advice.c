/* OPEN (probe16): DIAGNOSTIC ADVICE THAT CANNOT BE FOLLOWED in a nested
** spelling. `#pragma ad jvp(vjp(f)) wrt(x, a)` (x a pointer without size)
** is refused with "error: 'f_vjp_jvp': output 'x_bar' is in no wrt(...), so
** the value it holds on entry is a constant ...; give its element count,
** out(x_bar[n]), or list it as an input too, wrt(..., x_bar) out(x_bar)".
** Following the advice, `jvp(vjp(f)) wrt(x, a) out(x_bar[n], a_bar[1])`,
** is refused in turn: "unknown parameter 'x_bar' in out(...): 'f' has no
** parameter of that name", since in a nested spelling wrt/out go to the
** inner request (man page, Composition). The same holds for jac_needs_size
** (diag/nested_unsized_output: "write out(y_dot[n])" where out(y[2]) is
** what works). Expected: in a nested spelling the advice names the inner
** request's clause (here wrt(x[n]), which makes the request compile and
** give the right result: jac/compose_vmap_drivers spells it so) or says to
** write the two requests on their own lines. Got: advice that fails.
** Run: cc-ad nested_spelling_advice.c; then change the request as the
** message says and run again. */
#include <math.h>

double f(const double *x, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(a * x[i]) * x[(i + 1) % n];
    return s + a * a * x[0];
}

#pragma ad jvp(vjp(f)) wrt(x, a) name(jv)

int main(void) { return 0; }
