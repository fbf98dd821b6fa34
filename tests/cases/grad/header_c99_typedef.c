/* FILE.ad.h on its own under -std=c99 when FILE.c includes it after
** typedef struct P {...} P: C99 may not repeat the typedef (the header has
** it for C11 only), so the prototypes name the type struct P (they used P,
** undeclared in C99). Gradient of p->k sum sin(x_i) in closed form. */
// CFLAGS: -std=c99
#include <math.h>
#include "ccad_oracle.h"

typedef struct P { double k; } P;

double fs(const P *p, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += p->k * sin(x[i]);
    return s;
}

#pragma ad grad(fs) wrt(x[n])

#include "header_c99_typedef.ad.h"

int main(void)
{
    P p = {2.0};
    double x[2] = {0.5, -1.0}, g[2];
    fs_grad(&p, x, g, 2);
    for (int i = 0; i < 2; i++)
        CHECK_CLOSE("g", g[i], 2.0 * cos(x[i]), 1e-12, 0);
    return oracle_result();
}
