/* OPEN (probe5): generated code does not compile (cuda, FILE.ad.cu under
** nvcc). cuda(f_grad) of a function reading an array field of a struct
** passed as `const Par *p` (wrt(p[1])) writes the adjoint through a cast
** that keeps the primal's const:
**   t.ad.cu: ((const double *)p_bar->d)[1] += x[0];
**   error: expression must be a modifiable lvalue
** (the .ad.c is right: p_bar->d[1] += x[0];). Every array field of a const
** struct parameter hits it in any reverse-mode cuda request (grad, hvp,
** hessian drivers). Cause: tool/transform/cuda.c fix_e makes every implicit
** pointer cast explicit ("C++ converts void * only explicitly"), including
** the array-to-pointer decay of p->d, whose type is const double * and
** which the shadow expression p_bar->d inherits. Only conversions from
** void * need the explicit cast; decays can stay implicit (or take the
** shadow's own, unqualified type).
** Reproduce:
**   build/tool/cc-ad -o /tmp/t.ad.c tests/fuzz/open/cuda_const_array_field.c &&
**   /usr/local/cuda/bin/nvcc -O1 -I include -c /tmp/t.ad.cu -o /tmp/t.cu.o   */
typedef struct { double d[2]; } Par;

double energy(const double *x, const Par *p)
{
    return x[0] * p->d[1];
}

#pragma ad grad(energy) wrt(x[1], p[1])
#pragma ad cuda(energy_grad) batch(x[1], p[1])
