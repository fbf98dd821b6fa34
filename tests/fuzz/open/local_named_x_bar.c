/* OPEN (probe6): internal error (exit 3), hessian and hvp; refusal of the
** nested spelling jvp(grad(f)). A local variable named x_bar in a function
** with a parameter x (x_bar is what statisticians call the mean of x, so
** real code has it) makes cc-ad name x's adjoint x_bar_2 (fine: grad, vjp,
** jvp, jacfwd, jacrev compile and are right), but
**   #pragma ad hessian(f) wrt(x[n])  /  hvp(f) wrt(x[n]):
**     internal error: no gradient parameter for 'x'
**   #pragma ad jvp(grad(f)) wrt(x[n]):
**     error: unknown parameter 'x_bar' in out(...): 'f_grad' has no
**     parameter of that name
**   (the nested spelling expands to out(x_bar[n]) of f_grad, whose
**   parameter is now x_bar_2; the user never wrote out(...)).
** A *parameter* named x_bar beside x (double f(const double *x, int n,
** double x_bar)) under hessian(f) wrt(x[n]) is refused with a message
** about a parameter the user never wrote:
**   error: 'f' stores values that depend on the inputs through parameter
**   'x_bar_2', which then needs derivative storage: ... wrt(..., x_bar_2[n])
** (other collisions are renamed silently and work: jac, hess, batch,
** ret, ret_bar, ret_dot, x_dot, x_v, x_hv as parameter names).
** Expected: all of them work (rename the user's local, or find the
** gradient parameter by role, not by name).
**   build/tool/cc-ad -o /tmp/x.ad.c tests/fuzz/open/local_named_x_bar.c
*/
double var(const double *x, int n)
{
    double x_bar = 0.0;
    for (int i = 0; i < n; i++)
        x_bar += x[i];
    x_bar /= n;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (x[i] - x_bar) * (x[i] - x_bar);
    return s / n;
}

#pragma ad hessian(var) wrt(x[n])
#pragma ad hvp(var) wrt(x[n])
