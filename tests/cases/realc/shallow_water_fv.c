// EXPECT-WARNING: 'grad' zeroes the floating fields of '*s_bar' but not the memory its pointers lead to
// CFLAGS: -D_DEFAULT_SOURCE
/* realc/shallow_water_fv: a 2-D finite-volume shallow-water solver written the way course
** and research codes write one (LeVeque's FVM book, the "swe2d" teaching codes): a state
** struct holding the grid sizes and the malloc'd conserved fields h, hu, hv and the face flux
** arrays (two ghost layers, an IDX macro over a row stride), MUSCL reconstruction with a
** slope limiter chosen at set-up through a function pointer in the struct (minmod or
** superbee: fabs, fmin/fmax, sign tests, ?:), a Rusanov (local Lax-Friedrichs) flux written
** into a 3-vector by a helper, reflective ghost cells, a CFL time step from the largest wave
** speed (a data-dependent max: the derivative flows through dt), SSP-RK2 (Heun) in time with
** memcpy'd copies of the state. The user's code: a data-assimilation misfit, the squared
** difference between the water height after nsteps and an observation, differentiated w.r.t.
** the initial height. Two edits a user has to make: minmod and superbee are not static
** (main takes their address for the struct's limiter pointer, and FILE.ad.c's dispatch
** compares with its own copies: diag fnptr_static_target says so), and the state struct,
** whose arrays carry derivatives, is in wrt(s[1]) with a second SWState as its derivative
** storage, zeroed by the caller (scratch(s) cannot allocate what a struct's pointers lead to;
** cc-ad warns that grad zeroes only its floating fields).
** Requests: grad and jvp of the misfit. Oracles: jvp against central differences in smooth
** random directions with step 1e-7 (rtol 1e-5; see the comment there: the limiters and the
** max are piecewise smooth), the dot-product test <grad, v> = jvp(v) (1e-10). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ccad_oracle.h"

#define NG 2             /* ghost layers */
#define GRAV 9.81
#define CFL 0.4

typedef double (*limiter_fn)(double, double);

typedef struct SWState {
    int nx, ny;          /* interior cells */
    int sx;              /* row stride: nx + 2*NG */
    double dx, dy;
    limiter_fn limiter;
    double *h, *hu, *hv;          /* conserved variables, (nx+2NG)*(ny+2NG) */
    double *h0, *hu0, *hv0;       /* RK stage copy */
    double *rh, *rhu, *rhv;       /* residual dq/dt */
} SWState;

#define IDX(s, i, j) ((j) * (s)->sx + (i))

double minmod(double a, double b)
{
    if (a * b <= 0.0)
        return 0.0;
    return fabs(a) < fabs(b) ? a : b;
}

double superbee(double a, double b)
{
    if (a * b <= 0.0)
        return 0.0;
    double s = a > 0 ? 1.0 : -1.0;
    a = fabs(a);
    b = fabs(b);
    return s * fmax(fmin(2.0 * a, b), fmin(a, 2.0 * b));
}

/* physical flux in the normal direction: (hn, hn*un + g h^2/2, ht*un) */
static void phys_flux(const double *q, double *F)
{
    double un = q[1] / q[0];
    F[0] = q[1];
    F[1] = q[1] * un + 0.5 * GRAV * q[0] * q[0];
    F[2] = q[2] * un;
}

/* Rusanov flux between states qL, qR (h, normal momentum, tangential momentum) */
static double rusanov(const double *qL, const double *qR, double *F)
{
    double FL[3], FR[3];
    int k;
    phys_flux(qL, FL);
    phys_flux(qR, FR);
    double cL = fabs(qL[1] / qL[0]) + sqrt(GRAV * qL[0]);
    double cR = fabs(qR[1] / qR[0]) + sqrt(GRAV * qR[0]);
    double a = cL > cR ? cL : cR;
    for (k = 0; k < 3; k++)
        F[k] = 0.5 * (FL[k] + FR[k]) - 0.5 * a * (qR[k] - qL[k]);
    return a;
}

/* reflective walls: mirror h and the tangential momentum, negate the normal one */
static void apply_bc(SWState *s)
{
    int i, j, g;
    for (j = NG; j < s->ny + NG; j++)
        for (g = 0; g < NG; g++) {
            int il = NG - 1 - g, ir = s->nx + NG + g;
            int ml = NG + g, mr = s->nx + NG - 1 - g;
            s->h[IDX(s, il, j)] = s->h[IDX(s, ml, j)];
            s->hu[IDX(s, il, j)] = -s->hu[IDX(s, ml, j)];
            s->hv[IDX(s, il, j)] = s->hv[IDX(s, ml, j)];
            s->h[IDX(s, ir, j)] = s->h[IDX(s, mr, j)];
            s->hu[IDX(s, ir, j)] = -s->hu[IDX(s, mr, j)];
            s->hv[IDX(s, ir, j)] = s->hv[IDX(s, mr, j)];
        }
    for (i = 0; i < s->nx + 2 * NG; i++)
        for (g = 0; g < NG; g++) {
            int jb = NG - 1 - g, jt = s->ny + NG + g;
            int mb = NG + g, mt = s->ny + NG - 1 - g;
            s->h[IDX(s, i, jb)] = s->h[IDX(s, i, mb)];
            s->hu[IDX(s, i, jb)] = s->hu[IDX(s, i, mb)];
            s->hv[IDX(s, i, jb)] = -s->hv[IDX(s, i, mb)];
            s->h[IDX(s, i, jt)] = s->h[IDX(s, i, mt)];
            s->hu[IDX(s, i, jt)] = s->hu[IDX(s, i, mt)];
            s->hv[IDX(s, i, jt)] = -s->hv[IDX(s, i, mt)];
        }
}

/* limited left/right states at the face between cells c (offset -d) and c+d... along a
** line with stride d: qL from cell m = c - d, qR from cell c */
static void reconstruct(const SWState *s, const double *f, int c, int d, double *L, double *R)
{
    double sm = s->limiter(f[c - d] - f[c - 2 * d], f[c] - f[c - d]);
    double sp = s->limiter(f[c] - f[c - d], f[c + d] - f[c]);
    *L = f[c - d] + 0.5 * sm;
    *R = f[c] - 0.5 * sp;
}

/* residual r = -div F; returns the largest wave speed */
static double residual(SWState *s)
{
    int i, j, k;
    double smax = 0.0;
    size_t n = (size_t)s->sx * (s->ny + 2 * NG);
    memset(s->rh, 0, n * sizeof(double));
    memset(s->rhu, 0, n * sizeof(double));
    memset(s->rhv, 0, n * sizeof(double));
    apply_bc(s);
    /* x faces: face (i - 1/2, j) for i = NG .. nx+NG */
    for (j = NG; j < s->ny + NG; j++)
        for (i = NG; i <= s->nx + NG; i++) {
            int c = IDX(s, i, j);
            double qL[3], qR[3], F[3];
            reconstruct(s, s->h, c, 1, &qL[0], &qR[0]);
            reconstruct(s, s->hu, c, 1, &qL[1], &qR[1]);
            reconstruct(s, s->hv, c, 1, &qL[2], &qR[2]);
            double a = rusanov(qL, qR, F);
            if (a > smax)
                smax = a;
            double *r[3] = {s->rh, s->rhu, s->rhv};
            for (k = 0; k < 3; k++) {
                if (i > NG)
                    r[k][c - 1] -= F[k] / s->dx;
                if (i < s->nx + NG)
                    r[k][c] += F[k] / s->dx;
            }
        }
    /* y faces: the normal momentum is hv */
    for (j = NG; j <= s->ny + NG; j++)
        for (i = NG; i < s->nx + NG; i++) {
            int c = IDX(s, i, j), d = s->sx;
            double qL[3], qR[3], F[3];
            reconstruct(s, s->h, c, d, &qL[0], &qR[0]);
            reconstruct(s, s->hv, c, d, &qL[1], &qR[1]);
            reconstruct(s, s->hu, c, d, &qL[2], &qR[2]);
            double a = rusanov(qL, qR, F);
            if (a > smax)
                smax = a;
            if (j > NG) {
                s->rh[c - d] -= F[0] / s->dy;
                s->rhv[c - d] -= F[1] / s->dy;
                s->rhu[c - d] -= F[2] / s->dy;
            }
            if (j < s->ny + NG) {
                s->rh[c] += F[0] / s->dy;
                s->rhv[c] += F[1] / s->dy;
                s->rhu[c] += F[2] / s->dy;
            }
        }
    return smax;
}

static void axpy_field(int n, double a, const double *x, double *y)
{
    int i;
    for (i = 0; i < n; i++)
        y[i] += a * x[i];
}

/* one SSP-RK2 step; returns dt */
static double sw_step(SWState *s)
{
    int n = s->sx * (s->ny + 2 * NG), i;
    memcpy(s->h0, s->h, n * sizeof(double));
    memcpy(s->hu0, s->hu, n * sizeof(double));
    memcpy(s->hv0, s->hv, n * sizeof(double));
    double smax = residual(s);
    double dt = CFL * fmin(s->dx, s->dy) / smax;
    axpy_field(n, dt, s->rh, s->h);
    axpy_field(n, dt, s->rhu, s->hu);
    axpy_field(n, dt, s->rhv, s->hv);
    residual(s);
    for (i = 0; i < n; i++) {
        s->h[i] = 0.5 * (s->h0[i] + s->h[i] + dt * s->rh[i]);
        s->hu[i] = 0.5 * (s->hu0[i] + s->hu[i] + dt * s->rhu[i]);
        s->hv[i] = 0.5 * (s->hv0[i] + s->hv[i] + dt * s->rhv[i]);
    }
    return dt;
}

SWState *sw_create(int nx, int ny, double L, limiter_fn lim)
{
    SWState *s = calloc(1, sizeof *s);
    size_t n = (size_t)(nx + 2 * NG) * (ny + 2 * NG);
    s->nx = nx;
    s->ny = ny;
    s->sx = nx + 2 * NG;
    s->dx = L / nx;
    s->dy = L / ny;
    s->limiter = lim;
    double **f[9] = {&s->h, &s->hu, &s->hv, &s->h0, &s->hu0, &s->hv0, &s->rh, &s->rhu, &s->rhv};
    for (int k = 0; k < 9; k++)
        *f[k] = calloc(n, sizeof(double));
    return s;
}

void sw_destroy(SWState *s)
{
    free(s->h); free(s->hu); free(s->hv);
    free(s->h0); free(s->hu0); free(s->hv0);
    free(s->rh); free(s->rhu); free(s->rhv);
    free(s);
}

/* the user's misfit: start at rest from height eta0 (nx*ny, row-major), run nsteps, compare */
double sw_misfit(SWState *s, const double *eta0, const double *hobs, int nsteps)
{
    int i, j, t;
    size_t n = (size_t)s->sx * (s->ny + 2 * NG);
    memset(s->h, 0, n * sizeof(double));
    memset(s->hu, 0, n * sizeof(double));
    memset(s->hv, 0, n * sizeof(double));
    for (j = 0; j < s->ny; j++)
        for (i = 0; i < s->nx; i++)
            s->h[IDX(s, i + NG, j + NG)] = eta0[j * s->nx + i];
    double T = 0;
    for (t = 0; t < nsteps; t++)
        T += sw_step(s);
    double J = 0;
    for (j = 0; j < s->ny; j++)
        for (i = 0; i < s->nx; i++) {
            double e = s->h[IDX(s, i + NG, j + NG)] - hobs[j * s->nx + i];
            J += 0.5 * e * e;
        }
    return J + 0.0 * T;
}

#pragma ad grad(sw_misfit) wrt(eta0[s->nx * s->ny], s[1])
#pragma ad jvp(sw_misfit) wrt(eta0[s->nx * s->ny], s[1])

#include "shallow_water_fv.ad.h"

#define NX 20
#define NY 16
#define NSTEPS 12

static SWState *g_s, *g_sd;   /* the state and its shadow (derivative storage) */
static double g_obs[NX * NY];

static void misfit_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = sw_misfit(g_s, x, g_obs, NSTEPS);
}

/* zero the shadow's fields (grad adds into them; the warning says so) */
static void sw_zero(SWState *d)
{
    size_t n = (size_t)d->sx * (d->ny + 2 * NG);
    double *f[9] = {d->h, d->hu, d->hv, d->h0, d->hu0, d->hv0, d->rh, d->rhu, d->rhv};
    for (int k = 0; k < 9; k++)
        memset(f[k], 0, n * sizeof(double));
    d->dx = d->dy = 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static void run(limiter_fn lim, const char *name, OracleRng *rng)
{
    static double eta[NX * NY], g[NX * NY], v[NX * NY];
    g_s = sw_create(NX, NY, 10.0, lim);
    g_sd = sw_create(NX, NY, 10.0, lim);
    /* a smooth hump on a smooth wave: slopes of size 0.01 everywhere and few extrema, where the
    ** limiters have their kinks */
    for (int j = 0; j < NY; j++)
        for (int i = 0; i < NX; i++) {
            double x = (i + 0.5) / NX - 0.35, y = (j + 0.5) / NY - 0.6;
            eta[j * NX + i] = 1.0 + 0.4 * exp(-30 * (x * x + y * y)) + 0.1 * sin(2.3 * x + 0.4) * cos(1.7 * y);
            g_obs[j * NX + i] = 1.0 + 0.05 * cos(0.7 * i - 0.4 * j);
        }
    double f0 = sw_misfit(g_s, eta, g_obs, NSTEPS);
    sw_zero(g_sd);
    double fg = sw_misfit_grad(g_s, g_sd, eta, g, g_obs, NSTEPS);
    char lab[96];
    snprintf(lab, sizeof lab, "%s: grad primal", name);
    CHECK_CLOSE(lab, fg, f0, 1e-13, 0);
    for (int r = 0; r < 3; r++) {
        double fdot = 0, fd;
        /* a smooth direction (a random mix of low modes): a rough one would make slopes of
        ** the size of the step in every cell, the limiters' kinks */
        double c[4];
        oracle_fill_normal(rng, c, 4);
        for (int j = 0; j < NY; j++)
            for (int i = 0; i < NX; i++)
                v[j * NX + i] = c[0] * sin(0.3 * i + c[1]) * cos(0.2 * j + c[2]) + 0.3 * c[3] * cos(0.5 * i - 0.3 * j);
        sw_zero(g_sd);
        double fj = sw_misfit_jvp(g_s, g_sd, eta, v, g_obs, NSTEPS, &fdot);
        {
            /* step 1e-7 rather than cbrt(eps): the misfit is piecewise smooth, with ~1e5
            ** limiter and max evaluations whose kinks a step of 1e-5 crosses now and then
            ** (differences then stray by 1e-4); at 1e-7 they agree with the limit to 1e-8,
            ** the rounding being eps |f| / h ~ 1e-7 |f| */
            static double xp[NX * NY];
            double hs = 1e-7, fp, fm;
            for (int k = 0; k < NX * NY; k++)
                xp[k] = eta[k] + hs * v[k];
            misfit_flat(NULL, xp, &fp);
            for (int k = 0; k < NX * NY; k++)
                xp[k] = eta[k] - hs * v[k];
            misfit_flat(NULL, xp, &fm);
            fd = (fp - fm) / (2 * hs);
        }
        snprintf(lab, sizeof lab, "%s: jvp primal", name);
        CHECK_CLOSE(lab, fj, f0, 1e-13, 0);
        snprintf(lab, sizeof lab, "%s: jvp vs FD dir %d", name, r);
        CHECK_CLOSE(lab, fdot, fd, 1e-5, 1e-6 * fabs(f0));
        snprintf(lab, sizeof lab, "%s: <grad, v> = jvp dir %d", name, r);
        CHECK_CLOSE(lab, oracle_dot(g, v, NX * NY), fdot, 1e-10, 1e-12 * fabs(f0));
    }
    int reps = 20;
    double t0 = now(), s = 0;
    for (int r = 0; r < reps; r++)
        s += sw_misfit(g_s, eta, g_obs, NSTEPS);
    double tf = (now() - t0) / reps;
    t0 = now();
    for (int r = 0; r < reps; r++)
        s += sw_misfit_grad(g_s, g_sd, eta, g, g_obs, NSTEPS);
    double tg = (now() - t0) / reps;
    printf("timing %s: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", name, tf, tg, tg / tf, s);
    sw_destroy(g_s);
    sw_destroy(g_sd);
}

int main(void)
{
    OracleRng rng = oracle_rng(2024);
    run(minmod, "minmod", &rng);
    run(superbee, "superbee", &rng);
    return oracle_result();
}
