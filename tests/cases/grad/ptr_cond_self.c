/*
** grad/ptr_cond_self: a pointer that alternates between two buffers by a
** test on its own value, p = p == A ? B : A (also through an inlined helper
** nextp(p, A, B)), or p = bufs[p == A]: the forward sweep's shadow
** (p_bar = p == A ? B_bar : A_bar) must read the old p, so it is assigned
** before p (as the tangent code does). Before, it came after the primal
** store, read the new p, and pointed at the other buffer's adjoint: the
** adjoints of A's and B's uses were swapped (n = 2: grad (6, 2), want
** (3.5, -1.4)), silently; the hessian (jvp of grad) was wrong too. The
** same for a struct holding pointers copied from what it points to, cur =
** *cur.next: its shadow fields are set from temporaries (cur_bar.next was
** set before cur_bar.v = cur_bar.next->v read it).
** Oracles: closed forms (n = 2: s = 3 x0 + x1 + 3 x1^2 + 0.5 x0; n = 3 adds
** 3 x0 + x1 again) and the dot-product test with jvp.
*/
#include "ccad.h"
#include "ccad_oracle.h"

static const double *nextp(const double *p, const double *a, const double *b) { return p == a ? b : a; }

double f(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = p == A ? B : A;      /* alternate between the two buffers */
    }
    return s;
}

double fh(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = nextp(p, A, B);
    }
    return s;
}

double g(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    const double *bufs[2] = {A, B};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = bufs[p == A];
    }
    return s;
}

/* a struct copied from what its own field points to (a walk over a ring of
** nodes by value): both shadow fields read cur_bar.next, which this copy
** sets; the field order puts next first */
typedef struct Node { const struct Node *next; const double *v; } Node;
double walk(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    Node nodes[2];
    nodes[0].next = &nodes[1]; nodes[0].v = A;
    nodes[1].next = &nodes[0]; nodes[1].v = B;
    Node cur = nodes[0];
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * cur.v[0] + cur.v[1];
        cur = *cur.next;
    }
    return s;
}

#pragma ad grad(f) wrt(x[2])
#pragma ad jvp(f) wrt(x[2])
#pragma ad grad(fh) wrt(x[2])
#pragma ad vjp(g) wrt(x[2])
#pragma ad grad(walk) wrt(x[2])
#pragma ad hessian(f) wrt(x[2])

#include "ptr_cond_self.ad.h"
int main(void)
{
    double x[2] = {0.3, -0.4}, gr[2], v[2] = {1.0, 2.0}, rd, H[4];
    for (int n = 2; n <= 3; n++) {
        double want[2] = {3.5, 1.0 + 6.0 * x[1]};
        if (n == 3) { want[0] += 3.0; want[1] += 1.0; }
        f_grad(x, gr, n);
        CHECK_VEC_CLOSE("f grad", gr, want, 2, ORACLE_RTOL_EXACT, 1e-15);
        f_jvp(x, v, n, &rd);
        CHECK_CLOSE("f jvp", rd, want[0] * v[0] + want[1] * v[1], ORACLE_RTOL_EXACT, 1e-15);
        fh_grad(x, gr, n);
        CHECK_VEC_CLOSE("fh grad (helper)", gr, want, 2, ORACLE_RTOL_EXACT, 1e-15);
        gr[0] = gr[1] = 0.0;
        g_vjp(x, gr, n, 1.0);
        CHECK_VEC_CLOSE("g vjp (bufs[p == A])", gr, want, 2, ORACLE_RTOL_EXACT, 1e-15);
        walk_grad(x, gr, n);
        CHECK_VEC_CLOSE("walk grad (cur = *cur.next)", gr, want, 2, ORACLE_RTOL_EXACT, 1e-15);
        double wh[4] = {0, 0, 0, 6};
        f_hessian(x, n, H);
        CHECK_VEC_CLOSE("f hessian", H, wh, 4, ORACLE_RTOL_EXACT, 1e-15);
    }
    return oracle_result();
}
