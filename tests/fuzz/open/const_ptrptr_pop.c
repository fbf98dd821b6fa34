/* OPEN (probe5): generated code does not compile under -Wall -Werror
** (grad; any reverse mode). A helper that moves a caller's read-only
** cursor through a pointer to it, static void adv(const double **pp,
** const double *nb) { *pp = nb; }, gets a backward sweep that restores the
** shadow cursor with the primal's type:
**   static void adv_bwd(const double **pp, double **pp_bar)
**   { *pp_bar = (const double *)ccad_pop_p(); *pp = (const double *)ccad_pop_p(); }
**   error: assignment discards 'const' qualifier from pointer target type
**   [-Werror=discarded-qualifiers]
** (the shadow is double **: its pop needs (double *)). Built without
** -Werror the gradient is right. Expected: cast each pop to the type of the
** variable it restores. Where: the backward restore of a pointer stored
** through a pointer parameter (tool/transform adjoint: the cast is taken
** from the primal lvalue for both the primal and the shadow).
**   build/tool/cc-ad -o /tmp/c.ad.c tests/fuzz/open/const_ptrptr_pop.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/c.ad.c       */
static void adv(const double **pp, const double *nb) { *pp = nb; }

double k(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        adv(&p, B);
    }
    return s;
}

#pragma ad grad(k) wrt(x[2])
