/*
** grad/checkpoint_struct_nested: checkpoints three deep over an array of
** structs. sim_ck: a `do ... while` whose trip count depends on the data
** (online schedule, snapshots=3) holds a checkpointed `for` (binomial
** schedule) whose body is a call checkpoint of substep(), which steps an
** array of Body {pos, vel, tag} through a helper force() and skips tagged
** bodies with `continue`. sim_plain is the same code without the pragmas.
** Requests on the checkpointed function: grad, jvp, hvp, hessian,
** vmap(sim_ck_grad), jacrev(sim_ck_jvp) (the gradient of the directional
** derivative, reverse over forward through the checkpoints).
** Oracles: the checkpointed gradient equals the fully taped one bit for
** bit (same operations on the same values); that one against central
** differences (h = 1e-6, rtol 1e-6, floor 1e-7); jvp against grad by the
** dot product (1e-12); hvp, hessian and jacrev(jvp) against the hessian of
** sim_plain (rtol 1e-10: both are exact to rounding); vmap(sim_ck_grad)
** element by element against sim_plain_grad (1e-13). The checkpointed
** gradient must have recomputed iterations (ccad_checkpoint_recomputations).
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct { double pos, vel; int tag; } Body;

static double force(const Body *b, int n, int i, double k)
{
    double f = -k * sin(b[i].pos);
    if (i > 0) f += 0.2 * (b[i - 1].pos - b[i].pos);
    if (i < n - 1) f += 0.2 * (b[i + 1].pos - b[i].pos);
    return f;
}

static void substep(Body *b, int n, double k, double dt)
{
    double acc[8];
    for (int i = 0; i < n; i++) acc[i] = force(b, n, i, k);
    for (int i = 0; i < n; i++) {
        if (b[i].tag == 2) continue;
        b[i].vel += dt * acc[i];
        b[i].pos += dt * b[i].vel;
    }

}

double sim_ck(const double *x, double k, int n)
{
    Body b[8];
    for (int i = 0; i < n; i++) { b[i].pos = x[i]; b[i].vel = 0.0; b[i].tag = i % 3; }
    double t = 0.0, e = 0.0;
    int it = 0;
#pragma ad checkpoint(snapshots=3)
    do {
#pragma ad checkpoint
        for (int s = 0; s < 3; s++) {
#pragma ad checkpoint
            substep(b, n, k, 0.05);
        }
        t += 0.15 + 0.01 * fabs(b[0].pos);
        e += b[n - 1].pos * b[n - 1].pos;
        it++;
    } while (t < 2.0 && it < 40);
    double s2 = 0.0;
    for (int i = 0; i < n; i++) s2 += b[i].pos * b[i].vel;
    return s2 + e;
}

double sim_plain(const double *x, double k, int n)
{
    Body b[8];
    for (int i = 0; i < n; i++) { b[i].pos = x[i]; b[i].vel = 0.0; b[i].tag = i % 3; }
    double t = 0.0, e = 0.0;
    int it = 0;
    do {
        for (int s = 0; s < 3; s++) {
            substep(b, n, k, 0.05);
        }
        t += 0.15 + 0.01 * fabs(b[0].pos);
        e += b[n - 1].pos * b[n - 1].pos;
        it++;
    } while (t < 2.0 && it < 40);
    double s2 = 0.0;
    for (int i = 0; i < n; i++) s2 += b[i].pos * b[i].vel;
    return s2 + e;
}

#pragma ad grad(sim_ck) wrt(x[n], k)
#pragma ad grad(sim_plain) wrt(x[n], k)
#pragma ad jvp(sim_ck) wrt(x[n], k)
#pragma ad hvp(sim_ck) wrt(x[n], k)
#pragma ad hessian(sim_plain) wrt(x[n], k)
#pragma ad hessian(sim_ck) wrt(x[n], k)
#pragma ad vmap(sim_ck_grad) batch(x[n], k)
#pragma ad jacrev(sim_ck_jvp) wrt(x[n], k) out(ret_dot[1])

#include "checkpoint_struct_nested.ad.h"
#define N 5
int main(void)
{
    double x[N] = {0.3, -0.2, 0.5, 0.1, -0.4}, k = 0.8;
    double g1[N], g2[N], k1, k2;
    ccad_checkpoint_reset_counts();
    double f1 = sim_ck_grad(x, g1, k, &k1, N);
    CHECK_TRUE("iterations recomputed", ccad_checkpoint_recomputations() > 0);
    double f2 = sim_plain_grad(x, g2, k, &k2, N);
    CHECK_CLOSE("f", f1, f2, 0, 0);
    CHECK_TRUE("bitwise", memcmp(g1, g2, sizeof g1) == 0 && k1 == k2);
    double fd[N + 1];
    for (int j = 0; j <= N; j++) {
        double xp[N], xm[N], kp = k, km = k; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x);
        double h = 1e-6;
        if (j < N) { xp[j] += h; xm[j] -= h; } else { kp += h; km -= h; }
        fd[j] = (sim_plain(xp, kp, N) - sim_plain(xm, km, N)) / (2 * h);
    }
    CHECK_VEC_CLOSE("grad fd", g1, fd, N, 1e-6, 1e-7);
    CHECK_CLOSE("k fd", k1, fd[N], 1e-6, 1e-7);
    double v[N] = {0.1, 0.2, -0.3, 0.4, 0.5}, kv = -0.7, rd;
    sim_ck_jvp(x, v, k, kv, N, &rd);
    double dot = kv * k1; for (int i = 0; i < N; i++) dot += v[i] * g1[i];
    CHECK_CLOSE("jvp dot", rd, dot, 1e-12, 1e-14);
    double H[(N + 1) * (N + 1)], hv[N], khv;
    sim_plain_hessian(x, k, N, H);
    sim_ck_hvp(x, v, hv, k, kv, &khv, N);
    double vv[N + 1]; memcpy(vv, v, sizeof v); vv[N] = kv;
    for (int i = 0; i <= N; i++) {
        double s = 0; for (int j = 0; j <= N; j++) s += H[i * (N + 1) + j] * vv[j];
        CHECK_CLOSE("hvp", i < N ? hv[i] : khv, s, 1e-10, 1e-12);
    }
    double H2[(N + 1) * (N + 1)];
    sim_ck_hessian(x, k, N, H2);
    CHECK_VEC_CLOSE("hess ck", H2, H, (N+1)*(N+1), 1e-10, 1e-12);
    double X[3*N], XB[3*N], K[3], KB[3], R[3];
    for (int b = 0; b < 3; b++) { for (int i = 0; i < N; i++) X[b*N+i] = x[i] + 0.1*b; K[b] = k - 0.1*b; }
    sim_ck_grad_vmap(3, X, XB, K, KB, N, R);
    for (int b = 0; b < 3; b++) { double gg[N], kk; double ff = sim_plain_grad(X + b*N, gg, K[b], &kk, N);
        CHECK_CLOSE("vmap f", R[b], ff, 1e-13, 0); CHECK_VEC_CLOSE("vmap g", XB + b*N, gg, N, 1e-13, 1e-15); CHECK_CLOSE("vmap k", KB[b], kk, 1e-13, 1e-15); }
    double J[N+1], rd2;
    sim_ck_jvp_jacrev(x, v, k, kv, N, &rd2, J);
    for (int i = 0; i <= N; i++) { double s = 0; for (int j = 0; j <= N; j++) s += H[i * (N + 1) + j] * vv[j];
        CHECK_CLOSE("jacrev(jvp)", J[i], s, 1e-10, 1e-12); }
    return oracle_result();
}
