/*
** realc/md_dihedral: bonded energy terms of a molecular-mechanics force
** field as MD codes write them in C: a 3-vector struct passed and returned
** by value (vsub, vcross, vdot, vscale), harmonic bonds, angles through
** acos of a clamped cosine (fmin/fmax), and proper dihedrals through
** atan2(|b2| b1 . (b2 x b3), (b1 x b2) . (b2 x b3)) with a cosine series,
** the atoms as an array of structs (double pos[3] inside), topology in int
** tables.
** Requests: grad, vjp, jvp, hessian wrt the flat coordinates, and grad
** wrt the array of Atom structs (shadow: Atom *atoms_bar).
** Oracles: oracle_check_* (central differences, dot-product test with jvp);
** hessian against central differences of grad (rtol 1e-6); hessian
** symmetric (1e-10); the struct-array gradient equals the flat one.
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct Vec3 { double x, y, z; } Vec3;
typedef struct Atom { double pos[3]; int type; } Atom;

static Vec3 vload(const Atom *a) { Vec3 v = {a->pos[0], a->pos[1], a->pos[2]}; return v; }
static Vec3 vsub(Vec3 a, Vec3 b) { Vec3 r = {a.x - b.x, a.y - b.y, a.z - b.z}; return r; }
static Vec3 vscale(Vec3 a, double s) { return (Vec3){a.x * s, a.y * s, a.z * s}; }
static double vdot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static Vec3 vcross(Vec3 a, Vec3 b)
{
    Vec3 r;
    r.x = a.y * b.z - a.z * b.y;
    r.y = a.z * b.x - a.x * b.z;
    r.z = a.x * b.y - a.y * b.x;
    return r;
}
static double vnorm(Vec3 a) { return sqrt(vdot(a, a)); }

static const int bonds[][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}};
static const int angles[][3] = {{0, 1, 2}, {1, 2, 3}, {2, 3, 4}};
static const int dihedrals[][4] = {{0, 1, 2, 3}, {1, 2, 3, 4}};
static const double kb = 300.0, r0 = 1.53, ka = 60.0, th0 = 1.91;
static const double vn[3] = {1.4, -0.3, 0.6};

static double dihedral(Vec3 p0, Vec3 p1, Vec3 p2, Vec3 p3)
{
    Vec3 b1 = vsub(p1, p0), b2 = vsub(p2, p1), b3 = vsub(p3, p2);
    Vec3 n1 = vcross(b1, b2), n2 = vcross(b2, b3);
    double y = vnorm(b2) * vdot(b1, n2);
    double x = vdot(n1, n2);
    return atan2(y, x);
}

double energy(const Atom *atoms, int natoms)
{
    double e = 0.0;
    (void)natoms;
    for (int b = 0; b < 4; b++) {
        double r = vnorm(vsub(vload(&atoms[bonds[b][0]]), vload(&atoms[bonds[b][1]])));
        e += 0.5 * kb * (r - r0) * (r - r0);
    }
    for (int a = 0; a < 3; a++) {
        Vec3 u = vsub(vload(&atoms[angles[a][0]]), vload(&atoms[angles[a][1]]));
        Vec3 w = vsub(vload(&atoms[angles[a][2]]), vload(&atoms[angles[a][1]]));
        double c = vdot(u, w) / (vnorm(u) * vnorm(w));
        double th = acos(fmax(-1.0, fmin(1.0, c)));
        e += 0.5 * ka * (th - th0) * (th - th0);
    }
    for (int d = 0; d < 2; d++) {
        double phi = dihedral(vload(&atoms[dihedrals[d][0]]), vload(&atoms[dihedrals[d][1]]),
                              vload(&atoms[dihedrals[d][2]]), vload(&atoms[dihedrals[d][3]]));
        for (int k = 0; k < 3; k++)
            e += 0.5 * vn[k] * (1.0 + cos((k + 1) * phi - (k == 1 ? 1.57079632679489661923 : 0.0)));
    }
    {   /* a center-of-mass restraint through a scaled vector */
        Vec3 com = {0, 0, 0};
        for (int i = 0; i < 5; i++) {
            Vec3 p = vload(&atoms[i]);
            com.x += p.x; com.y += p.y; com.z += p.z;
        }
        com = vscale(com, 0.2);
        e += 0.1 * vdot(com, com);
    }
    return e;
}

/* flat wrapper: 5 atoms, coordinates in x[15] */
double energy_flat(const double *x, int n)
{
    Atom atoms[5];
    for (int i = 0; i < 5; i++) {
        for (int k = 0; k < 3; k++)
            atoms[i].pos[k] = i * 3 + k < n ? x[i * 3 + k] : 0.0;
        atoms[i].type = i % 2;
    }
    return energy(atoms, 5);
}

#pragma ad grad(energy_flat) wrt(x[n])
#pragma ad vjp(energy_flat) wrt(x[n])
#pragma ad jvp(energy_flat) wrt(x[n])
#pragma ad hessian(energy_flat) wrt(x[n])
#pragma ad grad(energy) wrt(atoms[natoms])

#include "md_dihedral.ad.h"

ORACLE_XN_WRAPPERS(energy_flat, 15)

int main(void)
{
    /* a zig-zag chain near equilibrium, perturbed */
    double x0[15] = {0.0, 0.0, 0.0,  1.25, 0.88, 0.0,  2.5, 0.0, 0.1,
                     3.75, 0.88, 0.35,  5.0, 0.1, 0.8};
    OracleRng rng = oracle_rng(1932);
    double x[15], H[225], gp[15], gm[15];
    char label[64];

    /* the generic checks perturb around random points: use the chain plus noise */
    ORACLE_XN_CHECKS(energy_flat, 15, rng);
    for (int i = 0; i < 15; i++) x[i] = x0[i] + oracle_uniform(&rng, -0.1, 0.1);
    energy_flat_hessian(x, 15, H);
    for (int j = 0; j < 15; j++) {
        double s = x[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        x[j] = s + h; energy_flat_grad(x, gp, 15);
        x[j] = s - h; energy_flat_grad(x, gm, 15);
        x[j] = s;
        for (int i = 0; i < 15; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 15 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-5);
            snprintf(label, sizeof label, "hessian sym[%d,%d]", i, j);
            oracle_check_close(label, H[i * 15 + j], H[j * 15 + i], 1e-10, 1e-10);
        }
    }
    /* the struct-array request agrees with the flat one */
    Atom atoms[5], abar[5];
    double g[15];
    for (int i = 0; i < 5; i++) {
        for (int k = 0; k < 3; k++) atoms[i].pos[k] = x[i * 3 + k];
        atoms[i].type = i % 2;
    }
    double e1 = energy_grad(atoms, abar, 5), e2 = energy_flat_grad(x, g, 15);
    oracle_check_close("energy struct vs flat", e1, e2, 1e-14, 0);
    for (int i = 0; i < 5; i++)
        for (int k = 0; k < 3; k++) {
            snprintf(label, sizeof label, "grad atoms[%d].pos[%d]", i, k);
            oracle_check_close(label, abar[i].pos[k], g[i * 3 + k], 1e-13, 1e-13);
        }
    return oracle_result();
}
