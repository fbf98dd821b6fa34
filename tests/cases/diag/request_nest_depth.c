// EXPECT-EXIT: 1
// EXPECT-DIAG: req_nest_depth
// EXPECT-STDERR: FILE:17:21: error: requests nest two levels deep at most: write the innermost request on its own line (grad(f) CLAUSES) and nest the function it generates here (jvp(f_grad))
/* A three-level nested spelling, vmap(jvp(grad(f))): the nested JAX
** spelling goes two levels deep, and the error says how to write it (the
** innermost request on its own line, nested by its generated name) instead
** of "expected '))'" at the third parenthesis. */
#include <math.h>

double loss(const double *w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += sin(w[i]) * w[i];
    return s;
}

#pragma ad vmap(jvp(grad(loss))) wrt(w[n]) batch(w[n])
