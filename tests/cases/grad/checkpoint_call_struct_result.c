/*
** grad/checkpoint_call_struct_result: '#pragma ad checkpoint' before a
** declaration that a call initialises with a struct returned by value,
** P r = heavy(x, n). The checkpointed call's loop used to keep such a
** declaration, call and all, before the loop, which then ran nothing: the
** call was taped in full without a word (the gradient right). Now r =
** heavy(x, n) runs in the loop (const dropped there, as for numbers); this
** checks that the gradient stays right so. Oracle: central differences of
** f, with a const struct too.
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct P { double a, b; } P;

static P heavy(const double *x, int n)
{
    P r = {0.0, 0.0};
    for (int i = 0; i < n; i++) {
        r.a += sin(x[i]) * x[i];
        r.b += x[i] * x[i];
    }
    return r;
}

double f(const double *x, int n)
{
#pragma ad checkpoint
    P r = heavy(x, n);
#pragma ad checkpoint
    const P s = heavy(x + 1, n - 1);
    return r.a * r.b + s.a;
}
#pragma ad grad(f) wrt(x[n])

#include "checkpoint_call_struct_result.ad.h"

int main(void)
{
    enum { N = 5 };
    double x[N] = {0.3, -0.5, 0.8, 0.1, -0.9}, g[N];
    double v = f_grad(x, g, N);
    oracle_check_close("primal", v, f(x, N), 1e-14, 1e-14);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N];
        for (int k = 0; k < N; k++) xp[k] = xm[k] = x[k];
        double h = 1e-6; xp[j] += h; xm[j] -= h;
        oracle_check_close("grad vs fd", g[j], (f(xp, N) - f(xm, N)) / (2 * h), 1e-7, 1e-8);
    }
    return oracle_result();
}
