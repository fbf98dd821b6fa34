/*
** grad/bulk: counted loops whose forward sweep writes its tape values into
** one reserved block (ccad_reserve_*) and whose reversed loop reads them
** back (ccad_release_*), next to loops that must keep plain pushes. Each
** loop overwrites a scalar every iteration, so the backward sweep needs
** the old values:
**   - pushes in both arms of an if/else (a block), and in one arm only
**     (plain pushes);
**   - a nested counted loop pushing doubles inside an outer loop pushing
**     doubles (inner block, outer plain) and inside one pushing only
**     integers (a block of each kind);
**   - 30000 iterations after other pushes, so the block starts a chunk of
**     its own and the values below it come back afterwards;
**   - step 3, a descending loop with >=, a bound changed after the loop
**     (the reversed loop recomputes the trip count from the restored
**     bound) (float blocks: jac/float and vjp/f3_float);
**   - arrays saved whole in the loop (memcpy over a buffer the backward
**     sweep reads): blocks of a size the loop does not change join the
**     loop's block; a size that changes per iteration keeps its own;
**   - a loop calling a helper (its f_fwd pushes unseen: plain pushes).
** Oracles: central differences and the dot-product test with jvp, and the
** tape empty after every call (oracle_check_*).
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

static double helper(double a, double b)
{
    double t = a;
    for (int j = 0; j < 3; j++)
        t = sin(t) * b + 0.1;
    return t;
}

double f(const double *x, int n)
{
    double s = 0.0, t = 0.3, u = 0.1;
    for (int i = 0; i < n; i++) {
        if (x[i] > 0.0)
            t = sin(t + x[i]);
        else
            t = cos(t * x[i]);
        s += t;
    }
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0)
            u = u * x[i] + 0.5;
        s += u * u;
    }
    for (int i = 0; i < 4; i++) {
        double v = x[i];
        for (int j = 0; j < n; j++)
            v = tanh(v * x[j] + 0.2);
        t = t * v;
        s += t;
    }
    for (int i = 0; i < 4; i++) {
        int k = (i * 5 + 1) % n;
        double w = x[k];
        for (int j = 1; j < n; j += 2)
            w = sin(w + x[j]);
        s += w * x[k];
    }
    double r = 0.0;
    for (long i = 0; i < 30000; i++)
        r = sin(r + 0.001 * x[i % n]);
    s += r;
    for (int i = 0; i < n; i += 3)
        t = exp(0.1 * t * x[i]);
    for (int i = n - 1; i >= 0; i--)
        t = t * x[i] + sin(t);
    s += t;
    int m = n - 2;
    for (int i = 0; i < m; i++)
        u = sqrt(u * u + x[i] * x[i]);
    m = 2;
    s += u * m;
    double buf[4], q = 0.5;
    for (int i = 0; i < n - 3; i++) {
        memcpy(buf, x + i, 4 * sizeof(double));
        q = q * buf[0] + sin(buf[3] * q);
    }
    s += q;
    for (int i = 0; i < n - 3; i++) {
        int len = i % 3 + 1;
        memcpy(buf, x + i, (size_t)len * sizeof(double));
        q = q * buf[0] + cos(buf[len - 1] + q);
    }
    s += q;
    double h = 0.2;
    for (int i = 0; i < n; i++)
        h = helper(h, x[i]);
    return s + h;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "bulk.ad.h"

ORACLE_XN_CASE(f, 12, 41)
