// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* realc/nbody_shootout: The Great Computer Language Shootout n-body (contributed by Christoph
** Bauer): advance, energy, offset_momentum copied as written (struct planet arrays reached
** through `struct planet * b = &(bodies[i])`, in-out updates of both bodies of a pair).
** Requests as an orbit-sensitivity user writes them: grad(energy) wrt the bodies (mass included),
** vjp(advance) chained backwards over a trajectory by the caller, jvp(advance), jacfwd of
** offset_momentum, hvp of the energy, vmap of the energy over systems. Oracle: central differences (h = 1e-6 relative, rtol 1e-6, floor 1e-8*|f|). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ccad_oracle.h"

#define pi 3.141592653589793
#define solar_mass (4 * pi * pi)
#define days_per_year 365.24

struct planet {
  double x, y, z;
  double vx, vy, vz;
  double mass;
};

void advance(int nbodies, struct planet * bodies, double dt)
{
  int i, j;

  for (i = 0; i < nbodies; i++) {
    struct planet * b = &(bodies[i]);
    for (j = i + 1; j < nbodies; j++) {
      struct planet * b2 = &(bodies[j]);
      double dx = b->x - b2->x;
      double dy = b->y - b2->y;
      double dz = b->z - b2->z;
      double distance = sqrt(dx * dx + dy * dy + dz * dz);
      double mag = dt / (distance * distance * distance);
      b->vx -= dx * b2->mass * mag;
      b->vy -= dy * b2->mass * mag;
      b->vz -= dz * b2->mass * mag;
      b2->vx += dx * b->mass * mag;
      b2->vy += dy * b->mass * mag;
      b2->vz += dz * b->mass * mag;
    }
  }

  for (i = 0; i < nbodies; i++) {
    struct planet * b = &(bodies[i]);
    b->x += dt * b->vx;
    b->y += dt * b->vy;
    b->z += dt * b->vz;
  }
}

double energy(int nbodies, struct planet * bodies)
{
  double e;
  int i, j;

  e = 0.0;
  for (i = 0; i < nbodies; i++) {
    struct planet * b = &(bodies[i]);
    e += 0.5 * b->mass * (b->vx * b->vx + b->vy * b->vy + b->vz * b->vz);
    for (j = i + 1; j < nbodies; j++) {
      struct planet * b2 = &(bodies[j]);
      double dx = b->x - b2->x;
      double dy = b->y - b2->y;
      double dz = b->z - b2->z;
      double distance = sqrt(dx * dx + dy * dy + dz * dz);
      e -= (b->mass * b2->mass) / distance;
    }
  }
  return e;
}

void offset_momentum(int nbodies, struct planet * bodies)
{
  double px = 0.0, py = 0.0, pz = 0.0;
  int i;
  for (i = 0; i < nbodies; i++) {
    px -= bodies[i].vx * bodies[i].mass;
    py -= bodies[i].vy * bodies[i].mass;
    pz -= bodies[i].vz * bodies[i].mass;
  }
  bodies[0].vx = - px / solar_mass;
  bodies[0].vy = - py / solar_mass;
  bodies[0].vz = - pz / solar_mass;
}

#pragma ad grad(energy) wrt(bodies[nbodies])
#pragma ad vjp(advance) wrt(bodies[nbodies], dt) out(bodies[nbodies])
#pragma ad jvp(advance) wrt(bodies[nbodies], dt) out(bodies[nbodies])
#pragma ad hvp(energy) wrt(bodies[nbodies])
#pragma ad vmap(energy) batch(bodies[nbodies])
#pragma ad jacfwd(offset_momentum) wrt(bodies[nbodies]) out(bodies[nbodies])

#include "nbody_shootout.ad.h"

#define NB 5
#define NSTEP 20
static struct planet init[NB] = {
  {0, 0, 0, 0, 0, 0, solar_mass},
  {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
   1.66007664274403694e-03 * days_per_year, 7.69901118419740425e-03 * days_per_year,
   -6.90460016972063023e-05 * days_per_year, 9.54791938424326609e-04 * solar_mass},
  {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
   -2.76742510726862411e-03 * days_per_year, 4.99852801234917238e-03 * days_per_year,
   2.30417297573763929e-05 * days_per_year, 2.85885980666130812e-04 * solar_mass},
  {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
   2.96460137564761618e-03 * days_per_year, 2.37847173959480950e-03 * days_per_year,
   -2.96589568540237556e-05 * days_per_year, 4.36624404335156298e-05 * solar_mass},
  {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
   2.68067772490389322e-03 * days_per_year, 1.62824170038242295e-03 * days_per_year,
   -9.51592254519715870e-05 * days_per_year, 5.15138902046611451e-05 * solar_mass}};

static double *fld(struct planet *p, int k) { double *f[7] = {&p->x, &p->y, &p->z, &p->vx, &p->vy, &p->vz, &p->mass}; return f[k]; }
/* energy after NSTEP steps of size dt */
static double run(const struct planet *b0, double dt)
{
  struct planet b[NB]; memcpy(b, b0, sizeof b);
  for (int s = 0; s < NSTEP; s++) advance(NB, b, dt);
  return energy(NB, b);
}
int main(void)
{
  struct planet b[NB], bb[NB];
  memcpy(b, init, sizeof b);
  offset_momentum(NB, b);
  double dt = 0.01;
  /* grad of energy */
  double e = energy_grad(NB, b, bb);
  CHECK_CLOSE("energy primal", e, energy(NB, b), 0, 0);
  for (int i = 0; i < NB; i++) for (int k = 0; k < 7; k++) {
    struct planet p[NB], m[NB]; memcpy(p, b, sizeof p); memcpy(m, b, sizeof m);
    double h = 1e-6 * fmax(1.0, fabs(*fld(&b[i], k)));
    *fld(&p[i], k) += h; *fld(&m[i], k) -= h;
    CHECK_CLOSE("grad energy", *fld(&bb[i], k), (energy(NB, p) - energy(NB, m)) / (2 * h), 1e-6, 1e-8 * fabs(e));
  }
  /* sensitivity of the energy after NSTEP steps: forward sweep storing states, then vjp backwards */
  struct planet traj[NSTEP + 1][NB];
  memcpy(traj[0], b, sizeof b);
  for (int s = 0; s < NSTEP; s++) { memcpy(traj[s + 1], traj[s], sizeof b); advance(NB, traj[s + 1], dt); }
  struct planet adj[NB];
  double eT = energy_grad(NB, traj[NSTEP], adj);
  CHECK_CLOSE("eT", eT, run(b, dt), 0, 0);
  double dt_bar = 0;
  for (int s = NSTEP - 1; s >= 0; s--) {
    struct planet st[NB]; memcpy(st, traj[s], sizeof st);
    advance_vjp(NB, st, adj, dt, &dt_bar);
    CHECK_TRUE("vjp primal", memcmp(st, traj[s + 1], sizeof st) == 0);
  }
  for (int i = 0; i < NB; i++) for (int k = 0; k < 7; k++) {
    struct planet p[NB], m[NB]; memcpy(p, b, sizeof p); memcpy(m, b, sizeof m);
    double h = 1e-6 * fmax(1.0, fabs(*fld(&b[i], k)));
    *fld(&p[i], k) += h; *fld(&m[i], k) -= h;
    CHECK_CLOSE("dE_T/db0", *fld(&adj[i], k), (run(p, dt) - run(m, dt)) / (2 * h), 1e-5, 1e-8 * fabs(eT));
  }
  { double h = 1e-7; CHECK_CLOSE("dE_T/ddt", dt_bar, (run(b, dt + h) - run(b, dt - h)) / (2 * h), 1e-5, 1e-8 * fabs(eT)); }
  /* jvp of one step against the vjp by the dot product */
  {
    OracleRng r = oracle_rng(7);
    struct planet v[NB], w[NB], y[NB], yd[NB], wb[NB], st[NB];
    double dtd = 0.3, dtb = 0;
    oracle_fill_normal(&r, (double *)v, NB * 7);
    oracle_fill_normal(&r, (double *)w, NB * 7);
    memcpy(y, b, sizeof y); memcpy(yd, v, sizeof yd);
    advance_jvp(NB, y, yd, dt, dtd);
    memcpy(st, b, sizeof st); memcpy(wb, w, sizeof wb);
    advance_vjp(NB, st, wb, dt, &dtb);
    double lhs = oracle_dot((double *)yd, (double *)w, NB * 7);
    double rhs = oracle_dot((double *)v, (double *)wb, NB * 7) + dtd * dtb;
    CHECK_CLOSE("dot jvp/vjp", lhs, rhs, 1e-10, 1e-12);
  }
  /* jacfwd of offset_momentum: rows vx,vy,vz of body 0 against differences */
  {
    static double J[NB * 7 * NB * 7];
    struct planet q[NB]; memcpy(q, init, sizeof q);
    offset_momentum_jacfwd(NB, q, J);
    for (int col = 0; col < NB * 7; col++) {
      struct planet p[NB], m[NB]; memcpy(p, init, sizeof p); memcpy(m, init, sizeof m);
      double h = 1e-6 * fmax(1.0, fabs(((double *)init)[col]));
      ((double *)p)[col] += h; ((double *)m)[col] -= h;
      offset_momentum(NB, p); offset_momentum(NB, m);
      for (int row = 0; row < NB * 7; row++)
        CHECK_CLOSE("jac offset", J[row * NB * 7 + col], (((double *)p)[row] - ((double *)m)[row]) / (2 * h), 1e-6, 1e-9);
    }
  }
  /* hvp of the energy against differences of the generated gradient */
  {
    struct planet v[NB], hv[NB], ba[NB], bm[NB], ga[NB], gm[NB];
    OracleRng r = oracle_rng(5);
    oracle_fill_normal(&r, (double *)v, NB * 7);
    double eh = energy_hvp(NB, b, v, hv);
    CHECK_CLOSE("hvp primal", eh, energy(NB, b), 0, 0);
    double h = 1e-6;
    for (int k = 0; k < NB * 7; k++) { ((double *)ba)[k] = ((double *)b)[k] + h * ((double *)v)[k]; ((double *)bm)[k] = ((double *)b)[k] - h * ((double *)v)[k]; }
    energy_grad(NB, ba, ga); energy_grad(NB, bm, gm);
    for (int k = 0; k < NB * 7; k++)
      CHECK_CLOSE("hvp", ((double *)hv)[k], (((double *)ga)[k] - ((double *)gm)[k]) / (2 * h), 1e-5, 1e-7 * fabs(e));
    /* vmap of energy over 3 perturbed systems */
    struct planet batch[3 * NB]; double eb[3];
    for (int q = 0; q < 3; q++) { memcpy(&batch[q * NB], b, sizeof b); batch[q * NB + 1].x += 0.1 * q; }
    energy_vmap(3, NB, batch, eb);
    for (int q = 0; q < 3; q++) CHECK_CLOSE("vmap energy", eb[q], energy(NB, &batch[q * NB]), 0, 0);
  }
  return oracle_result();
}
