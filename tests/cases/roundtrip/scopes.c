/*
** roundtrip/scopes: names that lowering must keep apart: a variable
** shadowed in inner blocks, locals named like cc-ad's temporaries (t, old,
** sel, cond), a local shadowing a global, loops reusing i, assignments
** used as values (chained a = b = c, if ((k = next(k)) > 0), while ((v =
** *p++) != 0.0), s += (t = ...)), declarations after case labels and in
** switch blocks.
*/
#include "roundtrip.h"

double scale = 3.0;   /* shadowed below */

static int next(int k) { return (k * 7 + 3) % 11; }
static double g(double v) { return v * 0.5 + 1.0; }

double scopes(const double *x, int n)
{
    double t = 1.0, old = 2.0, sel = 0.5;
    int cond = 1;
    double s = g(x[0]) + g(x[1]) * t;
    {
        double t = s * 2.0;
        s += t + g(t);
        {
            double t = -1.0;
            s += t;
        }
        s += t;
    }
    s += t + old + sel + cond;
    for (int i = 0; i < n; i++)
        s += x[i];
    for (int i = n - 1; i >= 0; i--) {
        double scale = 0.5;
        s *= scale;
        s += x[i] * i;
    }
    s *= scale;
    double a, b, c;
    a = b = c = s * 0.25;
    int ia;
    double da = ia = (int)(s * 10.0);
    s += a + b + c + da + ia;
    int k = 2;
    if ((k = next(k)) > 4)
        s += k;
    double buf[6] = {1, 2, 3, 0, 5, 6};
    const double *p = buf;
    double v;
    while ((v = *p++) != 0.0)
        s += v;
    double u;
    s += (u = x[0] * 2.0) * 3.0;
    s += u;
    switch (n % 3) {
    case 0: {
        double w = s * 2;
        s = w;
        break;
    }
    case 1:;
        double z = 1.5;
        s += z;
        break;
    default:
        s -= 1;
    }
    return s;
}

#pragma ad jvp(scopes) wrt(x[n])

#include "scopes.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(35);
    rt_begin("scopes");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[7];
        oracle_fill_uniform(&rng, x, 7, -1, 1);
        rt_cmp(scopes_primal(x, 2 + i % 6), scopes(x, 2 + i % 6), i);
    }
    rt_end();
    return oracle_result();
}
