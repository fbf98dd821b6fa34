/*
** jac/structs_inout: the Jacobian of an in-place update of a float struct
** holding an array of nested structs with array fields (a time step of a
** small particle system), as jacfwd and jacrev with the struct both input
** and output. Entries in declaration order: b[0].pos[0], b[0].pos[1],
** b[0].vel[0], b[0].vel[1], b[1].pos[0], ..., b[1].vel[1], k (9 per
** World; the int tag carries nothing). Both functions leave the world as one
** step leaves it. Oracles: central differences of the step computed in
** double from the same formulas' float code (ORACLE_RTOL_FLOAT_FD: float
** differences with step cbrt(eps_float)); jacfwd == jacrev to float
** rounding (ORACLE_RTOL_FLOAT_EXACT).
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Body {
    float pos[2];
    float vel[2];
    int tag;
} Body;

typedef struct World {
    Body b[2];
    float k;
} World;

void step(World *w, float dt)
{
    float dx = w->b[1].pos[0] - w->b[0].pos[0], dy = w->b[1].pos[1] - w->b[0].pos[1];
    float f = w->k * sinf(dx * dx + dy * dy);
    for (int i = 0; i < 2; i++) {
        float s = i == 0 ? 1.0f : -1.0f;
        w->b[i].vel[0] += dt * s * f * dx;
        w->b[i].vel[1] += dt * s * f * dy;
        w->b[i].pos[0] += dt * w->b[i].vel[0];
        w->b[i].pos[1] += dt * w->b[i].vel[1];
    }
    w->k *= 0.9f + 0.1f * cosf(dx);
}

#pragma ad jacfwd(step) wrt(w[1]) out(w[1])
#pragma ad jacrev(step) wrt(w[1]) out(w[1])

#include "structs_inout.ad.h"

enum { N = 9 };

static void unpack(const double *z, World *w)
{
    for (int i = 0; i < 2; i++) {
        w->b[i].pos[0] = (float)z[4 * i];
        w->b[i].pos[1] = (float)z[4 * i + 1];
        w->b[i].vel[0] = (float)z[4 * i + 2];
        w->b[i].vel[1] = (float)z[4 * i + 3];
        w->b[i].tag = 7 + i;
    }
    w->k = (float)z[8];
}

static void pack(const World *w, double *z)
{
    for (int i = 0; i < 2; i++) {
        z[4 * i] = w->b[i].pos[0];
        z[4 * i + 1] = w->b[i].pos[1];
        z[4 * i + 2] = w->b[i].vel[0];
        z[4 * i + 3] = w->b[i].vel[1];
    }
    z[8] = w->k;
}

static void step_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    World w;
    unpack(z, &w);
    step(&w, 0.1f);
    pack(&w, y);
}

int main(void)
{
    const double z[N] = {0.1, -0.3, 0.5, 0.2, 0.7, 0.4, -0.6, 0.3, 1.5};
    double e[N], col[N], Jfd[N * N], Jd[N * N], Jrd[N * N], yw[N], y1[N], y2[N];
    World w0, w1, w2;
    float Jf[N * N], Jr[N * N];
    unpack(z, &w0);
    unpack(z, &w1);
    unpack(z, &w2);
    step(&w0, 0.1f);
    step_jacfwd(&w1, 0.1f, Jf);
    step_jacrev(&w2, 0.1f, Jr);
    pack(&w0, yw);
    pack(&w1, y1);
    pack(&w2, y2);
    CHECK_VEC_CLOSE("step_jacfwd leaves one step", y1, yw, N, 0.0, 0.0);
    CHECK_VEC_CLOSE("step_jacrev leaves one step", y2, yw, N, 0.0, 0.0);
    CHECK_TRUE("tags untouched", w1.b[1].tag == 8 && w2.b[0].tag == 7);
    for (int j = 0; j < N; j++) {
        for (int i = 0; i < N; i++)
            e[i] = i == j;
        oracle_fd_jvp_eps(step_flat, NULL, N, N, z, e, col, FLT_EPSILON);
        for (int i = 0; i < N; i++)
            Jfd[i * N + j] = col[i];
    }
    for (int i = 0; i < N * N; i++) {
        Jd[i] = Jf[i];
        Jrd[i] = Jr[i];
    }
    CHECK_VEC_CLOSE("jacfwd(step) vs central differences", Jd, Jfd, N * N, ORACLE_RTOL_FLOAT_FD, 1e-3);
    CHECK_VEC_CLOSE("jacrev(step) = jacfwd(step)", Jrd, Jd, N * N, ORACLE_RTOL_FLOAT_EXACT, 1e-6);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
