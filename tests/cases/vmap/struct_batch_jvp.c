// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/struct_batch_jvp: vmap of a function taking a struct by value in the
** batch clause (`Body b` becomes `const struct Body *b`, one per element),
** a shared coefficient array, a batched output array and a return value;
** and vmap of its generated jvp (batch(b, b_dot, trace[n], trace_dot[n],
** ret_dot[1]), the return's tangent pointer batched like an output).
** Oracles: the unbatched functions, bitwise; the tangent of the return
** against its closed form (rtol 1e-12).
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct Body { double m, x, v; int id; } Body;

double energy(Body b, const double *k, int n, double *trace)
{
    double e = 0.5 * b.m * b.v * b.v;
    for (int i = 0; i < n; i++) {
        e += k[i] * pow(b.x, i + 2) / (i + 2);
        trace[i] = e;
    }
    return e + 0.01 * b.id;
}

#pragma ad vmap(energy) batch(b, trace[n])
#pragma ad jvp(energy) wrt(b, k[n]) out(trace[n], return)
#pragma ad vmap(energy_jvp) batch(b, b_dot, trace[n], trace_dot[n], ret_dot[1])

#include "struct_batch_jvp.ad.h"

#define B 5
#define N 3
int main(void)
{
    Body bs[B], bd[B];
    double k[N] = {1.0, -0.3, 0.05}, kd[N] = {0.2, 0.1, -0.4};
    double tr[B * N], trd[B * N], ret[B], retd[B], ret2[B];
    for (int b = 0; b < B; b++) {
        bs[b] = (Body){1.0 + b, 0.3 * b - 0.5, 0.2 * b, b};
        bd[b] = (Body){0.1, 1.0, -0.5, 0};
    }
    energy_vmap(B, bs, k, N, tr, ret);
    energy_jvp_vmap(B, bs, bd, k, kd, N, tr, trd, retd, ret2);
    for (int b = 0; b < B; b++) {
        double t1[N], t1d[N], rd;
        double e = energy(bs[b], k, N, t1);
        oracle_check_close("vmap ret", ret[b], e, 0, 0);
        for (int i = 0; i < N; i++) oracle_check_close("vmap trace", tr[b * N + i], t1[i], 0, 0);
        double e2 = energy_jvp(bs[b], bd[b], k, kd, N, t1, t1d, &rd);
        oracle_check_close("vmap jvp ret", ret2[b], e2, 0, 0);
        oracle_check_close("vmap jvp ret_dot", retd[b], rd, 0, 0);
        for (int i = 0; i < N; i++) oracle_check_close("vmap jvp trace_dot", trd[b * N + i], t1d[i], 0, 0);
        /* closed form of the tangent of the return */
        double w = bd[b].m * 0.5 * bs[b].v * bs[b].v + bs[b].m * bs[b].v * bd[b].v;
        for (int i = 0; i < N; i++)
            w += kd[i] * pow(bs[b].x, i + 2) / (i + 2) + k[i] * pow(bs[b].x, i + 1) * bd[b].x;
        oracle_check_close("jvp closed form", rd, w, 1e-12, 1e-14);
    }
    return oracle_result();
}
