/*
** roundtrip/control: for, while, do-while, if/else-if chains and switch
** (fallthrough, default in the middle, negative, character and enum case
** labels, a switch on an expression with side effects, switch inside a
** loop with continue and break), nested loops with break and continue,
** continue inside do-while (goes to the condition), early returns from
** inside loops, and conditions with side effects.
*/
#include "roundtrip.h"

enum Mode { MODE_SUM, MODE_MAX, MODE_ALT = 5 };

static int classify(double v)
{
    if (v < -0.5)
        return -1;
    else if (v < 0.0)
        return 0;
    else if (v < 0.5)
        return 1;
    return 2;
}

double loops(const double *x, int n, int mode)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        if (x[i] < -0.8)
            continue;
        if (x[i] > 0.95)
            break;
        for (int j = i; j < n; j++) {
            if (j - i > 3)
                break;
            if ((i + j) % 3 == 0)
                continue;
            s += x[i] * x[j];
        }
    }
    int k = 0;
    while (k < n && x[k] > -0.9) {
        s += 0.5 * x[k];
        k++;
    }
    int m = 0;
    do {
        m++;
        if (m % 2)
            continue;
        s -= 0.1 * m;
    } while (m < n);
    for (;;) {
        s *= 0.5;
        if (s < 1.0 && s > -1.0)
            break;
    }
    switch (mode) {
    case MODE_SUM:
        s += 1.0;
        /* fall through */
    case MODE_MAX:
        s *= 2.0;
        break;
    default:
        s -= 3.0;
        /* fall through */
    case MODE_ALT:
        s += 0.25;
        break;
    case -1:
        s = -s;
    }
    return s;
}

double switches(const double *x, int n)
{
    double s = 0.0;
    int calls = 0;
    for (int i = 0; i < n; i++) {
        switch (classify(x[i])) {
        case -1:
            s -= x[i];
            continue;
        case 0:
        case 1:
            s += x[i] * x[i];
            break;
        default:
            if (s > 2.0)
                break;
            s += 1.0;
        }
        switch (calls++ % 3) {
        case 0: s += 0.125; break;
        case 1: s -= 0.0625;
        }
        char c = (char)('a' + i % 4);
        switch (c) {
        case 'a': s += 1; break;
        case 'c': s -= 1; break;
        }
    }
    return s + calls;
}

double early(const double *x, int n, double limit)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += x[i];
        for (int j = 0; j < i; j++) {
            if (s > limit)
                return s * 2.0;
            s += 0.01 * x[j];
        }
        if (s < -limit)
            return -s;
    }
    int i = 0;
    while (1) {
        if (i >= n)
            return s + 100.0;
        if (x[i] > 0.9)
            return s - 100.0;
        i++;
    }
}

#pragma ad jvp(loops) wrt(x[n])
#pragma ad jvp(switches) wrt(x[n])
#pragma ad jvp(early) wrt(x[n])

#include "control.ad.h"

#define N 10

int main(void)
{
    OracleRng rng = oracle_rng(22);
    static const int modes[] = {MODE_SUM, MODE_MAX, MODE_ALT, -1, 2, 7};
    rt_begin("loops");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        int n = 1 + i % N, mode = modes[i % 6];
        rt_cmp(loops_primal(x, n, mode), loops(x, n, mode), i);
    }
    rt_end();
    rt_begin("switches");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        rt_cmp(switches_primal(x, 1 + i % N), switches(x, 1 + i % N), i);
    }
    rt_end();
    rt_begin("early");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        double lim = oracle_uniform(&rng, 0.5, 3);
        rt_cmp(early_primal(x, 1 + i % N, lim), early(x, 1 + i % N, lim), i);
    }
    rt_end();
    return oracle_result();
}
