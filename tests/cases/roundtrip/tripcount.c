/*
** roundtrip/tripcount: loops whose trip count depends on the data
** (for (k = 0; k < (int)max(z); k++)), an unsigned count-down loop with a
** side effect in its condition (for (unsigned i = n; i-- > 0;)), bool
** flags, pointer truthiness (while (p), if (!q)), and a sentinel-terminated
** walk through a linked list of nodes.
*/
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "roundtrip.h"

struct Node {
    double v;
    const struct Node *next;
};

static double vmax(const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        m = fmax(m, z[i]);
    return m;
}

double tripcount(const double *z, int n, const struct Node *list)
{
    double s = 0.0;
    for (int k = 0; k < (int)vmax(z, n); k++)
        s += z[k % n] * (k + 1);
    for (unsigned i = (unsigned)n; i-- > 0;)
        s -= 0.5 * z[i];
    bool neg = false;
    for (int i = 0; i < n && !neg; i++)
        neg = z[i] < 0;
    if (neg)
        s = -s;
    const struct Node *p = list;
    while (p) {
        s += p->v;
        p = p->next;
    }
    const double *q = NULL;
    if (!q)
        s += 1.0;
    return s;
}

#pragma ad jvp(tripcount) wrt(z[n])

#include "tripcount.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(37);
    rt_begin("tripcount");
    for (int i = 0; i < RT_NCASES; i++) {
        double z[6];
        oracle_fill_uniform(&rng, z, 6, -2, 9);
        struct Node c = {oracle_uniform(&rng, -1, 1), NULL}, b = {0.5, &c}, a = {-0.25, &b};
        int n = 1 + i % 6;
        rt_cmp(tripcount_primal(z, n, i % 2 ? &a : NULL), tripcount(z, n, i % 2 ? &a : NULL), i);
    }
    rt_end();
    return oracle_result();
}
