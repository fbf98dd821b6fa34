/* OPEN (probe9): DOES NOT COMPILE: the common linked-structure style
**     typedef struct Node Node;
**     struct Node { double w; Node *next; };
** used in a generated signature: FILE.ad.h writes the struct before the
** typedef,
**     struct Node;
**     struct Node { double w; Node *next; };     <- Node not yet declared
**     typedef struct Node Node;
** so FILE.ad.c (which includes FILE.ad.h) fails: "unknown type name
** 'Node'", and so does FILE.ad.h on its own. Declaring the member as
** `struct Node *next` works. Expected: the typedef written before the
** struct that uses it (as FILE.c orders them), FILE.ad.c compiling
** warning-free. Contract section 1 ("The generated .ad.c compiles on its
** own with the same flags"), section 3 ("FILE.ad.h ... declares types
** defined in FILE.c itself that those signatures need"), section 4
** (structs by pointer, nested).
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/header_typedef_before_struct.c */
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

#include "header_typedef_before_struct.ad.h"

int main(void)
{
    Node c = {0.5, NULL}, b = {-2.0, &c}, a = {1.5, &b};
    double x[3] = {0.3, -0.7, 1.1}, g[3];
    double v = f_grad(x, g, &a);
    CHECK_CLOSE("value", v, f(x, &a), 0, 0);
    CHECK_CLOSE("g0", g[0], 1.5 * cos(x[0]), ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("g1", g[1], -2.0 * cos(x[1]), ORACLE_RTOL_EXACT, 0);
    CHECK_CLOSE("g2", g[2], 0.5 * cos(x[2]), ORACLE_RTOL_EXACT, 0);
    return oracle_result();
}
