/*
** grad/list_reverse: a linked list of nodes in a local array, walked by
** `p = p->next`, then reversed in place by relinking (cur->next = prev),
** then walked again: the shadow list's next pointers must follow every
** relink in the forward sweep and be put back in the backward sweep.
** Requests: grad, jvp, hessian.
** Oracles: grad against central differences (h = 1e-6, rtol 1e-6); jvp
** against grad by the dot product (1e-12); hessian against central
** differences of grad (h = 1e-5, rtol 1e-5) and symmetric.
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Node { double v; struct Node *next; } Node;

double f(const double *x, int n)
{
    Node nodes[8];
    for (int i = 0; i < n; i++) { nodes[i].v = x[i]; nodes[i].next = i + 1 < n ? &nodes[i + 1] : NULL; }
    double s = 0.0;
    for (Node *p = &nodes[0]; p; p = p->next) s += 2.0 * p->v + (p->next ? p->v * p->next->v : 0.0);
    /* reverse the list in place */
    Node *prev = NULL, *cur = &nodes[0];
    while (cur) { Node *nx = cur->next; cur->next = prev; prev = cur; cur = nx; }
    int k = 1;
    for (Node *p = prev; p; p = p->next) s += p->v * k++;
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])

#include "list_reverse.ad.h"
#define N 4
int main(void)
{
    double x[N] = {0.3, -0.4, 0.8, 0.5}, g[N];
    f_grad(x, g, N);
    for (int j = 0; j < N; j++) { double p[N], m[N], h = 1e-6; memcpy(p, x, sizeof p); memcpy(m, x, sizeof m); p[j] += h; m[j] -= h;
        CHECK_CLOSE("grad", g[j], (f(p, N) - f(m, N)) / (2 * h), 1e-6, 1e-8); }
    double v[N] = {1, 2, 3, 4}, rd; f_jvp(x, v, N, &rd);
    CHECK_CLOSE("jvp", rd, oracle_dot(g, v, N), 1e-12, 1e-13);
    double H[N * N];
    f_hessian(x, N, H);
    for (int j = 0; j < N; j++) {
        double p[N], m[N], gp[N], gm[N], h = 1e-5;
        memcpy(p, x, sizeof p); memcpy(m, x, sizeof m); p[j] += h; m[j] -= h;
        f_grad(p, gp, N); f_grad(m, gm, N);
        for (int i = 0; i < N; i++) {
            CHECK_CLOSE("hessian", H[i * N + j], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-6);
            CHECK_CLOSE("symmetric", H[i * N + j], H[j * N + i], 1e-12, 1e-14);
        }
    }
    return oracle_result();
}
