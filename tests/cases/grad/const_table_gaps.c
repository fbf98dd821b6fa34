/*
** grad/const_table_gaps: a file-scope const table of structs written with
** designated initializers that skip entries ([3] = ..., entry 2 left zero),
** as coefficient tables are written. FILE.ad.c copies the table; it once
** wrote the skipped entry as {0}, which -Wextra's missing-field-initializers
** rejects under -Werror. Oracle: closed form (each entry contributes
** w * k * x^(k-1); the zero entry nothing).
*/
#include <math.h>

#include "ccad_oracle.h"

typedef struct {
    double w;
    int k;
    const char *name;
} Coef;

static const Coef tab[] = {{.w = 0.5, .k = 1, .name = "lin"}, {.w = -1.25, .k = 2, .name = "sq"}, [3] = {2.0, 3, "cub"}};

double poly(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < (int)(sizeof tab / sizeof tab[0]); i++)
        s += tab[i].w * pow(x[0], tab[i].k);
    return s;
}

#pragma ad grad(poly) wrt(x[1])

#include "const_table_gaps.ad.h"

int main(void)
{
    double x = 0.7, g;
    CHECK_CLOSE("grad value", poly_grad(&x, &g), poly(&x), 1e-15, 0);
    CHECK_CLOSE("d poly / dx", g, 0.5 - 2 * 1.25 * x + 3 * 2.0 * x * x, 1e-14, 1e-15);
    return oracle_result();
}
