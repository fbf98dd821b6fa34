/*
** jac/structs: jacfwd, jacrev, hessian and hvp with struct inputs and
** outputs: a struct by value (Prm), an array of nested structs with a size
** (Blob: a Pt inside, an array field, an int that carries nothing), a struct
** written through a pointer (Res), a struct returned (Pt). The manual's
** order: each struct's floating fields in declaration order, nested ones
** and array fields in place, element after element for an array:
**   wrt(p, b[nb], q[2])   columns  p.mu, p.sig,
**                                  b[i].c.x, b[i].c.y, b[i].r[0], b[i].r[1] (i < nb),
**                                  q[0], q[1]
**   out(res[1], return)   rows     res->val, res->g.x, res->g.y, return
** hvp: the direction and the result of a struct input are structs of its
** type. Oracles, through flat wrappers written here (pack/unpack,
** independent of the generated code): jacfwd against central differences
** of the function, grad(energy) against central differences of energy and
** the Hessian against central differences of grad(energy) (ORACLE_RTOL_FD
** with oracle_fd_atol of the values' size: step ~ cbrt(eps), error
** O(h^2)); jacrev == jacfwd and hvp == H v to rounding (1e-12); the
** primal results of every generated function equal the original's.
*/
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Pt {
    double x, y;
} Pt;

typedef struct Prm {
    double mu, sig;
} Prm;

typedef struct Blob {
    Pt c;
    double r[2];
    int id;
} Blob;

typedef struct Res {
    double val;
    Pt g;
} Res;

double field(Prm p, const Blob *b, int nb, const double *q, Res *res)
{
    double v = 0.0, gx = 0.0, gy = 0.0;
    for (int i = 0; i < nb; i++) {
        double dx = q[0] - b[i].c.x, dy = q[1] - b[i].c.y;
        double e = exp(-(dx * dx * b[i].r[0] + dy * dy * b[i].r[1]) / (p.sig * p.sig)) * (1 + b[i].id % 2);
        v += p.mu * e;
        gx += dx * e;
        gy += dy * e;
    }
    res->val = v;
    res->g.x = gx;
    res->g.y = gy;
    return v * v + p.mu;
}

double energy(Prm p, const Blob *b, int nb)
{
    double s = p.mu * p.mu;
    for (int i = 0; i < nb; i++)
        for (int j = 0; j < i; j++) {
            Pt d = {b[i].c.x - b[j].c.x, b[i].c.y - b[j].c.y};
            s += p.mu * b[i].r[0] * b[j].r[1] / sqrt(p.sig * p.sig + d.x * d.x + d.y * d.y);
        }
    return s;
}

Pt centroid(const Blob *b, int nb, Prm p)
{
    Pt c = {0.0, 0.0};
    for (int i = 0; i < nb; i++) {
        double w = b[i].r[0] * b[i].r[1] + p.mu;
        c.x += w * b[i].c.x;
        c.y += w * sin(b[i].c.y);
    }
    return c;
}

#pragma ad jacfwd(field) wrt(p, b[nb], q[2]) out(res[1], return)
#pragma ad jacrev(field) wrt(p, b[nb], q[2]) out(res[1], return)
#pragma ad grad(energy) wrt(p, b[nb])
#pragma ad hessian(energy) wrt(p, b[nb])
#pragma ad hvp(energy) wrt(p, b[nb])
#pragma ad jacfwd(centroid) wrt(b[nb], p) out(return)
#pragma ad jacrev(centroid) wrt(b[nb], p) out(return)

#include "structs.ad.h"

enum { NB = 3, NIN = 2 + 4 * NB + 2, NOUT = 4, NE = 2 + 4 * NB, NC = 4 * NB + 2 };

/* the flattening the manual documents, written out by hand */
static void unpack(const double *z, Prm *p, Blob *b)
{
    p->mu = z[0];
    p->sig = z[1];
    for (int i = 0; i < NB; i++) {
        b[i].c.x = z[2 + 4 * i];
        b[i].c.y = z[3 + 4 * i];
        b[i].r[0] = z[4 + 4 * i];
        b[i].r[1] = z[5 + 4 * i];
        b[i].id = i;
    }
}

static void field_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    Prm p;
    Blob b[NB];
    Res r;
    unpack(z, &p, b);
    y[3] = field(p, b, NB, z + 2 + 4 * NB, &r);
    y[0] = r.val;
    y[1] = r.g.x;
    y[2] = r.g.y;
}

static void energy_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    Prm p;
    Blob b[NB];
    unpack(z, &p, b);
    y[0] = energy(p, b, NB);
}

static void pack(const Prm *p, const Blob *b, double *z)
{
    z[0] = p->mu;
    z[1] = p->sig;
    for (int i = 0; i < NB; i++) {
        z[2 + 4 * i] = b[i].c.x;
        z[3 + 4 * i] = b[i].c.y;
        z[4 + 4 * i] = b[i].r[0];
        z[5 + 4 * i] = b[i].r[1];
    }
}

static void energy_grad_flat(void *ctx, const double *z, double *g)
{
    (void)ctx;
    Prm p, pb;
    Blob b[NB], bb[NB];
    unpack(z, &p, b);
    energy_grad(p, &pb, b, bb, NB);
    pack(&pb, bb, g);
}

/* centroid's inputs in its wrt order: b, then p */
static void centroid_flat(void *ctx, const double *z, double *y)
{
    (void)ctx;
    double zz[NE];
    memcpy(zz, z + 4 * NB, 2 * sizeof(double));
    memcpy(zz + 2, z, 4 * NB * sizeof(double));
    Prm p;
    Blob b[NB];
    unpack(zz, &p, b);
    Pt c = centroid(b, NB, p);
    y[0] = c.x;
    y[1] = c.y;
}

static void fd_jacobian(oracle_fn fn, int n, int m, const double *z, double *J)
{
    double e[NIN], col[NIN];
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++)
            e[i] = i == j;
        oracle_fd_jvp(fn, NULL, n, m, z, e, col);
        for (int i = 0; i < m; i++)
            J[i * n + j] = col[i];
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(1411);
    double z[NIN];
    oracle_fill_uniform(&rng, z, NIN, -1.0, 1.0);
    z[0] = 0.8;  /* mu */
    z[1] = 1.3;  /* sig */
    for (int i = 0; i < NB; i++) {
        z[4 + 4 * i] = oracle_uniform(&rng, 0.5, 1.5);  /* r[0], r[1] > 0 */
        z[5 + 4 * i] = oracle_uniform(&rng, 0.5, 1.5);
    }
    Prm p;
    Blob b[NB];
    unpack(z, &p, b);
    const double *q = z + 2 + 4 * NB;
    Res r0, r1, r2;
    double y[NOUT], Jf[NOUT * NIN], Jr[NOUT * NIN], Jfd[NOUT * NIN];
    double f0 = field(p, b, NB, q, &r0);
    field_flat(NULL, z, y);

    /* jacfwd and jacrev of field */
    CHECK_CLOSE("field_jacfwd returns field", field_jacfwd(p, b, NB, q, &r1, Jf), f0, 0.0, 0.0);
    CHECK_CLOSE("field_jacfwd writes res", r1.val, r0.val, 0.0, 0.0);
    CHECK_CLOSE("field_jacrev returns field", field_jacrev(p, b, NB, q, &r2, Jr), f0, 0.0, 0.0);
    CHECK_CLOSE("field_jacrev writes res", r2.g.y, r0.g.y, 0.0, 0.0);
    fd_jacobian(field_flat, NIN, NOUT, z, Jfd);
    CHECK_VEC_CLOSE("jacfwd(field) vs central differences", Jf, Jfd, NOUT * NIN, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(y, NOUT)));
    CHECK_VEC_CLOSE("jacrev(field) = jacfwd(field)", Jr, Jf, NOUT * NIN, 1e-12, 1e-13 * oracle_norm_inf(Jf, NOUT * NIN));
    CHECK_TRUE("tape empty after jacrev", ccad_tape_empty());

    /* hessian and hvp of energy */
    double H[NE * NE], Hfd[NE * NE], g[NE], e0 = energy(p, b, NB);
    CHECK_CLOSE("energy_hessian returns energy", energy_hessian(p, b, NB, H), e0, 0.0, 0.0);
    double gfd[NE];
    energy_grad_flat(NULL, z, g);
    oracle_fd_grad(energy_flat, NULL, NE, z, gfd);
    CHECK_VEC_CLOSE("grad(energy) vs central differences", g, gfd, NE, ORACLE_RTOL_FD, oracle_fd_atol(fabs(e0)));
    fd_jacobian(energy_grad_flat, NE, NE, z, Hfd);
    CHECK_VEC_CLOSE("hessian(energy) vs central differences of grad(energy)", H, Hfd, NE * NE, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(g, NE)));
    double v[NE], Hv[NE], hv[NE];
    oracle_fill_normal(&rng, v, NE);
    for (int i = 0; i < NE; i++)
        Hv[i] = oracle_dot(&H[i * NE], v, NE);
    Prm pv, phv;
    Blob bv[NB], bhv[NB];
    unpack(v, &pv, bv);
    CHECK_CLOSE("energy_hvp returns energy", energy_hvp(p, &pv, &phv, b, bv, bhv, NB), e0, 0.0, 0.0);
    hv[0] = phv.mu;
    hv[1] = phv.sig;
    for (int i = 0; i < NB; i++) {
        hv[2 + 4 * i] = bhv[i].c.x;
        hv[3 + 4 * i] = bhv[i].c.y;
        hv[4 + 4 * i] = bhv[i].r[0];
        hv[5 + 4 * i] = bhv[i].r[1];
    }
    CHECK_VEC_CLOSE("hvp(energy) = H v", hv, Hv, NE, 1e-12, 1e-13 * oracle_norm_inf(H, NE * NE) * NE);
    CHECK_TRUE("tape empty after hvp", ccad_tape_empty());

    /* a struct returned: centroid, wrt(b[nb], p) */
    double zc[NC], yc[2], Jcf[2 * NC], Jcr[2 * NC], Jcfd[2 * NC];
    memcpy(zc, z + 2, 4 * NB * sizeof(double));
    memcpy(zc + 4 * NB, z, 2 * sizeof(double));
    Pt c0 = centroid(b, NB, p), c1 = centroid_jacfwd(b, NB, p, Jcf), c2 = centroid_jacrev(b, NB, p, Jcr);
    CHECK_TRUE("centroid_jacfwd returns centroid", c1.x == c0.x && c1.y == c0.y);
    CHECK_TRUE("centroid_jacrev returns centroid", c2.x == c0.x && c2.y == c0.y);
    centroid_flat(NULL, zc, yc);
    fd_jacobian(centroid_flat, NC, 2, zc, Jcfd);
    CHECK_VEC_CLOSE("jacfwd(centroid) vs central differences", Jcf, Jcfd, 2 * NC, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(yc, 2)));
    CHECK_VEC_CLOSE("jacrev(centroid) = jacfwd(centroid)", Jcr, Jcf, 2 * NC, 1e-12, 1e-13 * oracle_norm_inf(Jcf, 2 * NC));
    return oracle_result();
}
