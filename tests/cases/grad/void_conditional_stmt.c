/* A conditional expression of type void as a statement, as assert-like macros
** expand: `#define CHECK(c) ((c) ? (void)0 : die(#c))`, and `#define
** MY_ASSERT assert` (Tsoding's nn.h: NN_ASSERT), which reaches glibc's
** `(e) ? (void)0 : __assert_fail(...)` without the name assert. It is an if
** whose branches keep their effects; it was lowered into a temporary of type
** void that FILE.ad.c could not compile ("variable or field 'sel' declared
** void"). Oracle: the closed-form gradient sin x + x cos x (1e-14). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

static void die(const char *m) { fprintf(stderr, "check failed: %s\n", m); exit(1); }
#define CHECK(c) ((c) ? (void)0 : die(#c))
#define MY_ASSERT assert

double f(const double *x, int n)
{
    CHECK(n > 0);
    MY_ASSERT(n < 100);
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(x[i]) * x[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "void_conditional_stmt.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.0, 2.0}, g[3];
    f_grad(x, g, 3);
    for (int i = 0; i < 3; i++) CHECK_CLOSE("grad", g[i], sin(x[i]) + x[i] * cos(x[i]), 1e-14, 1e-15);
    return oracle_result();
}
