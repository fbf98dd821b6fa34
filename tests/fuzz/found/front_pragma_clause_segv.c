/* found by scripts/fuzz-front.sh (seed 5758, a mutant of tests/cases/grad/gmm.c, minimised by lines): cc-ad dies on SIGSEGV (exit 139, no message); issue 10 items 11 and 15. Related: wrt(x[k[-1]]) with int k is accepted with exit 0. Run: cc-ad -o /tmp/o.ad.c front_pragma_clause_segv.c */
void gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                   const double *icf, const double *x, Wishart wishart, double *err)
{
}
#pragma ad jvp(gmm_objective) wrt(alphas[k], means[k*d], icf[k[-1]*d*(()d+1)/2]) out(err[1])
#include "gmm.ad.h"
