/* OPEN (probe5): warning (generated code fails -O2 -Wall -Werror), grad mode.
** A MINPACK-style 1-based helper (--fvec;) that writes its output and then
** conditionally overwrites it (a clamp: if (fvec[i] > 10) fvec[i] = 10;)
** gives a fcn_bwd that gcc 12 -O2 flags after inlining into obj_grad:
**   t.c:3: error: array subscript -1 is outside array bounds of 'double[6]'
**   [-Werror=array-bounds]  (at offset -8 into object 'fv_bar' of size 48)
** The user's code is clean under the same flags; -O1 is clean; without the
** clamp (fvec[i] = fvec[i]*fvec[i]) it is clean. The generated fcn_bwd
** does `fvec_bar--;` and then `if (ccad_pop_b()) fvec_bar[i] = 0.0;` in the
** reversed loop; gcc no longer proves i >= 1 there. Same family as
** o2_lane_shift.c (which says grad/vjp were fixed by shift_param_o2: this
** is the output-pointer variant, still open). Derivative values are right
** (checked at -O1: a MINPACK residual with clamp, grad/hessian/compositions).
** A fix would index fvec_bar[i - 1] instead of forming the shifted pointer.
** Reproduce:
**   build/tool/cc-ad -o /tmp/t.ad.c tests/fuzz/open/o2_shift_clamp_grad.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/t.ad.c      */
static void fcn(int m, const double *x, double *fvec)
{
    --fvec;
    for (int i = 1; i <= m; ++i) {
        fvec[i] = x[0] * i;
        if (fvec[i] > 10.0) fvec[i] = 10.0;
    }
}

double obj(const double *x)
{
    double fv[6];
    fcn(6, x, fv);
    double s = 0.0;
    for (int i = 0; i < 6; i++)
        s += fv[i] * fv[i];
    return s;
}

#pragma ad grad(obj) wrt(x[1])
