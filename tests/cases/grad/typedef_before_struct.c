/* typedef_before_struct: the linked-structure style
**     typedef struct Node Node;  struct Node { double w; Node *next; };
** and two structs that point to each other through typedef names (A, B),
** used in generated signatures. FILE.ad.h/FILE.ad.c print such typedefs
** (which need only the tag) before the struct definitions, as FILE.c does;
** they used to come after ("unknown type name 'Node'"). Gradients checked
** against the closed form. Contract sections 1 and 3 (FILE.ad.h declares
** the types of FILE.c its signatures need), 4 (structs by pointer). */
#include <math.h>
#include "ccad_oracle.h"

typedef struct Node Node;
struct Node {
    double w;
    Node *next;
};

/* sum over a list of weights of w * sin(x[i]) */
double f(const double *x, const Node *list)
{
    double s = 0;
    int i = 0;
    for (const Node *p = list; p; p = p->next, i++)
        s += p->w * sin(x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[3])

typedef struct A A;
typedef struct B B;
struct A { B *b; double x; };
struct B { A *a; double y; };
typedef A *AP;

double fa(const double *x, AP p)
{
    return p->x * sin(x[0]) + p->b->y * x[1] * x[1];
}

#pragma ad grad(fa) wrt(x[2])

#include "typedef_before_struct.ad.h"

int main(void)
{
    Node c = {0.5, NULL}, b = {-2.0, &c}, a = {1.5, &b};
    double x[3] = {0.3, -0.7, 1.1}, g[3];
    double v = f_grad(x, g, &a);
    CHECK_CLOSE("value", v, f(x, &a), 0, 0);
    CHECK_CLOSE("g0", g[0], 1.5 * cos(x[0]), ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("g1", g[1], -2.0 * cos(x[1]), ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("g2", g[2], 0.5 * cos(x[2]), ORACLE_RTOL_EXACT, 0);
    A pa;
    B pb = {&pa, -0.4};
    pa.b = &pb;
    pa.x = 1.3;
    double ga[2];
    double va = fa_grad(x, ga, &pa);
    CHECK_CLOSE("fa value", va, fa(x, &pa), 0, 0);
    CHECK_CLOSE("fa g0", ga[0], 1.3 * cos(x[0]), ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("fa g1", ga[1], -0.4 * 2 * x[1], ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
